"""Densities with a pole at the lower end of their support, ``z^y`` with ``-1 < y < 0`` (or a zero, y > 0),
differentiated in the scale and the shape at x = 1e-300 and 1e-200 (loc 0, scale 1).

Through the powers ``z^y`` the cotangent of z, ``y z^(y - 1)``, overflowed before it met ``dz/dscale = -z / scale``:
d/dscale of weibull_min.pdf(1e-300, 0.5) was +inf for -2.5e149 (gamma, beta, gengamma, chi2, burr12, exponweib,
nakagami, f alike), the second derivatives in (scale, shape) NaN, and at 1e-200 d2/dscale2 +inf for 3.75e99.

Truths: mpmath (``mp.diff`` of the closed-form density in relative steps of the scale and the shape), at 50 and 90
digits, agreeing to 30: [d/ds, d/dk, d2/ds2, d2/ds dk, d2/dk2], k the first shape.
"""
import numpy as np
import pytest

import wengert as wg
from wengert.scipy import stats

CASES = [
    ("weibull_min", (0.5,), 1e-300, [-2.5e+149, -3.4438776394910685e+152, 3.75e+149, 1.7169388197455342e+152, 2.3720386391573148e+155]),
    ("weibull_min", (0.5,), 1e-200, [-2.5e+99, -2.2925850929940457e+102, 3.75e+99, 1.1412925464970229e+102, 1.0511692817237034e+105]),
    ("weibull_min", (0.9,), 1e-300, [-8.0999999999998761e+29, -6.2069797510838283e+32, 1.5389999999999765e+30, 5.5772817759754457e+32, 4.2807219589294726e+35]),
    ("gamma", (0.5,), 1e-300, [-2.8209479177387814e+149, -3.8862056550600182e+152, 4.2314218766081721e+149, 1.9374609316945315e+152, 2.6768373174882318e+155]),
    ("beta", (0.5, 2.0), 1e-300, [-3.75e+149, -5.1608164592366027e+152, 5.6249999999999999e+149, 2.5729082296183014e+152, 3.5511702034569901e+155]),
    ("gengamma", (2.0, 0.3), 1e-300, [-1.8000000000000275e+119, -6.2296632811369724e+121, 2.8800000000000439e+119, 3.7287979686821832e+121, 1.2936041385228504e+124]),
    ("chi2", (1.0,), 1e-300, [-1.9947114020071634e+149, -1.375363814473556e+152, 2.992067103010745e+149, 6.8568719583477082e+151, 4.7415530519997801e+154]),
    ("burr12", (0.5, 1.0), 1e-300, [-2.5e+149, -3.4438776394910685e+152, 3.75e+149, 1.7169388197455342e+152, 2.3720386391573148e+155]),
    ("exponweib", (3.0, 0.3), 1e-300, [-8.1000000000001857e+29, -1.8620939253252197e+32, 1.5390000000000353e+30, 1.6731845327926976e+32, 3.8526497630366725e+34]),
    ("exponweib", (3.0, 0.3), 1e-200, [-8.1000000000001237e+19, -1.2403959502168036e+22, 1.5390000000000235e+20, 1.1136563551951232e+22, 1.7095256814602484e+24]),
    ("nakagami", (0.3,), 1e-300, [-2.795236766274692e+119, -6.420903455748505e+122, 4.4723788260395071e+119, 3.8432246175615206e+122, 8.849584749529437e+125]),
    ("f", (1.0, 5.0), 1e-300, [-1.8980334491124721e+149, -1.3067935080807022e+152, 2.8470501736687082e+149, 6.5149872059123863e+151, 4.4986038670887865e+154]),
    # a zero z^y, y = 1/2: d2/dscale2 was -inf, the truth 5.6e-150 (weibull_min)
    ("weibull_min", (1.5,), 1e-300, [-2.25e-150, -1.0351632918473206e-147, 5.6250000000000001e-150, 1.5512449377709809e-147, 7.1437469385878731e-145]),
    ("gamma", (1.5,), 1e-300, [-1.6925687506432689e-150, -7.7949788934619468e-148, 4.2314218766081722e-150, 1.1681184548521965e-147, 5.3848545505503115e-145]),
    ("beta", (1.5, 2.0), 1e-300, [-5.6250000000000001e-150, -2.5864082296183014e-147, 1.40625e-149, 3.8758623444274521e-147, 1.7838664080632736e-144]),
]


@pytest.mark.parametrize("name, shapes, x, truth", CASES, ids=[f"{c[0]}{c[1]}-{c[2]:g}".replace(" ", "") for c in CASES])
def test_scale_and_shape_derivatives_at_the_pole(name, shapes, x, truth):
    dist = getattr(stats, name)

    def f(p):
        return dist.pdf(x, p[1], *shapes[1:], 0.0, p[0])
    p = np.array([1.0, shapes[0]])
    # the value is the powers' own, as before
    assert float(f(p)) == float(dist.pdf(x, *shapes))
    g, h = truth[:2], np.array([[truth[2], truth[3]], [truth[3], truth[4]]])
    np.testing.assert_allclose(wg.grad(f)(p), g, rtol=1e-11)
    for second in (wg.hessian(f), wg.jacfwd(wg.jacfwd(f)), wg.jacfwd(wg.grad(f))):
        np.testing.assert_allclose(second(p), h, rtol=1e-11)



# x (or loc) traced too: the density as t^y / scale times the rest, each derivative's powers of t on their own. Before,
# with x traced, the powers through z: d/dscale of weibull_min.pdf(1e-300, 0.5) +inf for -2.5e149, d2/dscale2 NaN,
# weibull_min(1.5)'s d2/dx dscale +inf by jacrev(jacfwd) for -1.125e150, exponweib's scale entries NaN, dweibull not
# wrapped (d/dscale +inf for -1.25e149). Truths: mpmath (mp.diff of the closed-form density, relative steps in x, scale
# and the shape, |x| steps in loc, at 400 and 480 digits, agreeing to 30) in p = [x, loc, scale, k], k the first shape:
# [gradient], [hessian rows]. The infinite ones (the x-derivatives where t^(y - n) overflows) may come out NaN (on the
# reverse paths an infinite cotangent of the rest of the density meets its finite partials; in x and the shape two
# infinite terms of the product, y t^(y - 1) log t and y t^(y - 1), meet), never finite.
inf = np.inf
TRACED_X = [
    ("weibull_min", (0.5,), 1e-300, [-inf, inf, -2.5e+149, -3.4438776394910686e+152], [[inf, -inf, inf, inf], [-inf, inf, -inf, -inf], [inf, -inf, 3.75e+149, 1.7169388197455342e+152], [inf, -inf, 1.7169388197455342e+152, 2.372038639157315e+155]]),
    ("weibull_min", (1.5,), 1e-300, [7.5e+149, -7.5e+149, -2.25e-150, -1.0351632918473205e-147], [[-inf, inf, -1.125e+150, -5.160816459236603e+152], [inf, -inf, 1.125e+150, 5.160816459236603e+152], [-1.125e+150, 1.125e+150, 5.625e-150, 1.5512449377709807e-147], [-5.160816459236603e+152, 5.160816459236603e+152, 1.5512449377709807e-147, 7.143746938587874e-145]]),
    ("exponweib", (3.0, 0.3), 1e-300, [-inf, inf, -8.100000000000185e+29, -1.8620939253252195e+32], [[inf, -inf, inf, inf], [-inf, inf, -inf, -inf], [inf, -inf, 1.5390000000000352e+30, 1.6731845327926975e+32], [inf, -inf, 1.6731845327926975e+32, 3.8526497630366723e+34]]),
    ("dweibull", (0.5,), -1e-300, [inf, -inf, -1.25e+149, -1.7219388197455343e+152], [[inf, -inf, -inf, -inf], [-inf, inf, inf, inf], [-inf, inf, 1.875e+149, 8.584694098727671e+151], [-inf, inf, 8.584694098727671e+151, 1.1860193195786574e+155]]),
    ("gamma", (0.5,), 1e-120, [-2.820947917738782e+179, 2.820947917738782e+179, -2.8209479177387816e+59, -1.54783551060077e+62], [[4.231421876608173e+299, -4.231421876608173e+299, 1.410473958869391e+179, 7.795596511358626e+181], [-4.231421876608173e+299, 4.231421876608173e+299, -1.410473958869391e+179, -7.795596511358626e+181], [1.410473958869391e+179, -1.410473958869391e+179, 4.231421876608172e+59, 7.682758594649075e+61], [7.795596511358626e+181, -7.795596511358626e+181, 7.682758594649075e+61, 4.246157245902585e+64]]),
    ("f", (1.0, 5.0), 1e-200, [-1.898033449112472e+299, 1.898033449112472e+299, -1.8980334491124722e+99, -8.697551554876571e+101], [[inf, -inf, 9.49016724556236e+298, 4.367756111929411e+301], [-inf, inf, -9.49016724556236e+298, -4.367756111929411e+301], [9.49016724556236e+298, -9.49016724556236e+298, 2.8470501736687085e+99, 4.329795442947161e+101], [4.367756111929411e+301, -4.367756111929411e+301, 4.329795442947161e+101, 1.992759613634478e+104]]),
]


def _agrees(got, truth):
    got, truth = np.asarray(got), np.asarray(truth)
    finite = np.isfinite(truth)
    np.testing.assert_allclose(got[finite], truth[finite], rtol=1e-11)
    # (an infinite truth: never a finite number; NaN where two infinite terms of the product meet)
    assert not np.any(np.isfinite(got[~finite]))


@pytest.mark.parametrize("name, shapes, x, gradient, hessian", TRACED_X,
                         ids=[f"{c[0]}{c[1]}-{c[2]:g}".replace(" ", "") for c in TRACED_X])
def test_x_loc_scale_and_shape_traced_at_the_pole(name, shapes, x, gradient, hessian):
    dist = getattr(stats, name)

    def f(p):
        return dist.pdf(p[0], p[3], *shapes[1:], p[1], p[2])
    p = np.array([x, 0.0, 1.0, shapes[0]])
    assert float(f(p)) == float(dist.pdf(x, *shapes))
    with np.errstate(invalid="ignore"):
        _agrees(wg.grad(f)(p), gradient)
        for second in (wg.hessian(f), wg.jacfwd(wg.jacfwd(f)), wg.jacrev(wg.jacfwd(f))):
            _agrees(second(p), hessian)


def test_traced_x_vector_across_the_pole_switch():
    """One call over x on both sides of 1e-100 and away from the end (weibull_min(0.5), x and the scale traced): its
    Jacobian's diagonal in x and column in the scale (mpmath, 60 digits)."""
    x = np.array([1e-300, 1e-101, 1e-99, 0.7])
    dx = [-np.inf, -7.905694150420948e+150, -7.905694150420948e+147, -0.33959781704872594]
    ds = [-2.5e+149, -7.905694150420948e+49, -7.905694150420948e+48, -0.021141054053074065]

    def f(p):
        return stats.weibull_min.pdf(p[:4], 0.5, 0.0, p[4])
    for jacobian in (wg.jacrev(f), wg.jacfwd(f)):
        j = jacobian(np.append(x, 1.0))
        np.testing.assert_allclose(np.diag(j[:, :4]), dx, rtol=1e-11)
        np.testing.assert_allclose(j[:, 4], ds, rtol=1e-11)
        assert np.all(j[:, :4][~np.eye(4, dtype=bool)] == 0)
