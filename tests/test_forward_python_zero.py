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
