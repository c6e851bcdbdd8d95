"""``scipy.integrate``'s ``trapezoid`` and ``cumulative_trapezoid`` (in ``y``, ``x`` and ``dx``).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode); below, the values against SciPy's and
the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.integrate as si  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy.integrate as wsi  # noqa: E402
from opcheck import case, gradient_test, ids, listing_test, rand, values_are_scipys  # noqa: E402

INTEGRATE = ("trapezoid", "cumulative_trapezoid")

Y = rand((3, 5), seed=40)
X1 = np.cumsum(rand((5,), low=0.1, high=1.0, seed=41))
X2 = np.cumsum(rand((3, 5), low=0.1, high=1.0, seed=42), axis=1)

CASES = [
    # -- the trapezoidal rule: in y, x (1-d or y's shape), dx; both axes; initial=0
    case(wsi.trapezoid, wsi.trapezoid, Y, id="trapezoid"),
    case(wsi.trapezoid, lambda y, x: wsi.trapezoid(y, x), Y, X1, id="trapezoid-x"),
    case(wsi.trapezoid, lambda y, dx: wsi.trapezoid(y, dx=dx, axis=0), Y, 0.3, id="trapezoid-dx-axis0"),
    case(wsi.cumulative_trapezoid, wsi.cumulative_trapezoid, Y, id="cumulative_trapezoid"),
    case(wsi.cumulative_trapezoid, lambda y, x: wsi.cumulative_trapezoid(y, x, initial=0), Y, X1,
         id="cumulative_trapezoid-x-initial"),
    case(wsi.cumulative_trapezoid, lambda y, x: wsi.cumulative_trapezoid(y, x, axis=-1), Y, X2,
         id="cumulative_trapezoid-x-full"),
    case(wsi.cumulative_trapezoid, lambda y, dx: wsi.cumulative_trapezoid(y, dx=dx, axis=0, initial=0), Y, 0.7,
         id="cumulative_trapezoid-dx-axis0"),
    case(wsi.cumulative_trapezoid, wsi.cumulative_trapezoid, rand((2,), seed=43), id="cumulative_trapezoid-two-points"),
]

test_gradient = gradient_test(CASES)
test_every_function_is_listed_and_has_a_case = listing_test(
    [f"integrate.{n}" for n in INTEGRATE], [getattr(wsi, n) for n in INTEGRATE], CASES)


@pytest.mark.parametrize("c", CASES, ids=ids(CASES))
def test_values_are_scipys(c, monkeypatch):
    values_are_scipys(c, monkeypatch, {n: (wsi, si) for n in INTEGRATE})


def test_cumulative_trapezoid_initial_other_than_zero_is_refused():
    with pytest.raises(ValueError, match="`initial` must be None or 0"):
        wsi.cumulative_trapezoid(np.ones(3), initial=1.0)
    with pytest.raises(ValueError, match="`initial` must be None or 0"):
        wg.grad_bp(lambda c: np.sum(wsi.cumulative_trapezoid(np.ones(3), initial=c)), 0.0)
