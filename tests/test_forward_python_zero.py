"""Forward over reverse at a Python float where a derivative is infinite: the
result 0.0 of np.sqrt(0.0), or -inf of np.log(0.0), was turned into a Python float, so the
reverse rule dividing by it (0.5 / sqrt(x)) or by its input with a Python float seed
(1.0 / x) raised ZeroDivisionError, where reverse over reverse and NumPy's float64 give
inf. Dividing the user's own Python float by 0.0 still raises, as Python does."""
import numpy as np
import pytest

import wengert as wg

POINTS = [(np.sqrt, 0.0), (np.log, 0.0), (np.log1p, -1.0), (np.arcsin, 1.0), (np.arcsin, -1.0),
          (np.arccos, 1.0), (np.arccos, -1.0), (np.arctanh, 1.0), (np.arctanh, -1.0), (np.cbrt, 0.0),
          (np.log2, 0.0), (np.log10, 0.0), (np.reciprocal, 1.0)]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("f, x", POINTS, ids=[f"{f.__name__}({x})" for f, x in POINTS])
def test_forward_over_reverse_at_a_python_float_follows_numpy(f, x):
    with np.errstate(all="ignore"):
        want = wg.grad(wg.grad(f))(np.float64(x))
        for got in (wg.jvp(wg.grad(f), (x,), (1.0,))[1], wg.jvp(wg.grad(f), (np.float64(x),), (1.0,))[1],
                    wg.grad(wg.grad(f))(x)):
            assert np.asarray(got) == np.asarray(want) or (np.isnan(want) and np.isnan(got))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_dividing_by_a_numpy_result_of_0_follows_numpy_but_python_division_raises():
    with np.errstate(all="ignore"):
        value, tangent = wg.jvp(lambda x: 1.0 / np.sqrt(x), (0.0,), (1.0,))
        assert value == np.inf and tangent == -np.inf
        with pytest.raises(ZeroDivisionError):
            wg.jvp(lambda x: 1.0 / x, (0.0,), (1.0,))


MODULO = [pytest.param(lambda x: x % 0.0, 2.0, id="x % 0.0"), pytest.param(lambda x: x % 0, 2.0, id="x % 0"),
          pytest.param(lambda x: 2.0 % x, 0.0, id="2.0 % x"), pytest.param(lambda x: 3 % x, 0.0, id="3 % x"),
          pytest.param(lambda x: x % (x - x), 2.0, id="x % (x - x)"),
          pytest.param(lambda x: divmod(x, 0.0)[1], 2.0, id="divmod(x, 0.0)"),
          pytest.param(lambda x: divmod(5.0, x)[0], 0.0, id="divmod(5.0, x)")]


@pytest.mark.parametrize("f, x", MODULO)
def test_python_modulo_by_zero_raises_in_every_mode(f, x):
    """Before: jvp(lambda x: x % 0.0, (2.0,), (1.0,)) was (nan, 1.0) (np.remainder's NaN; divmod's
    (inf, nan)), where the plain call and grad raise ZeroDivisionError as Python does."""
    with pytest.raises(ZeroDivisionError) as plain:
        f(x)
    for run in (lambda: wg.jvp(f, (x,), (1.0,)), lambda: wg.grad(f)(x), lambda: wg.jacfwd(f)(x),
                lambda: wg.jvp(lambda v: f(v["x"]), ({"x": x},), ({"x": 1.0},))):
        with pytest.raises(ZeroDivisionError) as ours:
            run()
        assert str(ours.value) == str(plain.value)


def test_modulo_follows_the_values_type():
    """Python floats: Python's % (a float, its sign the divisor's); NumPy values: NumPy's (NaN at
    0, np.float64 and np.float32 kept)."""
    for f, x, value, tangent in ((lambda x: x % 3.0, 2.0, 2.0, 1.0), (lambda x: 7.5 % x, 2.0, 1.5, -3.0),
                                 (lambda x: x % -3.0, 2.0, -1.0, 1.0), (lambda x: divmod(7.0, x), 3.0,
                                                                         (2.0, 1.0), (0.0, -2.0))):
        got = wg.jvp(f, (x,), (1.0,))
        assert got == (value, tangent) and type(got[0]) is type(f(x))
    assert wg.hessian(lambda x: (x * x) % 3.0)(2.0) == 2.0
    with np.errstate(invalid="ignore", divide="ignore"):
        for x in (np.float64(2.0), np.float32(2.0), np.array([2.0, -1.0])):
            value, tangent = wg.jvp(lambda x: x % 0.0, (x,), (np.ones_like(x)[()],))
            np.testing.assert_array_equal(value, x % 0.0)
            assert type(value) is type(x % 0.0) and np.asarray(value).dtype == np.asarray(x).dtype
            assert np.all(np.isnan(value))
