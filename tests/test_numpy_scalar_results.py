"""A NumPy scalar in, a NumPy scalar out, as NumPy and SciPy give: every public wengert function
that computes its own plain value on a NumPy scalar (``np.float64``, ``np.float32``) or a 0-d array
is surveyed here against NumPy's or SciPy's result type for the same call. (``wengert.numpy``'s
functions call NumPy's on plain values, and ``wengert.scipy.special``'s are SciPy's or built of
them.)

Before: ``wg.logistic(np.float64(0))`` was a 0-d array (``np.where``'s), where ``expit`` gives
``np.float64(0.5)``; 100 calls of a distribution's method with NumPy scalars were a 0-d array
(``laplace.cdf``, ``expon.logcdf``, ``cauchy.logsf``, ``lomax.var``...; in ``value_and_grad`` and
``jvp`` too) or a Python float (``norm.mean()``, ``gumbel_r.mean(np.float64(0.25))``), where SciPy
gives ``np.float64``.
"""
import functools

import numpy as np
import pytest

import wengert as wg
from wengert._elementary import ELEMENTARY


def _kind(x):
    return type(x), getattr(x, "dtype", None)


SCALARS = [pytest.param(np.float64(0.5), id="float64"), pytest.param(np.float32(0.5), id="float32"),
           pytest.param(np.array(0.5), id="0-d"), pytest.param(np.complex128(0.5 + 0.25j), id="complex128")]


@pytest.mark.parametrize("x", SCALARS)
@pytest.mark.parametrize("row", ELEMENTARY, ids=[row.name for row in ELEMENTARY])
def test_elementary_function_of_a_numpy_scalar_is_a_numpy_scalar(row, x):
    # the type NumPy's ufunc gives (logistic has none in NumPy: any ufunc's, np.tanh's, as expit's)
    reference = getattr(np, row.numpy or "tanh")
    got = getattr(wg, row.name)(x)
    assert _kind(got) == _kind(reference(x))
    value, gradient = wg.value_and_grad(lambda v: np.real(getattr(wg, row.name)(v)))(x)
    assert _kind(value) == _kind(np.real(reference(x)))
    if not np.iscomplexobj(x):
        primal, tangent = wg.jvp(getattr(wg, row.name), (x,), (np.ones_like(x)[()],))
        assert _kind(primal) == _kind(tangent) == _kind(reference(x))


def _stats_pairs():
    try:
        from test_stats_dtypes_every_method import _pairs
    except ImportError:  # (no SciPy: the module skips)
        return []
    return list(_pairs())


def _scipys_result(theirs, args):
    """SciPy's result of ``theirs(*args)``, read here for its type only, with scipy.integrate.quad
    held to one Gauss-Kronrod panel (epsabs=inf: its first estimate is accepted). SciPy's generic
    moments and entropy integrate numerically (recipinvgauss.var quad over its ppf, itself a root of
    a numeric cdf: 0.9 s a call; vonmises' moments 0.6 s): 62 such calls were ~25 s of this file's
    ~45 s of CPU (compiled 3.11), ~34 s on the floor. quad's value is a float however accurate,
    and the type comes from SciPy's wrappers (np.vectorize with otypes "d", stats' output arrays),
    not from it: every pair's type, at both dtypes, was checked the same with and without (SciPy 1.17
    and 1.13.1). Should the one panel make SciPy raise (a value it rejects), its full call decides."""
    import scipy.integrate
    full = scipy.integrate.quad
    scipy.integrate.quad = functools.partial(full, epsabs=np.inf)
    try:
        return theirs(*args)
    except Exception:  # noqa: BLE001
        pass
    finally:
        scipy.integrate.quad = full
    return theirs(*args)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name, method", _stats_pairs())
def test_distribution_method_of_numpy_scalars_is_a_numpy_scalar(name, method, dtype):
    st = pytest.importorskip("wengert.scipy.stats")
    scipy_stats = pytest.importorskip("scipy.stats")
    from test_stats_dtypes_every_method import MULTIVARIATE, arguments
    args, differentiable = arguments(name, method, dtype, False)
    fn = getattr(getattr(st, name), method)
    got = fn(*args)
    theirs = getattr(getattr(scipy_stats, name, None), method, None)
    try:
        want = _scipys_result(theirs, args) if theirs is not None else None
    except Exception:  # noqa: BLE001  (SciPy's signature differs: the rule below alone)
        want = None
    for i, out in enumerate(got if isinstance(got, tuple) else (got,)):
        # a 0-d result is a NumPy scalar, never a 0-d array nor a Python float
        assert isinstance(out, np.generic), (i, type(out))
        if want is not None:
            expected = want[i] if isinstance(want, tuple) else want
            if method == "support" and isinstance(expected, np.integer):
                continue  # (SciPy's discrete support starts at an int64: wengert's ends are floats)
            # SciPy's type; its float64 is float32 where the arguments are (wengert keeps float32)
            assert type(out) is (dtype if type(expected) is np.float64 and name not in MULTIVARIATE
                                 and dtype is np.float32 else type(expected)) or (
                name in MULTIVARIATE and isinstance(out, np.floating)), (type(out), type(expected))
    if isinstance(got, tuple) or not differentiable:
        return
    i = differentiable[0]

    def along(v):
        return fn(*args[:i], v, *args[i + 1:])
    value, _ = wg.value_and_grad(along)(args[i])
    primal, tangent = wg.jvp(along, (args[i],), (np.ones_like(args[i])[()],))
    assert type(value) is type(primal) is type(tangent) is type(got)


OPERATORS = {"pos": lambda x: +x, "neg": lambda x: -x, "abs": abs, "mod": lambda x: x % 3.0,
             "rmod": lambda x: 7.0 % x, "add": lambda x: x + 3.0, "sub": lambda x: 3.0 - x,
             "mul": lambda x: x * 3.0, "div": lambda x: x / 3.0, "pow": lambda x: x ** 3.0,
             "divmod": lambda x: divmod(x, 3.0)[1]}


@pytest.mark.parametrize("x", SCALARS[:3])
@pytest.mark.parametrize("name", OPERATORS)
def test_operators_on_a_numpy_scalar_give_numpys_types(name, x):
    """Before: jvp of ``x % 3.0`` on a 0-d array gave a 0-d array tangent beside NumPy's scalar (the
    remainder passes its tangent through unchanged), and ``+x`` returned x itself (a 0-d array where
    NumPy's ``+x`` is a NumPy scalar)."""
    op = OPERATORS[name]
    want = _kind(op(x))
    assert _kind(wg.vjp(op, x)[0]) == want
    primal, tangent = wg.jvp(op, (x,), (np.ones_like(x),))
    assert _kind(primal) == _kind(tangent) == want


def test_unary_plus_is_a_new_array_as_numpys():
    """Before: ``+x`` on a Var or Dual was the same object, so jvp's primal of ``lambda x: +x`` was the
    caller's own array (writing into it wrote into x); NumPy's ``+x`` is a copy."""
    x = np.array([2.0, -3.0])
    primal, tangent = wg.jvp(lambda v: +v, (x,), (np.ones(2),))
    assert primal is not x and not np.shares_memory(primal, x)
    np.testing.assert_array_equal(primal, x)
    np.testing.assert_array_equal(tangent, np.ones(2))
    np.testing.assert_array_equal(wg.grad(lambda v: np.sum(+v * v))(x), 2 * x)
    assert wg.grad(lambda v: +v * v)(3.0) == 6.0
