"""Complex numbers under autograd's and JAX's convention (see ``wengert.ops.complexnum``).

A cotangent ``c`` of a complex value ``z`` stands for ``dz -> Re(c * dz)``: holomorphic
rules pull back ``g * f'(z)``; ``abs``, ``real``, ``imag``, ``conj``, ``angle`` conjugate
as autograd does; a real value's gradient is real. The checker treats a complex leaf as
two real directions and a complex output as two real outputs.
"""
import warnings

import numpy as np
import pytest

import wengert as wg
import wengert.numpy as wnp
from opcheck import SHAPES, case, crand, gradient_test, rand
from opcheck import lazy_mp as mp
from wengert.testing import check_grads

_SHAPES = tuple(SHAPES.values())


def _complex_unary(fn, **kwargs):
    return [case(fn, lambda z, _k=kwargs: fn(z, **_k), crand(s, seed=i),
                 id=f"{fn.__name__}-complex-{i}") for i, s in enumerate(_SHAPES)]


def _real_unary(fn, **kwargs):
    return [case(fn, lambda x, _k=kwargs: fn(x, **_k), rand(s, seed=i), id=f"{fn.__name__}-real-{i}")
            for i, s in enumerate(_SHAPES)]


CASES = [
    *_complex_unary(np.real), *_real_unary(np.real),
    *_complex_unary(np.imag), *_real_unary(np.imag),
    *_complex_unary(np.conjugate), *_real_unary(np.conjugate),
    *_complex_unary(np.angle), *_complex_unary(np.angle, deg=True), *_real_unary(np.angle),
    case(np.angle, np.angle, np.array([0.5, 0.3, 2.0 + 0j]), id="angle-on-the-positive-real-axis"),
    *_complex_unary(np.real_if_close), *_real_unary(np.real_if_close),
    case(np.real_if_close, lambda x: np.real_if_close(x * (1 + 1e-20j)), rand((3,)), id="real_if_close-drops"),
    case(np.absolute, np.absolute, crand((2, 3)), id="absolute-complex"),
    case(np.absolute, lambda z: np.absolute(z) ** 2, crand(None), id="absolute-squared-complex"),
    case((np.real, np.imag, np.conjugate), lambda z: z.real * z.imag + z.conj() * z.conjugate(),
         crand((3,)), id="var-attributes"),
    case((np.real, np.imag), lambda z: z.real + 2.0 * z.imag, crand(None), id="var-attributes-python-complex"),
    # rules that are not holomorphic elsewhere: each conjugates where the convention needs it
    case(np.vdot, np.vdot, crand((3,), seed=1), crand((3,), seed=2), id="vdot-complex"),
    case(np.vdot, np.vdot, crand((2, 2), seed=3), rand((4,), seed=4), id="vdot-complex-real"),
    case(np.vdot, np.vdot, rand((3,), seed=5), crand((3,), seed=6), id="vdot-real-complex"),
    case(np.var, lambda z: np.var(z, axis=0, ddof=1), crand((3, 2), seed=7), id="var-complex"),
    case(np.std, np.std, crand((4,), seed=8), id="std-complex"),
    case(np.linalg.slogdet, np.linalg.slogdet, crand((2, 3, 3), seed=9), id="slogdet-complex-sign-and-log"),
    case(np.linalg.det, np.linalg.det, np.outer(crand((3,), seed=10), crand((3,), seed=11)),
         id="det-complex-singular"),
    case(np.linalg.norm, lambda z: np.linalg.norm(z, 3), crand((3,), seed=12), id="norm-complex-p"),
]


test_gradient = gradient_test(CASES)


# -- the convention ------------------------------------------------------------------------

def test_the_gradient_of_a_real_function_of_z_is_the_conjugate_of_the_ascent_direction():
    z = 1.5 - 0.5j
    assert wg.grad(lambda v: abs(v) ** 2)(z) == 2 * np.conj(z)
    assert wg.grad(lambda v: np.real(v))(z) == 1.0
    assert wg.grad(lambda v: np.imag(v))(z) == -1j


def test_holomorphic_rules_pull_back_the_derivative_without_conjugate():
    z = np.array([0.3 + 0.4j, -1.0 + 2.0j])
    _, pullback = wg.vjp(np.exp, z)
    np.testing.assert_allclose(pullback(np.ones(2, dtype=complex))[0], np.exp(z), rtol=1e-15)


def test_a_real_input_gets_a_real_gradient_of_its_dtype():
    for dtype in (np.float64, np.float32):
        x = np.array([0.3, -0.7], dtype=dtype)
        g = wg.grad(lambda v: np.sum(np.abs(v * (1 + 2j)) ** 2))(x)
        assert g.dtype == dtype
        np.testing.assert_allclose(g, 10.0 * x, rtol=1e-6)
    assert type(wg.grad(lambda v: np.abs(v * 1j))(2.0)) is float
    assert type(wg.grad(lambda v: np.abs(v * 1j))(np.float64(2.0))) is np.float64


# -- regression tests: silent wrong numbers of issue 11 -----------------------------------

def test_abs_of_an_imaginary_multiple():
    assert wg.grad(lambda x: np.abs(1j * x))(2.0) == 1.0


def test_abs_squared_of_a_complex_multiple_has_no_complex_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert wg.grad(lambda x: abs(x * (1 + 1j)) ** 2)(2.0) == pytest.approx(8.0, rel=1e-15, abs=0.0)


def test_abs_of_a_point_on_the_unit_circle_is_constant():
    assert wg.grad(lambda x: np.abs(np.exp(1j * x)))(0.3) == pytest.approx(0.0, abs=1e-15)


def test_norm_of_a_vector_with_an_imaginary_entry():
    g = wg.grad(lambda x: np.linalg.norm(wnp.array([x, 1j * x])))(1.0)
    assert g == pytest.approx(np.sqrt(2.0), rel=1e-15, abs=0.0)


def test_sum_abs_exp_at_a_complex_point_against_the_formula_and_differences():
    # |exp(z)| = exp(Re z): d/dx = e^x, d/dy = 0, so the gradient is e^x - 0j.
    z, h = 1 + 1j, 1e-6
    g = wg.grad(lambda v: np.sum(np.abs(np.exp(v))))(z)
    f = lambda v: np.abs(np.exp(v))  # noqa: E731
    d_re, d_im = (f(z + h) - f(z - h)) / (2 * h), (f(z + 1j * h) - f(z - 1j * h)) / (2 * h)
    assert g == pytest.approx(np.e, abs=1e-12)
    assert g == pytest.approx(d_re - 1j * d_im, abs=1e-8)


@pytest.mark.parametrize("kind", [complex, np.complex128])
def test_jvp_at_a_complex_scalar(kind):
    value, tangent = wg.jvp(lambda z: 2 * z, (kind(0.5 + 0.5j),), (kind(1 + 0j),))
    assert value == 1 + 1j and tangent == 2 + 0j
    assert type(tangent) is kind


def test_an_intermediate_real_value_meeting_a_complex_one():
    # sin(x) is a real node whose cotangent comes back complex from the product.
    x = np.array([0.3, -1.1])
    g = wg.grad(lambda v: np.sum(np.abs(np.sin(v) * (1 + 1j)) ** 2))(x)
    np.testing.assert_allclose(g, 4.0 * np.sin(x) * np.cos(x), rtol=1e-15)
    s = wg.grad(lambda v: np.abs((v * v) * 1j))(1.5)  # a scalar node of the C fast path
    assert s == pytest.approx(3.0, rel=1e-15, abs=0.0)


def test_real_and_complex_values_collected_into_one_array():
    # The collected list holds a real and a complex value: each gets a cotangent of its kind.
    z = np.array([0.3 + 0.2j, 1 - 1j])
    gx, gz = wg.grad(lambda x, w: np.sum(np.abs(np.concatenate([x, w])) ** 2), argnums=(0, 1))(
        np.array([0.5, 2.0]), z)
    np.testing.assert_array_equal(gx, [1.0, 4.0])
    np.testing.assert_allclose(gz, 2 * np.conj(z), rtol=1e-15)
    check_grads(lambda a, b: np.abs(np.stack([a, b * 1j]))[1] * np.abs(np.stack([a, b * 1j]))[0],
                1.5, 2.0, order=2, modes=("rev", "fwd"))
    check_grads(lambda d: np.sum(np.abs(wnp.array([[d["a"], d["z"]], [d["z"], 2.0]])) ** 2),
                {"a": 1.5, "z": 1j}, order=2, modes=("rev", "fwd"))


def test_real_and_complex_leaves_of_one_structure():
    def f(p):
        return np.abs(p["z"] * p["x"]) ** 2 + np.real(p["z"]) * p["y"][0]
    g = wg.grad(f)({"z": 1 + 2j, "x": 0.5, "y": [3.0]})
    assert type(g["x"]) is float and type(g["z"]) is complex and type(g["y"][0]) is float
    check_grads(f, {"z": 1 + 2j, "x": 0.5, "y": [3.0]}, order=2, modes=("rev", "fwd"))


def test_hvp_of_a_real_function_of_z():
    # f = |z|^2 = x^2 + y^2: the Hessian is 2 I, and H v in the convention is 2 conj(v).
    v = np.array([1.0 + 2.0j])
    np.testing.assert_allclose(wg.hvp(lambda z: np.sum(np.abs(z) ** 2), np.array([0.3 - 0.1j]), v),
                               2 * np.conj(v), rtol=1e-15)


# -- refusals ------------------------------------------------------------------------------

@pytest.mark.parametrize("transform", [wg.jacobian, wg.jacrev, wg.jacfwd, wg.hessian])
def test_jacobians_of_complex_values_are_refused_not_passed_through(transform):
    z = np.array([0.3 + 0.1j, 0.5 - 0.2j])
    with pytest.raises(TypeError, match="complex"):
        transform(lambda v: np.sum(np.abs(v) ** 2) if transform is wg.hessian else np.exp(v))(z)
    with pytest.raises(TypeError, match="the output is complex"):
        wg.jacobian(lambda x: x * 1j)(np.array([0.5]))


@pytest.mark.parametrize("name, f", [
    ("numpy.maximum", lambda z: np.maximum(z, 0.5)), ("numpy.fmin", lambda z: np.fmin(z, 0.5)),
    ("numpy.clip", lambda z: np.clip(z, 0.0, 1.0)), ("numpy.max", np.max), ("numpy.min", np.min),
])
def test_orderings_of_complex_numbers_are_refused(name, f):
    with pytest.raises(wg.NoGradientRule, match=f"{name} of complex numbers.*lexicographically"):
        wg.grad(lambda z: np.sum(np.abs(f(z))))(np.array([1j, 2.0 + 0j]))


_ANGLE_PATHS = [wg.hessian, lambda f: wg.jacrev(wg.jacrev(f)), lambda f: wg.jacrev(wg.jacfwd(f)),
                lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: lambda x: wg.hvp(f, x, np.array([1.0, 0.5]))]


@pytest.mark.parametrize("path", range(5))
def test_angle_at_a_complex_zero_has_no_second_derivative(path):
    # angle(x0 + i x1) has no limit at 0; its gradient there is the convention 0, and the
    # Hessian came out 0 on every path (for no derivative): now refused, as abs's at 0
    f = lambda x: np.angle(x[0] + 1j * x[1]) * (x[0] ** 2 + 3.0)
    np.testing.assert_array_equal(wg.grad(f)(np.zeros(2)), [0.0, 0.0])
    with pytest.raises(wg.NoGradientRule, match="numpy.angle"):
        _ANGLE_PATHS[path](f)(np.zeros(2))
    # away from 0, the Hessian of atan2(x1, x0): [[2 x0 x1, x1^2 - x0^2], [x1^2 - x0^2, -2 x0 x1]] / r^4
    h = _ANGLE_PATHS[path](lambda x: np.angle(x[0] + 1j * x[1]))(np.array([0.3, -0.2]))
    truth = np.array([[-0.12, -0.05], [-0.05, 0.12]]) / 0.0169
    np.testing.assert_allclose(h, truth @ [1.0, 0.5] if path == 4 else truth, rtol=1e-13)


@pytest.mark.parametrize("y", [2.5, 1.0, 0.5])
def test_a_complex_exponent_of_zero_at_second_order(y):
    # 0 ** y is 0 for Re y > 0, so every derivative in y is 0; np.power's kink checks compared
    # a Python complex y with 0 (TypeError at second order); its kinks are Re y's, as a real y's
    f = lambda y: np.real(0j ** (y + 0j))
    assert wg.grad(wg.grad(f))(y) == 0.0
    # in the base too: d2/dx dy of x ** y at x = 0 exists for Re y > 1 only (x^(y-1) (1 + y log x))
    g = lambda v: np.real((v[0] + 0j) ** (v[1] + 0j))
    if y > 1:
        np.testing.assert_array_equal(wg.hessian(g)(np.array([0.0, y])), np.zeros((2, 2)))
    else:
        # (0 ** (y - 1) overflows on the way, as for a real y)
        with pytest.raises(wg.NoGradientRule, match="numpy.power"), np.errstate(all="ignore"):
            wg.hessian(g)(np.array([0.0, y]))


def test_fabs_refuses_complex_as_numpy_does():
    with pytest.raises(TypeError):
        wg.grad(lambda z: np.sum(np.fabs(z)))(np.array([1j]))


# -- the checker -----------------------------------------------------------------------------

def test_the_checker_catches_a_missing_conjugate_in_the_imaginary_direction():
    bad_abs = wg.primitive(lambda z: np.abs(z))
    wg.defvjp(bad_abs, lambda ans, z: lambda g: g * z / ans)  # no conjugate: autograd's old bug
    with pytest.raises(AssertionError, match="imaginary direction"):
        check_grads(bad_abs, 0.6 + 0.8j)
    good_abs = wg.primitive(lambda z: np.abs(z))
    wg.defvjp(good_abs, lambda ans, z: lambda g: g * np.conj(z) / ans)
    check_grads(good_abs, 0.6 + 0.8j)


def test_the_checker_treats_a_complex_output_as_two_real_outputs():
    bad_conj = wg.primitive(lambda z: np.conj(z))
    wg.defvjp(bad_conj, lambda ans, z: lambda g: g)  # should be conj(g)
    with pytest.raises(AssertionError):
        check_grads(bad_conj, np.array([0.3 + 0.2j]))
    with pytest.raises(AssertionError):
        check_grads(bad_conj, np.array([0.3 + 0.2j]), modes="fwd")


@pytest.mark.parametrize("opt", [wg.optim.SGD(0.2), wg.optim.Momentum(0.1, 0.5)])
def test_optimizers_descend_on_complex_parameters(opt):
    # The gradient is the conjugate of the ascent direction: SGD and Momentum step
    # against its conjugate, so both real and imaginary parts converge.
    target = np.array([1.0 - 2.0j, -0.5 + 0.5j])
    loss = lambda p: np.sum(np.abs(p["z"] - target) ** 2)  # noqa: E731
    params = {"z": np.zeros(2, dtype=complex), "c": 0.5 + 0.5j}
    state = opt.init(params)
    for _ in range(60):
        state, params = opt.update(wg.grad(lambda p: loss(p) + abs(p["c"] - 2j) ** 2)(params), state, params)
    np.testing.assert_allclose(params["z"], target, atol=1e-6)
    assert type(params["c"]) is complex and abs(params["c"] - 2j) < 1e-6


@pytest.mark.parametrize("name", ["prod", "cumprod", "nanprod", "nancumprod"])
def test_a_real_dtype_drops_the_imaginary_part_before_the_product(name):
    # np.prod(z, dtype=float) is the product of z.real (NumPy casts, with a ComplexWarning): its
    # gradient is the product of the other real parts, real (it was the complex product's)
    z = np.array([1 + 2j, -0.5 + 0.3j, 2 - 1j])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", np.exceptions.ComplexWarning)
        g = wg.grad(lambda a: np.sum(getattr(np, name)(a, dtype=np.float64)))(z)
    truth = [-1.0, 2.0, -0.5] if "cum" not in name else [1 - 0.5 - 1.0, 1 + 2 * 1.0, -0.5]
    np.testing.assert_array_equal(g, truth)


@pytest.mark.parametrize("name", ["var", "std", "nanvar", "nanstd"])
def test_a_variance_in_a_complex_dtype_has_a_real_derivative(name):
    # the result's imaginary part is 0 for every z: its gradient 0 (it was 2i conj(z - mean) / N);
    # a real dtype casts only NumPy's mean (mean(|z - mean(z.real)|^2)): refused
    z = np.array([1 + 2j, -0.5 + 0.3j, 2 - 1j])
    f = getattr(np, name)
    assert np.all(wg.grad(lambda a: np.imag(f(a, dtype=np.complex128)))(z) == 0)
    np.testing.assert_allclose(wg.grad(lambda a: np.real(f(a, dtype=np.complex128)))(z), wg.grad(f)(z), rtol=1e-15)
    with pytest.raises(wg.NoGradientRule, match="real dtype"), warnings.catch_warnings():
        warnings.simplefilter("ignore", np.exceptions.ComplexWarning)
        wg.grad(lambda a: f(a, None, np.float64))(z)  # (dtype passed by position)


@pytest.mark.parametrize("name", ["var", "std"])
def test_a_complex_mean_of_a_real_array_is_refused(name):
    # NumPy squares a real x's deviations from a complex mean= without conjugating (a complex
    # result): jvp's tangent of np.var(x, mean=1+1j) was the conjugate of the truth (9.33+4.67j
    # for 2/3 sum((x - m) x) = 9.33-4.67j), silently; now refused. A complex x keeps its rule.
    x, m = np.array([1.0, 2.0, 4.0]), np.array([1 + 1j])
    f = getattr(np, name)
    with pytest.raises(wg.NoGradientRule, match="complex mean"):
        wg.jvp(lambda a: f(a, mean=m), (x,), (x,))
    with pytest.raises(wg.NoGradientRule, match="complex mean"):
        wg.grad(lambda a: np.imag(f(a, mean=m)))(x)
    z = x + 0.5j
    np.testing.assert_allclose(wg.grad(lambda a: f(a, mean=m))(z), wg.grad(lambda a: f(a - m, mean=np.zeros(1)))(z), rtol=1e-15)


@pytest.mark.parametrize("name, fun, derivative", [("sqrt", np.sqrt, lambda z: 1 / (2 * mp.sqrt(z))),
                                                   ("log", np.log, lambda z: 1 / z),
                                                   ("reciprocal", np.reciprocal, lambda z: -1 / z ** 2)])
def test_jvp_of_a_complex_pole_along_a_zero_tangent_is_zero(name, fun, derivative):
    """jvp of sqrt, log, 1/z at z = [0, 1 + 1j] along [0, 1j]: the zero tangent at the pole adds nothing (times_tangent's
    convention, the real case's: jvp of np.sqrt at [0, 1] along [0, 1] is [0, 0.5]); it was nan + nanj (inverse_power's
    derivative in its cotangent, 0 / 0, in the transposed pullback). The other entry: f'(1 + 1j) 1j (mpmath)."""
    z = np.array([0j, 1 + 1j])
    with np.errstate(invalid="ignore", divide="ignore"):  # (the transposed pullback's value at u = 0: 0 / 0, unused)
        t = wg.jvp(fun, (z,), (np.array([0, 1j]),))[1]
    with mp.workdps(30):
        want = complex(derivative(mp.mpc(1, 1)) * 1j)
    assert t[0] == 0
    assert t[1] == pytest.approx(want, rel=4e-16)


@pytest.mark.parametrize("z", [0.3 + 0.4j, np.complex128(-1.2 + 0.7j)], ids=["python", "numpy"])
def test_the_gradient_of_a_complex_number_is_complex_under_jvp(z):
    # |Re z|^2's cotangent is real: grad gives complex(2x) at a complex number, but under jvp (jvp of grad) the
    # gradient and its tangent were float64, a real gradient for a complex input (hunt53's complex probe: real, imag)
    f = lambda u: np.abs(np.real(u)) ** 2  # noqa: E731
    x = z.real
    for t, slope in ((1 + 0j, 2.0), (1.0, 2.0), (1j, 0.0)):
        g, dg = wg.jvp(wg.grad(f), (z,), (t,))
        assert np.iscomplexobj(g) and np.iscomplexobj(dg)
        assert g == 2 * x and dg == slope
    assert np.iscomplexobj(wg.grad(f)(z))


@pytest.mark.parametrize("z", [0.3 + 0.4j, -1.2 + 0.7j])
def test_ive_of_a_complex_z_built_from_real_variables(z):
    # forward mode's elementwise JVP of scipy.special.ive ran its complex rule's cotangent form, -sign(Re z) Re(t F)
    # for the tangent's -sign(Re z) F Re(t): jvp of ive(1.5, x + 1j y) in x at (0.3, 0.4) was 0.1678 + 0.1023j for
    # 0.1678 + 0.0339j, and the Hessian of Re ive(1.5, x + 1j y) by hessian (forward over reverse) not symmetric:
    # [[-0.150, 0.170], [0.034, -0.196]] for [[-0.150, 0.136], [0.136, -0.196]]. Truths: mpmath at 50 digits.
    sc = pytest.importorskip("scipy.special")
    v = np.array([z.real, z.imag])
    with mp.workdps(50):
        def scaled(a, b):
            return mp.besseli(1.5, mp.mpc(a, b)) * mp.exp(-abs(a))
        x, y = mp.mpf(z.real), mp.mpf(z.imag)
        dx = complex(mp.diff(lambda t: scaled(t, y), x))
        dy = complex(mp.diff(lambda t: scaled(x, t), y))
        hxx, hxy, hyy = (float(mp.diff(lambda a, b: mp.re(scaled(a, b)), (x, y), n)) for n in ((2, 0), (1, 1), (0, 2)))
    hess = np.array([[hxx, hxy], [hxy, hyy]])
    f = lambda u: sc.ive(1.5, u[0] + 1j * u[1])  # noqa: E731
    for e, want in ((np.array([1.0, 0.0]), dx), (np.array([0.0, 1.0]), dy)):
        assert abs(wg.jvp(f, (v,), (e,))[1] - want) <= 1e-14 * abs(want)  # (SciPy's ive values: 2e-15 off)
    r = lambda u: np.real(f(u))  # noqa: E731
    for second in (wg.hessian, lambda g: wg.jacfwd(wg.jacrev(g)), lambda g: wg.jacrev(wg.grad(g))):
        np.testing.assert_allclose(second(r)(v), hess, rtol=1e-14, atol=1e-15)
    # jvp of grad: the elementwise JVP of ive runs inside the sweep's pullback on a complex scalar tangent, which
    # live_term passed to the rule as a cotangent (its column along x was [-0.197, 0.046] for [-0.269, 0.148])
    columns = [wg.jvp(wg.grad(r), (v,), (e,))[1] for e in np.eye(2)]
    np.testing.assert_allclose(np.stack(columns, axis=1), hess, rtol=1e-14, atol=1e-15)
