"""t.pdf and cauchy.pdf far out on both sides (``z^2 > 64 df max(df, 1)``; cauchy ``|z| > 8``), pareto.pdf and
lomax.pdf far right (``z > 8``, ``z > 16 max(b, 1)``): a sum of powers of
``|x - loc|`` and the scale, one primitive whose derivatives are such sums (:func:`_symmetric_far_series`). Through
``exp(log density)`` the log's rounding was the density's relative error (t.pdf(1.5e150, 0.5, 0, 1.5) 562 ulp off,
t.pdf(-1.5e20, 2.5, 0, 1.5) 163, cauchy.pdf(1.5e20, 0, 1.5) 16), and d2/dscale2 of the density ``scale / (pi u^2) +
...`` cancelled through z (cauchy.pdf(1.5e20, 0, 1.5) and t.pdf(1.5e20, 1, 0, 1.5): -1.27e-57, the truth -5.66e-81).
Truths: 80-digit mpmath jets of the log density (tools/far_and_near0_truths.py's ``truths``), rounded once."""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from wengert.scipy import stats  # noqa: E402

#: (family, (x, *shapes, loc, scale), value, gradient, Hessian)
POINTS = [
    ('t', (1.5e+150, 0.5, 0.0, 1.5), 1.069003251380743e-226,
     [-0.0, -3.673774429372807e-224, 0.0, 3.563344171269143e-227],
     [[0.0, 0.0, -0.0, -0.0], [0.0, 1.2625138532391089e-221, -0.0, -1.217464788115064e-224], [-0.0, -0.0, 0.0, 0.0],
      [-0.0, -1.217464788115064e-224, 0.0, -1.1877813904230476e-227]]),
    ('t', (1.5e+20, 1.0, 0.0, 1.5), 2.1220659078919378e-41,
     [-2.829421210522584e-61, -9.519280956229338e-40, 2.829421210522584e-61, 1.414710605261292e-41],
     [[5.6588424210451675e-81, 1.2550903547779655e-59, -5.6588424210451675e-81, -1.886280807015056e-61],
      [1.2550903547779655e-59, 4.269527556530277e-38, -1.2550903547779655e-59, -6.204716243626763e-40],
      [-5.6588424210451675e-81, -1.2550903547779655e-59, 5.6588424210451675e-81, 1.886280807015056e-61],
      [-1.886280807015056e-61, -6.204716243626763e-40, 1.886280807015056e-61, -5.6588424210451675e-81]]),
    ('t', (-1.5e+20, 2.5, 0.0, 1.5), 1.198899531805287e-70,
     [2.797432240879003e-90, -5.377794949634238e-69, -2.797432240879003e-90, 1.998165886342145e-70],
     [[8.39229672263701e-110, -1.2468261580359536e-88, -8.39229672263701e-110, 4.662387068131672e-90],
      [-1.2468261580359536e-88, 2.412378661781336e-67, 1.2468261580359536e-88, -8.883064947270044e-69],
      [-8.39229672263701e-110, 1.2468261580359536e-88, 8.39229672263701e-110, -4.662387068131672e-90],
      [4.662387068131672e-90, -8.883064947270044e-69, -4.662387068131672e-90, 1.998165886342145e-70]]),
    ('t', (150000.0, 30.0, 0.0, 1.5), 2.0729068341222436e-133,
     [-4.284007444333948e-137, -1.926846188251115e-132, 4.284007444333948e-137, 4.145813655392465e-132],
     [[9.139215852971305e-141, 3.968329398296008e-136, -9.139215852971305e-141, -8.568014860393446e-136],
      [3.968329398296008e-136, 1.791410816162779e-131, -3.968329398296008e-136, -3.8398729857459337e-131],
      [-9.139215852971305e-141, -3.968329398296008e-136, 9.139215852971305e-141, 8.568014860393446e-136],
      [-8.568014860393446e-136, -3.8398729857459337e-131, 8.568014860393446e-136, 8.015239706341117e-131]]),
    ('cauchy', (1.5e+20, 0.0, 1.5), 2.1220659078919378e-41,
     [-2.829421210522584e-61, 2.829421210522584e-61, 1.414710605261292e-41],
     [[5.6588424210451675e-81, -5.6588424210451675e-81, -1.886280807015056e-61],
      [-5.6588424210451675e-81, 5.6588424210451675e-81, 1.886280807015056e-61],
      [-1.886280807015056e-61, 1.886280807015056e-61, -5.6588424210451675e-81]]),
    # (pareto's and lomax's at b = 1, where the leading term's d2/dscale2 is 0: 2.04e-56 for 0, and 0.0 for -1.19e-60;
    # truths by mp.diff at 60 digits of b s^b / u^(b + 1) and b / s (1 + u / s)^(-b - 1))
    ('pareto', (1.5e+20, 1.0, 0.0, 1.5), 6.666666666666666e-41,
     [-8.888888888888888e-61, -3.003446790658728e-39, 8.888888888888888e-61, 4.4444444444444443e-41],
     [[1.7777777777777776e-80, 3.960151276433859e-59, -1.7777777777777776e-80, -5.925925925925926e-61],
      [3.960151276433859e-59, 1.352437226981065e-37, -3.960151276433859e-59, -1.9578534159947073e-39],
      [-1.7777777777777776e-80, -3.960151276433859e-59, 1.7777777777777776e-80, 5.925925925925926e-61],
      [-5.925925925925926e-61, -1.9578534159947073e-39, 5.925925925925926e-61, 0.0]]),
    ('lomax', (1.5e+20, 1.0, 0.0, 1.5), 6.666666666666666e-41,
     [-8.888888888888888e-61, -3.003446790658728e-39, 8.888888888888888e-61, 4.4444444444444443e-41],
     [[1.7777777777777776e-80, 3.960151276433859e-59, -1.7777777777777776e-80, -5.925925925925926e-61],
      [3.960151276433859e-59, 1.352437226981065e-37, -3.960151276433859e-59, -1.9578534159947073e-39],
      [-1.7777777777777776e-80, -3.960151276433859e-59, 1.7777777777777776e-80, 5.925925925925926e-61],
      [-5.925925925925926e-61, -1.9578534159947073e-39, 5.925925925925926e-61, -1.1851851851851852e-60]]),
]


@pytest.mark.parametrize("family, at, value, grad, hess", POINTS, ids=[f"{p[0]}-{p[1][0]:g}-{p[1][1]:g}" for p in POINTS])
def test_far_density_value_and_derivatives_against_mpmath(family, at, value, grad, hess):
    def f(v):
        return getattr(stats, family).pdf(*v)
    at = np.array(at)
    assert abs(float(f(at)) - value) <= 2 * np.spacing(value)
    np.testing.assert_allclose(wg.grad(f)(at), grad, rtol=2e-15, atol=1e-300)
    np.testing.assert_allclose(wg.hessian(f)(at), hess, rtol=4e-15, atol=1e-300)
    # (reverse over reverse in the scale alone: pareto's was 2.04e-56 this way, 0 by hessian)
    rest = tuple(at[:-1])
    np.testing.assert_allclose(wg.grad(wg.grad(lambda s: f((*rest, s))))(at[-1]), hess[-1][-1], rtol=4e-15, atol=1e-300)


def test_far_density_of_an_array_mixing_near_and_far_points():
    """Each entry as its scalar call, value and d/dscale (the far form on its own points only)."""
    x = np.array([1.0, -1.5e20, 12.0, 3e5])
    got = stats.t.pdf(x, 2.5, 0.0, 1.5)
    slope = wg.grad(lambda s: np.sum(stats.t.pdf(x, 2.5, 0.0, s)))(1.5)
    assert np.array_equal(got, [float(stats.t.pdf(v, 2.5, 0.0, 1.5)) for v in x])
    np.testing.assert_allclose(slope, sum(float(wg.grad(lambda s: stats.t.pdf(v, 2.5, 0.0, s))(1.5)) for v in x),
                               rtol=1e-15)
