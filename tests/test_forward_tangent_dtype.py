"""Forward mode's tangent is in its value's dtype (float32 stays float32), as reverse mode's
gradients are in their arguments' dtypes.

Before: 21 of the 154 elementwise ufuncs with a rule and a float32 loop here (``ndtr``,
``log_ndtr``, ``ndtri``, ``gammainc``, ``stdtr``, ``digamma``, ``log2``, ``exp2``, ``maximum``, ...)
gave ``wg.jvp`` a float64 tangent beside their float32 value: a float64 NumPy number in the
partial (``np.sqrt(2.0 * np.pi)``, ``np.log(2.0)``) or a derivative SciPy computes in float64.
wengert.forward now rounds such a tangent to the dtype of the value and of the arguments'
tangents (never narrower than either: a float64 tangent stays float64).
"""
import warnings

import numpy as np
import pytest

import wengert as wg
from wengert.primitive import PRIMITIVES

pytest.importorskip("wengert.scipy.special")


def _ufuncs():
    """The elementwise ufuncs with a rule whose float32 loop gives float32 at (0.3, 0.6) or (1.5, 2.5)."""
    for u in sorted((k for k in PRIMITIVES if isinstance(k, np.ufunc) and k.nout == 1 and k.signature is None),
                    key=lambda u: u.__name__):
        for point in ((0.3, 0.6), (1.5, 2.5)):
            args = [np.array(point, np.float32)] * u.nin
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    value = u(*args)
                except TypeError:  # (no float loop: integer arguments)
                    break
            if value.dtype == np.float32 and np.all(np.isfinite(value)):
                yield pytest.param(u, point, id=PRIMITIVES[u].name)
                break


UFUNCS = list(_ufuncs())


def test_the_ufuncs_are_found():
    assert len(UFUNCS) >= 100, len(UFUNCS)


#: the argument differentiated where it is not the last (the others: the last; an order or a count before
#: it is refused)
MOVING = {"ellipkinc": 0, "ellipeinc": 0}


def _arguments(ufunc, point, dtype):
    """The point in ``dtype``, each argument apart (maximum's ties); a polynomial's degree whole."""
    args = [np.array(point, dtype) + dtype(0.01 * i) for i in range(ufunc.nin)]
    if ufunc.__name__.startswith("eval_"):
        args[0] = np.array([2.0, 3.0], dtype)
    return args


def _tangents(ufunc, args, every=True):
    """Ones for every argument (``every``) or for the one every rule differentiates."""
    moving = MOVING.get(ufunc.__name__, len(args) - 1)
    return [np.ones_like(a) if every or i == moving else None for i, a in enumerate(args)]


def _jvp(ufunc, args):
    """``wg.jvp`` with every argument moving, or only the differentiated one where another's rule
    refuses (an order, a count)."""
    try:
        return wg.jvp(lambda *a: ufunc(*a), args, _tangents(ufunc, args))
    except wg.NoGradientRule:
        return wg.jvp(lambda *a: ufunc(*a), args, _tangents(ufunc, args, every=False))


@pytest.mark.filterwarnings("ignore::RuntimeWarning", "ignore::DeprecationWarning")
@pytest.mark.parametrize("ufunc, point", UFUNCS)
def test_tangent_in_the_value_dtype(ufunc, point):
    for dtype in (np.float32, np.float64):
        args = _arguments(ufunc, point, dtype)
        value, tangent = _jvp(ufunc, args)
        assert value.dtype == tangent.dtype == dtype, (value.dtype, tangent.dtype)
        if dtype == np.float32:
            wide = [a.astype(np.float64) for a in args]
            want = _jvp(ufunc, wide)[1]
            np.testing.assert_allclose(tangent, want, rtol=1e-4, atol=1e-6)  # (rounded, not changed)
    # jacfwd's directions too
    args = _arguments(ufunc, point, np.float32)
    moving = MOVING.get(ufunc.__name__, len(args) - 1)
    jac = wg.jacfwd(lambda x: ufunc(*args[:moving], x, *args[moving + 1:]))(args[moving])
    assert jac.dtype == np.float32


def test_a_float64_tangent_stays_float64():
    """The tangent is rounded to the value's and the given tangents' dtype: a float64 tangent of a
    float32 argument (NumPy's float32 * float64) keeps float64."""
    x = np.array([0.3, 0.6], np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            _, t = wg.jvp(lambda x: np.log2(x), (x,), (np.ones(2, np.float64),))
        except (TypeError, ValueError):
            pytest.skip("jvp refuses a tangent of another dtype")
    assert t.dtype == np.float64


def test_nested_forward_keeps_working():
    """Forward over forward (a traced tangent) in float32: the second derivative of ndtr."""
    sc = pytest.importorskip("scipy.special")
    x = np.array([0.3, -1.2], np.float32)
    second = wg.jvp(lambda x: wg.jvp(sc.ndtr, (x,), (np.ones_like(x),))[1], (x,), (np.ones_like(x),))[1]
    want = -x.astype(np.float64) * np.exp(-0.5 * x.astype(np.float64) ** 2) / np.sqrt(2 * np.pi)
    np.testing.assert_allclose(second, want, rtol=1e-5)
