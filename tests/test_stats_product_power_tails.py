"""exponweib's and burr's lower tails near x = loc, whose leading power ``z^(a c)`` (burr's ``z^(c d)``) has a rounded
product for its exponent: its rounding ``lo`` is kept (:func:`_product_power_kept`). Through ``z ** (a * c)`` the
value lost ``lo log z`` (exponweib.cdf(1.5e-300, 2.5, 0.4, 0, 1.5) 231 ulp off, 182 at (0.3, 3), burr.cdf(1.5e-20,
0.4, 2.5) 17), and where ``a c`` rounds to 1 the second derivative in x, ``lo (1 + lo) z^(lo - 1) / scale^2``, was
-3.1e179 for the truth 2.47e283 (the cdf's, sf's and logsf's). Truths: mpmath jets at 680 digits
(tools/far_and_near0_truths.py's ``truths``), rounded once."""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from wengert.scipy import stats  # noqa: E402

#: (family, method, (x, *shapes, loc, scale), value, gradient, the Hessian's first row)
POINTS = [
    ('exponweib', 'cdf', (1.5e-300, 2.5, 0.4, 0.0, 1.5), 9.999999999999617e-301,
     [0.6666666666666411, -2.763102111592749e-298, -1.726938819745468e-297, -0.6666666666666411,
      -6.6666666666664115e-301],
     [2.4671622769446975e+283, -183.94014077284996, -1149.6258798303122, -2.4671622769446975e+283,
      -0.44444444444442743]),
    ('burr', 'logsf', (1.5e-300, 0.4, 2.5, 0.0, 1.5), -9.999999999999617e-301,
     [-0.6666666666666411, 1.726938819745468e-297, 2.763102111592749e-298, 0.6666666666666411,
      6.6666666666664115e-301],
     [-2.4671622769446975e+283, 1149.6258798303122, 183.94014077284996, 2.4671622769446975e+283,
      0.44444444444442743]),
    ('exponweib', 'cdf', (1.5e-300, 0.3, 3.0, 0.0, 1.5), 1.0000000000000232e-270,
     [6.000000000000138e+29, -2.072326583694689e-267, -2.072326583694689e-268, -6.000000000000138e+29,
      -6.000000000000139e-271],
     [-np.inf, -1.2413959502168132e+33, -1.2413959502168132e+32, np.inf, -3.600000000000083e+29]),
    ('burr', 'cdf', (1.5e-20, 0.4, 2.5, 0.0, 1.5), 9.999999749999979e-21,
     [0.6666666433333321, -1.1512925062017818e-18, -1.842068029343531e-19, -0.6666666433333321,
      -6.666666433333323e-21],
     [-622222191755.0586, -75.08616606391246, -12.013786748819006, 622222191755.0586, -0.44444442266666623]),
    ('exponweib', 'logsf', (1.5e-150, 1.5, 2.0 / 3.0, 0.0, 1.5), -1.0000000000000193e-150,
     [-0.6666666666666794, 2.3025850929940898e-148, 5.1808164592367026e-148, 0.6666666666666794,
      6.666666666666794e-151],
     [2.4671622769448396e+133, 153.0612284218282, 344.38776394911343, -2.4671622769448396e+133, 0.4444444444444529]),
]


@pytest.mark.parametrize("family, method, at, value, grad, row", POINTS,
                         ids=[f"{p[0]}.{p[1]}-{p[2][0]:g}-{p[2][1]:g}" for p in POINTS])
def test_lower_tail_with_a_rounded_product_exponent_against_mpmath(family, method, at, value, grad, row):
    def f(v):
        return getattr(getattr(stats, family), method)(*v)
    at = np.array(at)
    assert abs(float(f(at)) - value) <= 2 * np.spacing(abs(value))
    np.testing.assert_allclose(wg.grad(f)(at), grad, rtol=4e-15, atol=1e-300)
    with np.errstate(all="ignore"):
        np.testing.assert_allclose(wg.hessian(f)(at)[0], row, rtol=1e-13, atol=1e-300)


#: (family, method, (x, *shapes, loc, scale), d2/dloc dscale): near x = loc the leading power z^k's d2/dloc dscale,
#: k^2 z^(k - 1) / scale^2 (a finite 3.6e29 here), came through z as z^(k - 2) times z, z^(k - 2) overflowing (-inf
#: or +inf). Truths: mp.diff at 1500 digits of the closed forms.
MIXED = [
    ('burr', 'cdf', (1.5e-300, 3.0, 0.3, 0.0, 1.5), 3.600000000000083e+29),
    ('burr', 'logsf', (1.5e-300, 3.0, 0.3, 0.0, 1.5), -3.600000000000083e+29),
    ('mielke', 'sf', (1.5e-300, 0.9, 3.0, 0.0, 1.5), -3.599999999999945e+29),
    ('fisk', 'cdf', (1.5e-300, 0.9, 0.0, 1.5), 3.599999999999945e+29),
    ('burr12', 'sf', (1.5e-300, 0.9, 2.5, 0.0, 1.5), -8.999999999999863e+29),
]


@pytest.mark.parametrize("family, method, at, truth", MIXED, ids=[f"{p[0]}.{p[1]}" for p in MIXED])
def test_lower_tail_power_mixed_loc_scale_derivative_against_mpmath(family, method, at, truth):
    def f(v):
        return getattr(getattr(stats, family), method)(*v)
    at = np.array(at)
    with np.errstate(all="ignore"):
        for h in (wg.hessian(f)(at), wg.jacfwd(wg.grad(f))(at)):
            h = np.asarray(h)
            np.testing.assert_allclose([h[-2, -1], h[-1, -2]], truth, rtol=1e-14)
