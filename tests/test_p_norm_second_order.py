"""The Hessian of np.linalg.norm(x, p) where one entry dominates sum |x|^p (the smallest for
p < 0, the largest for p > 1): its diagonal is (p - 1) / N u_i^(p-2) (1 - u_i^p), u = |x| / N,
and the chain rule through the gradient sign(x) u^(p-1) formed 1 - u_i^p (and the sum of the
other entries' v_j h_j) as the difference of numbers near 1, scaled by 1 / N: wrong in every
digit, or in sign (p = -3 at [0.3, -1e-6, 1.2, -0.7]: +1.02e-8 for -1.62e-10; p = -2 at
[1e-8, 1, -2]: 0 for -3e-8). Truths: mpmath's derivatives of (sum |x|^p)^(1/p) at 40 digits.
Also complex x, and the norms (2, 'fro', p) where NumPy's sum of powers under- or overflows."""
import functools

import numpy as np
import pytest

import wengert as wg

PATHS = {
    "rev-rev": lambda f, x: wg.jacrev(wg.jacrev(f))(x),
    "fwd-rev": lambda f, x: wg.jacfwd(wg.jacrev(f))(x),
    "rev-fwd": lambda f, x: wg.jacrev(wg.jacfwd(f))(x),
    "fwd-fwd": lambda f, x: wg.jacfwd(wg.jacfwd(f))(x),
    "jvp(grad)": lambda f, x: np.stack([wg.jvp(wg.grad(f), (x,), (e,))[1] for e in np.eye(x.size)], axis=1),
}
CASES = [(-3.0, (0.3, -1e-6, 1.2, -0.7)), (-2.0, (1e-8, 1.0, -2.0)), (10.0, (1.0, 0.01, -0.3)), (2.0, (1.0, 1e-5, -2e-5))]


@functools.lru_cache(maxsize=None)
def _hessian_truth(p, x, complex_parts=False):
    # (with complex_parts, x is the real parts and then the imaginary parts of a complex vector)
    mpmath = pytest.importorskip("mpmath")  # (here, not at import: test_optional_imports)
    with mpmath.workdps(40):
        point = [mpmath.mpf(t) for t in x]

        def norm(*v):
            entries = [mpmath.hypot(a, b) for a, b in zip(v, v[len(v) // 2:])] if complex_parts else v
            return mpmath.fsum(abs(t) ** p for t in entries) ** (1 / mpmath.mpf(p))
        n = len(x)
        return np.array([[float(mpmath.diff(norm, point, tuple(int(i == k) + int(i == j) for i in range(n))))
                          for j in range(n)] for k in range(n)])


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("p, x", CASES, ids=["p=-3", "p=-2", "p=10", "p=2"])
def test_p_norm_hessian_where_one_entry_dominates(path, p, x):
    truth = _hessian_truth(p, x)
    h = PATHS[path](lambda v: np.linalg.norm(v, p), np.array(x))
    np.testing.assert_allclose(h, truth, rtol=1e-13, atol=0)  # (every entry relative: the small ones are the point)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("p, re, im", [(-3.0, (0.3, -1e-6, 1.2, -0.7), (0.0,) * 4), (-2.0, (1e-8, 1.0, -2.0), (0.0, 0.0, 1.0))],
                         ids=["p=-3", "p=-2"])
def test_complex_p_norm_hessian_where_one_entry_dominates(path, p, re, im):
    # in the real and imaginary parts; the chain rule through conj(x) / |x| cancelled too (p = -3,
    # d2/dre1^2: 9.8e-9 for -1.62e-10; p = -2 d2/dre0^2: 6e-8 for -3.6e-8); every entry relative
    truth = _hessian_truth(p, re + im, complex_parts=True)
    h = PATHS[path](lambda v: np.linalg.norm(v[:len(re)] + 1j * v[len(re):], p), np.array(re + im))
    np.testing.assert_allclose(h, truth, rtol=1e-13, atol=0)


def test_along_an_axis_of_a_stack():
    # two columns, each with an entry that dominates for p = -3: every column's Hessian block
    x = np.array([[0.3, -1e-6], [-1e-6, 1.2], [1.2, -0.7]])
    h = wg.hessian(lambda v: np.sum(np.linalg.norm(v, -3, axis=0, keepdims=True)))(x)
    for col in range(2):
        np.testing.assert_allclose(h[:, col, :, col], _hessian_truth(-3.0, tuple(x[:, col])), rtol=1e-13,
                                   atol=1e-14 * np.abs(h).max())
    assert not np.any(h[:, 0, :, 1]) and not np.any(h[:, 1, :, 0])


def _closed_form(p, u, scale):
    # the gradient sign(u) |u|^(p-1) / M^(p-1) and Hessian (p - 1) / N [diag(|u|^(p-2) / M^(p-2)) - v v^T]
    # of the p-norm at scale * u (M = norm(u, p), N = scale * M), formed at u's own scale
    m = np.sum(np.abs(u) ** p) ** (1 / p)
    v = np.sign(u) * (np.abs(u) / m) ** (p - 1)
    return v, (p - 1) / (scale * m) * (np.diag((np.abs(u) / m) ** (p - 2)) - np.outer(v, v))


@pytest.mark.parametrize("ord, scale, dtype", [(None, 1e-200, np.float64), (None, 1e-160, np.float64),
                                               (None, 1e200, np.float64), (3.0, 1e-160, np.float64),
                                               ("fro", 1e-200, np.float64), (None, 1e-22, np.float32)])
def test_norm_where_numpys_sum_of_powers_under_or_overflows(ord, scale, dtype):
    # NumPy's norm is 0 (inf) or short of digits there; the gradient was the zero vector's 0 (a
    # 2-norm's at 1e-200 and 1e200; 5e-6 off at 1e-160), inf or NaN (p = 3). Now the true one.
    # float32's squares are subnormal below 2^-126: at 1e-22 the gradient was 1e-3 off
    u = np.array([[1.0, -3.0], [0.5, 2.0]]) if ord == "fro" else np.array([1.0, -3.0, 0.5])
    grad, hess = _closed_form(2.0 if ord in (None, "fro") else ord, u.ravel(), scale)
    f = functools.partial(np.linalg.norm, ord=ord)
    x = (scale * u).astype(dtype)
    rtol, h_rtol, h_atol = (1e-14, 1e-13, 1e-15) if dtype == np.float64 else (3e-7, 3e-6, 3e-6)
    with np.errstate(over="ignore"):  # (NumPy's own value overflows at 1e200)
        g = wg.grad(f)(x)
        assert g.dtype == dtype
        np.testing.assert_allclose(g.ravel(), grad, rtol=rtol)
        for path in PATHS if ord in (None, 3.0) and scale not in (1e-200, 1e-22) else ("fwd-rev",):
            h = PATHS[path](f, x).reshape(u.size, u.size)
            np.testing.assert_allclose(h, hess, rtol=h_rtol, atol=h_atol * np.abs(hess).max(), err_msg=path)


def _mp_closed_form(p, x, digits=250):
    # sign(x_i) u_i^(p-1) and (p - 1) / N (diag(u^(p-2)) - v v^T), u = |x| / N, at 250 digits (1 - u_i is 2e-100
    # at [1e200, 1, 1e-200]): entries 1e200 beside 1e-200 and subnormal ones, whose doubles' u, u^(p-1) and 1 / N
    # leave the range
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(digits):
        a = [abs(mpmath.mpf(t)) for t in x]
        n = mpmath.fsum(t ** p for t in a) ** (1 / mpmath.mpf(p))
        u = [t / n for t in a]
        v = [mpmath.sign(t) * w ** (p - 1) for t, w in zip(x, u)]
        hess = [[(p - 1) / n * ((u[i] ** (p - 2) if i == j else 0) - v[i] * v[j]) for j in range(len(x))]
                for i in range(len(x))]
        return np.array([float(t) for t in v]), np.array([[float(t) for t in row] for row in hess])


@pytest.mark.parametrize("p, x, order", [
    (-1.0, (1e200, -2e200, 2e200), (1, 2)), (-1.0, (1e-200, 2e-200, -2e-200), (1, 2)),
    (2.0, (3e-320, 4e-320, 0.0), (2,)), (3.0, (3e-320, 4e-320, 0.0), (2,)),
    (0.5, (3e-320, 4e-320, 1e-320), (1, 2)), (0.5, (1e200, 1.0, 1e-200), (1, 2)), (-1.0, (1e200, 1.0, 1e-200), (1,)),
    (-1.0, (3 * 2.0 ** -1050, -4 * 2.0 ** -1050, 2.0 ** -1050), (1, 2)), (-2.0, (3e-320, -4e-320, 5e-324), (1, 2))],
    ids=["-1 at 1e200", "-1 at 1e-200", "2 subnormal", "3 subnormal", "0.5 subnormal", "0.5 mixed", "-1 mixed",
         "-1 subnormal", "-2 subnormal"])
def test_p_norm_at_far_and_mixed_scales(p, x, order):
    # ord -1 at [1e200, -2e200, 2e200]: the gradient NaN for [0.25, -0.0625, 0.0625] (N^-2 overflowed; at
    # [1e200, 1, 1e-200] NaN for 1: inf / inf); the Hessians at [3e-320, 4e-320, 0] NaN for +-inf and 0
    # (1 / s of a subnormal scale s); ord 0.5 at subnormal entries 5.6e-6 off (a subnormal N), at [1e200, 1, 1e-200]
    # its Hessian NaN or inf for 0.5, 5e-101, -5e-301; ord -1 and -2 at subnormal entries 0 for [0.0443, -0.0249, 0.399]
    # and [4.5e-12, -1.9e-12, 0.99999994] (2^1049, the scale's check, overflowed). Every path; every entry relative
    # (infinities equal)
    grad, hess = _mp_closed_form(p, x)
    x = np.array(x)
    f = functools.partial(np.linalg.norm, ord=p)
    with np.errstate(all="ignore"):
        if 1 in order:
            for g in (wg.grad(f)(x), wg.grad(wg.jit(f))(x), wg.grad(wg.jit(f))(x),
                      wg.grad(functools.partial(np.linalg.vector_norm, ord=p))(x)):
                np.testing.assert_allclose(g, grad, rtol=1e-14, atol=0)
        if 2 in order:
            for path in PATHS:
                np.testing.assert_allclose(PATHS[path](f, x), hess, rtol=1e-13, atol=0, err_msg=path)


@pytest.mark.parametrize("p, x", [
    (-1.0, (1.0, 2e-200, 3.0)), (-0.5, (2e-200, -3e-200, 1.0)), (-3.0, (2e-200, 1e-100, -1.0)),
    (-2.0, (1.0, 2e-200, 3.0)), (-1.5, (1.0, -2.0, 2e-200, 4e-200)), (3.0, (1.0, 1e-100, 1e100))],
    ids=["-1", "-0.5", "-3", "-2", "-1.5", "3"])
def test_p_norm_hessian_at_entries_far_from_the_dominant_one(p, x):
    # an entry 2e-200 beside entries near 1: the Hessian's products (p - 1) / N v_i v_j with v_i = u_i^(p-1) below the
    # range (4e-400 at ord -1 and [1, 2e-200, 3]) were 0 for 4e-200 and 4.4e-201 there (every path), the
    # other cases' small entries likewise 0 (-0.5: -7.1e-301; -3: 3.2e-199 and -6.4e-299), at -2 the diagonal's
    # -6.7e-200 (the Hessian at x / s, the scaled x, underflowed); the gradient was 6.4e-14 off at ord -1.5 and
    # 2.6e-14 at ord 3 (NumPy's norm: 1 / p rounded, to the power of a sum near 1e299 and 1e300). Truths: mpmath
    # at 800 digits (1 - u_i^p is 1e-300 here); every entry relative, subnormal ones to their last place
    grad, hess = _mp_closed_form(p, x, digits=800)
    x = np.array(x)
    f = functools.partial(np.linalg.norm, ord=p)
    with np.errstate(over="ignore"):  # (NumPy's own value overflows in (2e-200)^-3 at ord -3)
        for g in (wg.grad(f)(x), wg.grad(wg.jit(f))(x)):
            np.testing.assert_allclose(g, grad, rtol=1e-14, atol=0)
        for path in PATHS:
            np.testing.assert_allclose(PATHS[path](f, x), hess, rtol=1e-13, atol=1e-320, err_msg=path)
        np.testing.assert_allclose(wg.hessian(wg.jit(f))(x), hess, rtol=1e-13, atol=1e-320, err_msg="jit")


@pytest.mark.parametrize("p", [0.5, -1.0, 1.5])
def test_p_norm_at_a_zero_entry_of_a_nonzero_vector(p):
    # |x_i|^p at x_i = 0: the gradient was NaN there, silently (ord 0.5 at [3, 4, 0]: [2.15, 1.87, nan], ord -1:
    # [0, 0, nan]), and every Hessian entry NaN for ord -1, the zero entry's row for 0.5 and 1.5. Now: 0.5 refused
    # (one-sided -inf, +inf) but a tangent that leaves the zero entry still; -1 the subgradient 0 (the norm's
    # minimum, |x_i| to first order); 1.5 the true 0; second order refused for all three. Truths: mpmath, 40 digits
    mpmath = pytest.importorskip("mpmath")
    x = np.array([3.0, -4.0, 0.0])
    f = functools.partial(np.linalg.norm, ord=p)
    with mpmath.workdps(40):
        n = mpmath.fsum(abs(mpmath.mpf(t)) ** p for t in x[:2]) ** (1 / mpmath.mpf(p))
        # (the other entries' partials where the zero entry holds still; all 0 for p < 0, where the norm is 0)
        v = [0.0 if p < 0 else float(mpmath.sign(t) * (abs(mpmath.mpf(t)) / n) ** (p - 1)) for t in x[:2]]
    with np.errstate(all="ignore"):
        if p < 1 and p > 0:
            for call in (wg.grad(f), wg.grad(wg.jit(f)), wg.hessian(f)):
                with pytest.raises(wg.NoGradientRule, match="no derivative at a zero entry"):
                    call(x)
            tangent = np.array([0.5, 2.0, 0.0])
            assert wg.jvp(f, (x,), (tangent,))[1] == pytest.approx(v[0] * 0.5 + v[1] * 2.0, rel=1e-14)
        else:
            for g in (wg.grad(f)(x), wg.grad(functools.partial(np.linalg.vector_norm, ord=p))(x)):
                np.testing.assert_allclose(g, v + [0.0], rtol=1e-14, atol=0)
            for path in ("rev-rev", "fwd-rev", "jvp(grad)"):
                with pytest.raises(wg.NoGradientRule, match="second derivative"):
                    PATHS[path](f, x)


def _mp_norm(p, x):
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(60):
        return float(mpmath.fsum(abs(mpmath.mpf(t)) ** p for t in x) ** (1 / mpmath.mpf(p)))


VALUE_PATHS = {  # (each gives the value of f and of its gradient at x, through the value)
    "value_and_grad": lambda f, x: wg.value_and_grad(f)(x),
    "jit": lambda f, x: wg.jit(wg.value_and_grad(f))(x),
    "jvp": lambda f, x: (wg.jvp(f, (x,), (np.ones_like(x),))[0], wg.jacfwd(f)(x)),  # (a zero tangent: a plain call)
}


@pytest.mark.parametrize("path", ["value_and_grad", "jit", "jvp"])
@pytest.mark.parametrize("p, x", [(None, (1e-200, 1e-200)), (None, (1e-160, -3e-160)), (None, (1e200, -1e200)),
                                  (3.0, (1e-120, 2e-120)), (-1.0, (1e-310, 1e-310)), ("fro", (1e-200, 3e-200, 0.0, 5e-200))],
                         ids=["2 at 1e-200", "2 at 1e-160", "2 at 1e200", "3 at 1e-120", "-1 subnormal", "fro at 1e-200"])
def test_norm_value_where_numpys_sum_of_powers_under_or_overflows(path, p, x):
    # NumPy's norm([1e-200, 1e-200]) is 0.0 (its sum of squares underflows; [1e200, -1e200] inf, [1e-160, -3e-160]
    # short of digits, ord -1 at 1e-310 0.0): on Vars the value was NumPy's while the pullback took the norm of a
    # rescaled x, so a function of the value was wrong: grad of norm(x) ** 2 at 1e-200 [0, 0] for [2e-200, 2e-200], its
    # Hessian [[1, 1], [1, 1]] for 2 I. Now the value is the true norm there (scipy.linalg.norm's, BLAS nrm2's), within
    # 2 ulp of mpmath's (60 digits); elsewhere NumPy's bit for bit
    matrix = p == "fro"
    q = 2.0 if p in (None, "fro") else p
    x = np.array(x).reshape((2, 2) if matrix else -1)
    truth = _mp_norm(q, x.ravel())
    with np.errstate(all="ignore"):
        value, grad = VALUE_PATHS[path](lambda v: np.linalg.norm(v, p), x)
    assert type(value) is np.float64 or path == "jvp"
    np.testing.assert_allclose(float(value), truth, rtol=3e-16, atol=0)
    plain_grad, _ = _mp_closed_form(q, tuple(x.ravel()))
    np.testing.assert_allclose(np.reshape(grad, -1), plain_grad, rtol=1e-14, atol=0)


@pytest.mark.parametrize("path", PATHS)
def test_squared_norm_through_its_value_at_an_underflowing_sum(path):
    # d/dx norm(x) ** 2 = 2 norm(x) * norm'(x) took NumPy's norm 0 at [1e-200, 1e-200]: gradient [0, 0] for 2x,
    # Hessian [[1, 1], [1, 1]] for 2 I (the product rule's norm' norm'^T alone). The truth is exact: 2x and 2 I
    x = np.array([1e-200, 1e-200, -3e-200])
    f = lambda v: np.linalg.norm(v) ** 2  # noqa: E731
    np.testing.assert_allclose(wg.grad(f)(x), 2 * x, rtol=1e-15, atol=0)
    np.testing.assert_allclose(PATHS[path](f, x), 2 * np.eye(3), rtol=1e-15, atol=1e-15)


@pytest.mark.parametrize("dtype, x", [(np.float16, (0.5, -1.0, 0.7, 0.3, 0.2)), (np.float16, (100.0, 150.0, -200.0)),
                                      (np.float32, (1e-30, -2e-30, 3e-30)), (np.complex64, (1e30 + 2e30j, -3e30, 1e29j))],
                         ids=["float16 near 1", "float16 sum over 65504", "float32 at 1e-30", "complex64 at 1e30"])
def test_norm_of_a_narrow_dtype_keeps_its_dtype_and_value(dtype, x):
    # float16's bound was finfo.maxexp - 24 = -8: every float16 slice counted as under- or overflowing and was taken at
    # x * 2^8, whose squares overflow float16: on a Var norm(float16 [0.5, -1, 0.7, 0.3, 0.2]) was inf (float64), the
    # gradient of norm(x) ** 2 inf for 2x, its Hessian inf (before 2d75c505 the gradient of norm(x) was 0), silently;
    # float32's and complex64's rescaled value was float64. Truths: mpmath's norm (60 digits), 2x and 2 I exact
    x = np.array(x, dtype)
    real = np.finfo(dtype).dtype
    eps = float(np.finfo(dtype).eps)
    with np.errstate(all="ignore"):  # (NumPy's sum of squares overflows at the second float16 x, as its own call warns)
        numpys = np.linalg.norm(x)
        value, _ = wg.vjp(np.linalg.norm, x)
    assert np.asarray(value).dtype == real
    np.testing.assert_allclose(float(value), _mp_norm(2.0, [complex(t).real for t in x] if dtype is not np.complex64
                                                     else [abs(complex(t)) for t in x]), rtol=2 * eps, atol=0)
    if np.isfinite(numpys) and numpys != 0 and dtype is np.float16:  # (where NumPy's is right, it is NumPy's)
        assert value == numpys
    if dtype is np.complex64:
        return
    f = lambda v: np.linalg.norm(v) ** 2  # noqa: E731
    with np.errstate(all="ignore"):
        np.testing.assert_allclose(wg.grad(f)(x), 2.0 * x.astype(float), rtol=4 * eps, atol=0)
        for path in ("rev-rev", "fwd-rev", "jvp(grad)"):
            np.testing.assert_allclose(PATHS[path](f, x), 2.0 * np.eye(x.size), rtol=0, atol=8 * eps)
