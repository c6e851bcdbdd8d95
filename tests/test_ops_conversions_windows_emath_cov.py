"""NumPy functions against central finite differences
(tests/test_coverage.py runs every case again at second order and in forward mode, and
with complex arguments where the function takes them), with exact checks of what NumPy
itself decides: the conversions that pass a Var through (``asanyarray``,
``ascontiguousarray``, ``asfortranarray``, ``asarray_chkfinite``, ``require``) give
NumPy's values, dtypes and memory layouts; ``np.kaiser`` is differentiable in ``beta`` and
the integer-only windows refuse a Var length clearly; ``sliding_window_view``'s gradient adds
overlapping windows back (negative, repeated and several axes); ``np.emath`` switches a real
input to complex outside the real domain, with the plain function's gradient inside it and,
on the branch cuts of arcsin and arccos, the derivative along the real line; ``np.cov`` is
differentiable in ``aweights`` (and writes into none of its arguments); ``np.ix_`` of Vars is
the open mesh (a reshape per sequence); ``np.shares_memory`` and ``np.may_share_memory`` answer
on the values.
"""
import numpy as np
import pytest

import wengert as wg
import wengert.numpy as wnp
from opcheck import case, crand, gradient_test, rand
from test_ops_statistics import assert_numpys_values
from wengert.testing import check_grads

swv = np.lib.stride_tricks.sliding_window_view

M = rand((2, 3), seed=90)
DATA = rand((3, 5), seed=24)  # three variables, five observations
AW = np.array([0.5, 1.0, 2.0, 0.25, 1.5])
FW = np.array([1, 2, 0, 3, 1])
CONVERSIONS = (wnp.asanyarray, wnp.ascontiguousarray, wnp.asfortranarray, wnp.asarray_chkfinite, wnp.require)


def _sq(f):
    return lambda x: f(x) ** 2


CASES = [
    # -- conversions: the value passes through (a copy and a cast are recorded where NumPy makes them)
    *[case(f, _sq(f), x, id=f"{f.__name__}-{name}")
      for f in CONVERSIONS
      for name, x in (("matrix", M), ("float", 0.7), ("0d", rand((), seed=91)), ("vector", rand((3,), seed=92)))],
    *[case(f, lambda x, f=f: _sq(f)(x.T), M, id=f"{f.__name__}-transposed") for f in CONVERSIONS],
    case(wnp.asanyarray, lambda x: wnp.asanyarray(x, dtype=np.complex128, order="F") * 1j, M, id="asanyarray-to-complex"),
    case(wnp.ascontiguousarray, lambda x: wnp.ascontiguousarray(x[:, ::2], dtype=np.complex128) ** 2, M,
         id="ascontiguousarray-strided-to-complex"),
    case(wnp.require, lambda x: wnp.require(x.T, requirements=["F", "O", "W", "A", "E"]) ** 2, M,
         id="require-all-flags"),
    case(wnp.require, lambda x: wnp.require(x[:, ::2], requirements=["OWNDATA"]) ** 3, M, id="require-owndata-strided"),
    # -- kaiser: differentiable in beta through np.i0 (beta = 0: the rectangular window)
    *[case(wnp.kaiser, lambda b, n=n: wnp.kaiser(n, b) ** 2, beta, id=f"kaiser-{n}-{bid}")
      for n in (0, 1, 2, 5, 6) for bid, beta in (("float", 1.3), ("zero", 0.0), ("0d", np.array(4.5)), ("negative", -2.0))],
    # -- sliding_window_view: overlapping windows add up
    case(swv, lambda x: swv(x, 3) ** 2, rand((6,), seed=93), id="sliding_window_view-1d"),
    case(swv, lambda x: swv(x, 6) ** 2, rand((6,), seed=93), id="sliding_window_view-whole"),
    case(swv, lambda x: swv(x, 1) ** 2, rand((4,), seed=93), id="sliding_window_view-size-1"),
    case(swv, lambda x: swv(x, (2, 3)) ** 2, rand((4, 5), seed=94), id="sliding_window_view-2d-all-axes"),
    case(swv, lambda x: swv(x, 2, axis=-1) ** 2, rand((3, 4), seed=95), id="sliding_window_view-negative-axis"),
    case(swv, lambda x: swv(x, (2, 3), axis=(-1, 0)) ** 2, rand((4, 5), seed=96), id="sliding_window_view-axes-swapped"),
    case(swv, lambda x: swv(x, (2, 2), axis=(1, 1)) ** 2, rand((3, 5), seed=97), id="sliding_window_view-repeated-axis"),
    case(swv, lambda x: swv(x, [2], axis=[1], subok=True, writeable=False) ** 2, rand((2, 3, 4), seed=98),
         id="sliding_window_view-3d-keywords"),
    case(swv, lambda x: swv(x, 2, axis=0) ** 2, np.zeros((3, 0)), id="sliding_window_view-empty"),
    case(swv, lambda x: swv(x.T, (2, 2)) ** 2, rand((3, 4), seed=100), id="sliding_window_view-transposed"),
    # -- emath: real inside the domain, complex outside, complex inputs as the plain ufuncs
    *[case(getattr(np.emath, name), lambda x, name=name: getattr(np.emath, name)(x), x, id=f"emath.{name}-{xid}")
      for name in ("sqrt", "log", "log2", "log10")
      for xid, x in (("inside", rand((3,), 0.2, 2.0, seed=101)), ("outside", np.array([-1.5, 0.3, 2.0])),
                     ("float-outside", -0.7), ("float-inside", 0.7), ("matrix", rand((2, 3), -2.0, 2.0, seed=102)))],
    *[case(getattr(np.emath, name), lambda x, name=name: getattr(np.emath, name)(x), x, id=f"emath.{name}-{xid}")
      for name in ("arcsin", "arccos", "arctanh")
      for xid, x in (("inside", rand((3,), -0.9, 0.9, seed=103)), ("outside", np.array([-1.5, 0.3, 2.0])),
                     ("float-outside", -1.7), ("float-inside", 0.4), ("matrix", rand((2, 3), -3.0, 3.0, seed=104)))],
    case(np.emath.logn, lambda n, x: np.emath.logn(n, x), np.array([2.0, -3.0, 0.5]), np.array([-4.0, 5.0, 0.3]),
         id="emath.logn-both-outside"),
    case(np.emath.logn, lambda n, x: np.emath.logn(n, x), 3.0, rand((2, 3), 0.2, 2.0, seed=105), id="emath.logn-inside"),
    case(np.emath.logn, lambda x: np.emath.logn(2, x), np.array([-4.0, 5.0]), id="emath.logn-plain-base"),
    case(np.emath.power, lambda x, p: np.emath.power(x, p), np.array([-2.0, 3.0, 0.5]), np.array([1.5, 2.5, -0.5]),
         id="emath.power-outside"),
    case(np.emath.power, lambda x, p: np.emath.power(x, p), rand((2, 3), 0.2, 2.0, seed=106), 1.7, id="emath.power-inside"),
    case(np.emath.power, lambda x: np.emath.power(x, -2), np.array([-2.0, 3.0]), id="emath.power-negative-int"),
    case(np.emath.power, lambda p: np.emath.power(np.array([-2.0, 3.0]), p), 0.5, id="emath.power-var-exponent"),
    # -- cov: differentiable in aweights (with the data, fweights, ddof, bias, rowvar, y)
    case(np.cov, lambda w: np.cov(DATA, aweights=w), AW, id="cov-var-aweights"),
    case(np.cov, lambda m, w: np.cov(m, aweights=w, ddof=0), DATA, AW, id="cov-var-aweights-ddof0"),
    case(np.cov, lambda m, w: np.cov(m, fweights=FW, aweights=w), DATA, AW, id="cov-var-aweights-fweights"),
    case(np.cov, lambda m, w: np.cov(m, fweights=FW, aweights=w, ddof=2), DATA, AW, id="cov-var-aweights-fweights-ddof2"),
    case(np.cov, lambda m, w: np.cov(m, aweights=w, bias=True), DATA, AW, id="cov-var-aweights-bias"),
    case(np.cov, lambda m, w: np.cov(m.T, rowvar=False, aweights=w), DATA, AW, id="cov-var-aweights-rowvar-false"),
    case(np.cov, lambda x, y, w: np.cov(x, y, aweights=w), DATA[0], DATA[1], AW, id="cov-var-aweights-x-y"),
    case(np.cov, lambda w: np.cov(DATA[0], aweights=w), AW, id="cov-var-aweights-one-variable"),
    # -- ix_: an open mesh of the values
    case(np.ix_, lambda a, b: np.prod(np.ix_(a, b)[0] * np.ix_(a, b)[1] ** 2), rand((2,), seed=112), rand((3,), seed=113),
         id="ix_-outer"),
    case(np.ix_, lambda a: sum(np.ix_(a, [True, False, True], np.arange(2))) * 1.5, rand((4,), seed=114), id="ix_-mixed"),
    case(np.ix_, lambda a: np.ix_(a)[0] ** 2, rand((1,), seed=115), id="ix_-one"),
    case(np.ix_, lambda a: np.ix_([], a)[1] ** 2, rand((3,), seed=116), id="ix_-empty-plain"),
]

test_gradient = gradient_test(CASES)


def _value_of(f, x):
    """What ``f`` gives for the Var of ``x`` (its value), and NumPy's own answer."""
    seen = []
    wg.grad_bp(lambda v: (seen.append(f(v).value), np.sum(v))[1], x)
    return seen[0]


LAYOUTS = {"c": M, "f": M.T, "strided": M[:, ::2], "float": 1.5, "0d": np.array(2.0), "numpy-scalar": np.float64(3.0),
           "float32": M.astype(np.float32)}


@pytest.mark.parametrize("x", LAYOUTS.values(), ids=LAYOUTS.keys())
@pytest.mark.parametrize("f", CONVERSIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [None, np.float64, np.complex128])
def test_conversions_give_numpys_values_dtypes_and_layouts(f, x, dtype):
    ours, theirs = _value_of(lambda v: f(v, dtype=dtype), x), f.plain(x, dtype=dtype)
    assert type(ours) is np.ndarray and ours.shape == theirs.shape and ours.dtype == theirs.dtype
    np.testing.assert_array_equal(ours, theirs)
    assert (ours.flags.c_contiguous, ours.flags.f_contiguous) == (theirs.flags.c_contiguous, theirs.flags.f_contiguous)


@pytest.mark.parametrize("requirements", [None, "C", "F", "A", "W", "O", "E", ["F", "O"], ("c_contiguous", "W"), "AOE"])
@pytest.mark.parametrize("x", [M, M.T, M[:, ::2]], ids=["c", "f", "strided"])
def test_require_meets_numpys_requirements(x, requirements):
    ours, theirs = _value_of(lambda v: wnp.require(v, requirements=requirements), x), np.require(x, requirements=requirements)
    np.testing.assert_array_equal(ours, theirs)
    assert (ours.flags.c_contiguous, ours.flags.f_contiguous) == (theirs.flags.c_contiguous, theirs.flags.f_contiguous)


def test_a_var_passes_through_where_numpy_does_not_copy():
    def f(v):
        assert wnp.asanyarray(v) is v and wnp.ascontiguousarray(v) is v and wnp.require(v, requirements="C") is v
        assert wnp.asfortranarray(v) is not v and wnp.asfortranarray(v.T) is not None
        return np.sum(v)
    wg.grad_bp(f, M)


def test_require_of_both_orders_and_chkfinite_of_nonfinite_values_raise_numpys_errors():
    with pytest.raises(ValueError, match='Cannot specify both "C" and "F" order'):
        wg.grad_bp(lambda v: np.sum(wnp.require(v, requirements="CF")), M)
    for bad in (np.inf, -np.inf, np.nan):
        with pytest.raises(ValueError, match="array must not contain infs or NaNs"):
            wg.grad_bp(lambda v: np.sum(wnp.asarray_chkfinite(v * bad)), M)
    jf = wg.jit(lambda v: np.sum(wnp.asarray_chkfinite(v) ** 2))
    assert wg.grad_bp(jf, np.array([1.0, 2.0])).tolist() == [2.0, 4.0]
    with pytest.raises(ValueError, match="array must not contain infs or NaNs"):  # the replay checks again
        wg.grad_bp(jf, np.array([1.0, np.inf]))


# -- windows -----------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [0, 1, 2, 5, 8])
@pytest.mark.parametrize("beta", [0.0, 2.5, -1.0, 14.0])
def test_kaiser_values_are_numpys_and_its_beta_derivative_is_exact(n, beta):
    ours = wg.eval_bp(lambda b: wnp.kaiser(n, b), beta)
    theirs = np.kaiser(n, beta)
    assert ours.dtype == theirs.dtype
    np.testing.assert_array_equal(ours, theirs)
    check_grads(lambda b: wnp.kaiser(n, b) ** 2, beta, order=2)


def test_kaiser_of_one_point_has_zero_gradient():
    assert wg.grad_bp(lambda b: np.sum(wnp.kaiser(1, b)), 3.0) == 0.0


@pytest.mark.parametrize("name", ["bartlett", "blackman", "hamming", "hanning", "kaiser"])
def test_a_window_length_that_is_a_var_is_refused_clearly(name):
    window = getattr(wnp, name)
    args = (2.0,) if name == "kaiser" else ()
    with pytest.raises(TypeError, match=rf"numpy.{name}\(M.*takes the number of points M as an integer"):
        wg.grad_bp(lambda m: np.sum(window(m, *args)), 5.0)
    np.testing.assert_array_equal(window(5, *args), getattr(np, name)(5, *args))  # no Var: NumPy's own


def test_kaiser_refuses_a_complex_or_array_beta():
    with pytest.raises(wg.NoGradientRule, match="numpy.kaiser"):
        wg.grad_bp(lambda b: np.sum(np.abs(wnp.kaiser(4, b))), 1.0 + 0.5j)
    with pytest.raises(ValueError, match="beta must be a scalar"):
        wg.grad_bp(lambda b: np.sum(wnp.kaiser(4, b)), np.array([1.0, 2.0]))


# -- sliding_window_view -------------------------------------------------------------------------

def test_sliding_window_view_gradient_counts_the_windows_each_element_is_in():
    g = wg.grad_bp(lambda x: np.sum(swv(x, (2, 3))), np.zeros((3, 4)))
    np.testing.assert_array_equal(g, [[1, 2, 2, 1], [2, 4, 4, 2], [1, 2, 2, 1]])
    g = wg.grad_bp(lambda x: np.sum(swv(x, (2, 2), axis=(0, 0))), np.zeros(5))  # offsets 0..2 along one axis
    np.testing.assert_array_equal(g, [1, 3, 4, 3, 1])


def test_sliding_window_view_values_and_errors_are_numpys():
    x = rand((3, 5), seed=107)
    seen = []
    wg.grad_bp(lambda v: (seen.append(swv(v, 2, axis=-1).value), np.sum(v))[1], x)
    np.testing.assert_array_equal(seen[0], swv(x, 2, axis=-1))
    assert not seen[0].flags.writeable  # a read-only view, as NumPy's
    with pytest.raises(ValueError, match="window shape cannot be larger than input array shape"):
        wg.grad_bp(lambda v: np.sum(swv(v, 4, axis=0)), x)


# -- emath ---------------------------------------------------------------------------------------

EMATH_UNARY = ["sqrt", "log", "log2", "log10", "arcsin", "arccos", "arctanh"]


@pytest.mark.parametrize("name", EMATH_UNARY)
def test_emath_inside_the_domain_is_the_plain_function(name):
    x = rand((4,), 0.1, 0.9, seed=108)
    ours = wg.grad_bp(lambda v: np.sum(getattr(np.emath, name)(v) ** 2), x)
    plain = wg.grad_bp(lambda v: np.sum(getattr(np, name)(v) ** 2), x)
    assert ours.dtype == plain.dtype == np.float64
    np.testing.assert_array_equal(ours, plain)


@pytest.mark.parametrize("x", [np.array([-2.0, 0.5, 3.0]), np.array([1.5, -1.5]), -3.0, 0.25,
                               np.array([-2.0, 3.0], dtype=np.float32), np.array([0.5 + 0.5j, -2.0 + 0.0j])])
@pytest.mark.parametrize("name", EMATH_UNARY)
def test_emath_values_are_numpys_and_real_inputs_get_real_gradients(name, x):
    f = getattr(np.emath, name)
    ours, theirs = wg.eval_bp(f, x), f(x)
    assert np.result_type(ours) == np.result_type(theirs)
    np.testing.assert_array_equal(ours, theirs)
    g = wg.grad_bp(lambda v: np.sum(np.real(f(v)) + 3.0 * np.imag(f(v))), x)
    assert np.result_type(g) == np.result_type(x)
    if np.result_type(x) == np.float64:
        check_grads(lambda v: np.real(f(v)) + 3.0 * np.imag(f(v)), x, order=2)


def test_emath_switching_to_complex_keeps_the_other_elements_gradients():
    """One negative element makes the whole result complex; the positive elements' real
    gradients are the plain function's, and the negative one's is the real part of the
    complex derivative (the imaginary part of sqrt(x) = i sqrt(-x) moves with -1/(2 sqrt(-x)))."""
    g_real = wg.grad_bp(lambda v: np.sum(np.real(np.emath.sqrt(v))), np.array([-4.0, 4.0]))
    g_imag = wg.grad_bp(lambda v: np.sum(np.imag(np.emath.sqrt(v))), np.array([-4.0, 4.0]))
    np.testing.assert_array_equal(g_real, [0.0, 0.25])
    np.testing.assert_array_equal(g_imag, [-0.25, 0.0])
    # on arcsin's branch cut: NumPy's value at 1.5 + 0j is the limit from above, pi/2 + i acosh(1.5)
    g = wg.grad_bp(lambda v: np.imag(np.emath.arcsin(v)), 1.5)
    assert g == pytest.approx(1.0 / np.sqrt(1.5 ** 2 - 1.0), rel=1e-14, abs=0)
    g = wg.grad_bp(lambda v: np.imag(np.emath.arccos(v)), -1.5)
    assert g == pytest.approx(1.0 / np.sqrt(1.5 ** 2 - 1.0), rel=1e-14, abs=0)


def test_emath_replays_take_the_branch_of_the_new_values():
    jf = wg.jit(lambda v: np.sum(np.real(np.emath.sqrt(v)) + np.imag(np.emath.sqrt(v))))
    for x in (np.array([4.0, 9.0]), np.array([-4.0, 9.0]), np.array([4.0, 16.0]), np.array([-4.0, -9.0])):
        np.testing.assert_allclose(wg.grad_bp(jf, x), [np.sign(t) * 0.5 / np.sqrt(abs(t)) for t in x], rtol=1e-15)


# -- cov with Var aweights -----------------------------------------------------------------------

@pytest.mark.parametrize("f, args", [
    (lambda m, w: np.cov(m, aweights=w), (DATA, AW)),
    (lambda m, w: np.cov(m, fweights=FW, aweights=w, ddof=1), (DATA, AW)),
    (lambda m, w: np.cov(m, rowvar=False, aweights=w[:3]), (DATA, AW)),
    (lambda m: np.cov(m, rowvar=False, bias=True), (rand((1, 4), seed=110),)),  # m of one row: transposed
    (lambda m, w: np.cov(m, aweights=w), (crand((2, 5), seed=111), AW)),
])
def test_cov_values_are_numpys_to_the_bit(f, args):
    assert_numpys_values(f, args)


def test_cov_aweights_gradient_at_a_zero_weight_is_the_one_sided_one():
    """aweights >= 0: at a zero weight the derivative is the formula's, from above (checked
    against a one-sided difference); a negative one is NumPy's ValueError."""
    w0 = np.array([1.0, 0.0, 2.0, 0.5, 1.0])
    g = wg.grad_bp(lambda w: np.sum(np.cov(DATA, aweights=w) ** 2), w0)
    h = 1e-7
    step = np.array([0.0, h, 0.0, 0.0, 0.0])
    one_sided = (np.sum(np.cov(DATA, aweights=w0 + step) ** 2) - np.sum(np.cov(DATA, aweights=w0) ** 2)) / h
    assert g[1] == pytest.approx(one_sided, rel=1e-5, abs=0)
    with pytest.raises(ValueError, match="aweights cannot be negative"):
        wg.grad_bp(lambda w: np.sum(np.cov(DATA, aweights=w - 0.75)), w0)


def test_cov_writes_into_none_of_its_arguments():
    """NumPy 2.4's own np.cov multiplies a float fweights array by aweights in place; wengert's
    writes into nothing, with or without Var weights."""
    fw, aw, data = np.array([1.0, 2.0, 0.0, 3.0, 1.0]), AW.copy(), DATA.copy()
    wg.grad_bp(lambda m, w: np.sum(np.cov(m, fweights=fw, aweights=w)), data, aw)
    wg.grad_bp(lambda m: np.sum(np.cov(m, fweights=fw, aweights=aw)), data)
    np.testing.assert_array_equal(fw, [1.0, 2.0, 0.0, 3.0, 1.0])
    np.testing.assert_array_equal(aw, AW)
    np.testing.assert_array_equal(data, DATA)


def test_cov_aweights_replay_and_recheck():
    def f(m, w):
        return np.sum(np.cov(m, aweights=w) ** 2)
    jf = wg.jit(f)
    for scale in (1.0, 1.1, 0.9):
        got, expected = wg.grad_bp(jf, DATA, AW * scale), wg.grad_bp(f, DATA, AW * scale)
        np.testing.assert_array_equal(got[0], expected[0])
        np.testing.assert_array_equal(got[1], expected[1])
    assert jf.stats["replays"] >= 2
    with pytest.raises(ValueError, match="aweights cannot be negative"):
        wg.grad_bp(jf, DATA, AW - 1.0)


# -- ix_, shares_memory, may_share_memory --------------------------------------------------------

@pytest.mark.parametrize("args", [
    lambda v: (v, [0, 2]), lambda v: ([True, False, True], v), lambda v: (v, v, []), lambda v: (v,),
])
def test_ix_values_are_numpys(args):
    x = rand((3,), seed=117)
    ours = wg.stop_gradient(wg.vjp(lambda v: np.ix_(*args(v)), x)[0])
    theirs = np.ix_(*args(x))
    assert len(ours) == len(theirs)
    for o, t in zip(ours, theirs):
        assert o.shape == t.shape and o.dtype == t.dtype
        np.testing.assert_array_equal(o, t)


def test_ix_of_a_var_that_is_not_1d_is_numpys_error():
    for x in (0.5, np.ones((2, 2))):
        with pytest.raises(ValueError, match="Cross index must be 1 dimensional"):
            wg.grad_bp(lambda v: np.sum(np.ix_(v)[0]), x)


def test_shares_memory_answers_on_the_values():
    x = rand((4,), seed=118)

    def f(v):
        w = v * 2.0
        answers = (np.shares_memory(v, v[1:]), np.may_share_memory(v, x), np.shares_memory(v, w),
                   np.may_share_memory(w[::2], w), np.shares_memory(v, v, max_work=None))
        assert all(type(a) is bool for a in answers)
        assert answers == (True, True, False, True, True)  # a leaf's value is the caller's x itself
        return np.sum(w)
    np.testing.assert_array_equal(wg.grad_bp(f, x), np.full(4, 2.0))


def _weighted_cov(x, aweights, fweights=None, ddof=None, bias=False):
    """np.cov's documented formula, written out (rows are variables)."""
    w = aweights if fweights is None else aweights * fweights
    v1 = np.sum(w)
    centred = x - (np.sum(x * w, axis=1) / v1)[:, None]
    ddof = (0 if bias else 1) if ddof is None else ddof
    return (centred * w) @ centred.T / (v1 - ddof * np.sum(w * aweights) / v1)


@pytest.mark.parametrize("kwargs", [{}, {"fweights": np.array([1, 2, 0, 3, 1, 1])}, {"ddof": 0}, {"ddof": 2},
                                    {"bias": True}, {"fweights": np.array([1, 2, 0, 3, 1, 1]), "ddof": 3}],
                         ids=["default", "fweights", "ddof0", "ddof2", "bias", "fweights-ddof3"])
def test_cov_gradient_in_aweights_with_a_zero_weight_is_the_formulas(kwargs):
    # a zero weight: finite differences cannot step there (NumPy refuses negative weights),
    # so the reference is the gradient of the formula, first and second order
    x = rand((3, 6), seed=8)
    a = rand((6,), low=0.2, high=1.0, seed=9)
    a[2] = 0.0
    u = rand((3, 3), seed=10)
    ours = lambda x, a: np.sum(np.cov(x, aweights=a, **kwargs) * u)  # noqa: E731
    formula = lambda x, a: np.sum(_weighted_cov(x, a, **kwargs) * u)  # noqa: E731
    for argnum in (0, 1):
        np.testing.assert_allclose(wg.grad(ours, argnum)(x, a), wg.grad(formula, argnum)(x, a), rtol=1e-11, atol=1e-13)
    second = lambda f: wg.grad(lambda a: np.sum(wg.grad(f, 1)(x, a) ** 2))(a)  # noqa: E731
    np.testing.assert_allclose(second(ours), second(formula), rtol=1e-10, atol=1e-12)
