"""(breadth9) NumPy functions added this session, against central finite differences
(tests/test_coverage.py runs every case again at second order and in forward mode, and
with complex arguments where the function takes them), with exact checks of what NumPy
itself decides: the conversions that pass a Var through (``asanyarray``,
``ascontiguousarray``, ``asfortranarray``, ``asarray_chkfinite``, ``require``) give
NumPy's values, dtypes and memory layouts.
"""
import numpy as np
import pytest

import wengert as wg
import wengert.numpy as wnp
from opcheck import case, gradient_test, rand

M = rand((2, 3), seed=90)
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
