"""Second derivatives at points within 1e-100 of a function's switching point that were NaN where the truth is a
number (or an infinity): every path (reverse over reverse, both mixed orders, forward over forward), one vectorised
call each. Truths: mpmath (60 and 90 digits agree to every printed digit; derivatives in x taken in x (1 + u)), or
the closed form where mpmath's difference needs more digits than the point has (d2/dx2 of t.cdf: the density's slope
``-f(0) (df + 1) t / df``)."""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from wengert.scipy import stats  # noqa: E402

PATHS = (wg.hessian, lambda f: wg.jacfwd(wg.jacrev(f)), lambda f: wg.jacrev(wg.jacfwd(f)),
         lambda f: wg.jacfwd(wg.jacfwd(f)))


def check(f, x, truth, rtol=1e-13):
    for path in PATHS:
        got = np.asarray(path(f)(np.asarray(x, dtype=float)))
        np.testing.assert_allclose(got, truth, rtol=rtol, atol=0)


def test_t_cdf_hessian_in_x_and_df_at_a_tiny_x():
    """t.cdf(1e-200, 2) in (x, df): the row of df was NaN (d/d df through r = df / t^2, overflowing from |t| = 1e-154,
    its derivative from 1e-103); at 1e-100 d2/dx ddf was 1.2e-13 off. Now t f(0) (digamma terms) below t^2 = 1e-32."""
    f02 = 0.35355339059327376  # (the density at 0, df = 2: 1 / (2 sqrt(2)))
    for x in (1e-200, -1e-120, 1e-100):
        truth = [[-f02 * 1.5 * x, 0.020100507077818523722], [0.020100507077818523722, -1.7430437951279136802e-2 * x]]
        check(lambda v: stats.t.cdf(v[0], v[1]), [x, 2.0], truth)


def test_burr12_logcdf_hessian_at_a_tiny_x():
    """burr12.logcdf(1e-300, 0.05, 2) in (x, c, d): d2/dx2 was NaN (-c / z^2 and z^c's c (c - 1) z^(c - 2) overflowing
    apart), the truth -inf; the other entries as before."""
    truth = [[-np.inf, 1.0000000000000503e+300, -2.4999999999999911e+283],
             [1.0000000000000503e+300, -7.1575624491458069e-10, 3.4538776394910562e-13],
             [-2.4999999999999911e+283, 3.4538776394910562e-13, -0.25]]
    check(lambda v: stats.burr12.logcdf(v[0], v[1], v[2]), [1e-300, 0.05, 2.0], truth)


def test_quantiles_through_exp_of_ndtri_at_a_tiny_q():
    """lognorm.ppf(1e-300, 1, 0, 1.5) in (q, s, scale) and powerlognorm.ppf(1e-300, 2, 1, 0, 1.5) in (q, scale):
    d2/dq2 was NaN (exp(s ndtri(p))'s ``z s^2 / pdf^2`` and ``z s u / pdf^2`` overflowing apart), the truth -3.2e582
    = -inf; the other entries as before (mpmath, 400 and 500 digits; powerlognorm's slope 3.2309879807494828e282 at
    700 and 800). Within 5e-13: ndtri's rounding at 1e-300 (u = -37) times u^2 in the slope's exp(u^2 / 2)."""
    check(lambda v: stats.lognorm.ppf(v[0], v[1], 0.0, v[2]), [1e-300, 1.0, 1.5],
          [[-np.inf, -1.187249577662781e+284, 2.1957377977650876e+282],
           [-1.187249577662781e+284, 1.6759077688682089e-13, -3.0158148883895236e-15],
           [2.1957377977650876e+282, -3.0158148883895236e-15, 0.0]], rtol=5e-13)
    slope = 3.2309879807494828e+282 / 1.5
    check(lambda v: stats.powerlognorm.ppf(v[0], 2.0, 1.0, 0.0, v[1]), [1e-300, 1.5], [[-np.inf, slope], [slope, 0.0]],
          rtol=5e-13)


#: (family, x, shapes, the indices of the traced shapes, the Hessian of pdf(x, *shapes, 0, scale) at scale 1 in (x, the
#: traced shapes, scale)): each a shape at which the density's power of z has exponent 0 (gamma's a = 1, exponweib's a c
#: = 1, ...), x subnormal (1e-310 and below) or, for exponweib, 1e-300 with c < 1. mpmath at 420 digits (steps of
#: 1e-60 relative in each argument: a subnormal x moves the density by x times the step)
_EXPONENT_ZERO = [
    ('gamma', 5e-324, (1.0,), (0,), [
        [1.0, np.inf, 2.0],
        [np.inf, 553330.3039839814, 742.8628562564797],
        [2.0, 742.8628562564797, 2.0]]),
    ('weibull_min', 5e-324, (1.0,), (0,), [
        [1.0, np.inf, 2.0],
        [np.inf, 552702.1405384685, 742.4400719213812],
        [2.0, 742.4400719213812, 2.0]]),
    ('exponpow', 1e-310, (1.0,), (0,), [
        [-1.0, np.inf, 3e-310],
        [np.inf, 508084.80565931776, 711.8013788281542],
        [3e-310, 711.8013788281542, 2.0]]),
    ('beta', 5e-324, (1.0, 2.5), (0,), [
        [1.875, np.inf, 7.5],
        [np.inf, 1379226.6419927347, 1854.3992490395863],
        [7.5, 1854.3992490395863, 5.0]]),
    ('betaprime', 5e-324, (1.0, 2.5), (0,), [
        [39.375, np.inf, 17.5],
        [np.inf, 1379226.6419927347, 1854.3992490395863],
        [17.5, 1854.3992490395863, 5.0]]),
    ('f', 5e-324, (2.0, 5.0), (0,), [
        [2.52, np.inf, 2.8],
        [np.inf, 137891.82801565976, 370.8379951738543],
        [2.8, 370.8379951738543, 2.0]]),
    ('exponweib', 1e-300, (2.0, 0.5), (0, 1), [
        [np.inf, 4.9999999999999995e+299, 1.9999999999999998e+300, 1.125e+150],
        [4.9999999999999995e+299, 118947.31972181484, 475099.5033593612, 344.38776394910684],
        [1.9999999999999998e+300, 475099.5033593612, 1903157.1155490375, 1377.5510557964274],
        [1.125e+150, 344.38776394910684, 1377.5510557964274, 2.0]]),
    ('dweibull', 5e-324, (1.0,), (0,), [
        [0.5, np.inf, 1.0],
        [np.inf, 276351.07026923425, 371.2200359606906],
        [1.0, 371.2200359606906, 1.0]]),
    ('gengamma', 5e-324, (1.0, 1.0), (0, 1), [
        [1.0, np.inf, np.inf, 2.0],
        [np.inf, 553330.3039839814, 552273.01528304, 742.8628562564797],
        [np.inf, 552273.01528304, 552702.1405384685, 742.4400719213812],
        [2.0, 742.8628562564797, 742.4400719213812, 2.0]]),
    ('chi', 5e-324, (1.0,), (0,), [
        [-0.7978845608028654, np.inf, 1e-323],
        [np.inf, 441425.2300817138, 592.6725538177362],
        [1e-323, 592.6725538177362, 1.5957691216057308]]),
    ('nakagami', 1e-310, (0.5,), (0,), [
        [-0.7978845608028654, np.inf, 2.3936536824086e-310],
        [np.inf, 1620957.938962122, 1135.6549427101431],
        [2.3936536824086e-310, 1135.6549427101431, 1.5957691216057308]]),
    ('burr12', 5e-324, (1.0, 2.0), (0, 1), [
        [24.0, np.inf, -5.0, 12.0],
        [np.inf, 1105404.281076937, -743.4400719213812, 1484.8801438427624],
        [-5.0, -743.4400719213812, -1e-323, -1.0],
        [12.0, 1484.8801438427624, -1.0, 4.0]]),
    ('burr', 5e-324, (2.0, 0.5), (0, 1), [
        [-3.0, np.inf, np.inf, 4.4e-323],
        [np.inf, 138175.53513461712, 551958.7004665472, 371.2200359606906],
        [np.inf, 551958.7004665472, 2210808.562153874, 1484.8801438427624],
        [4.4e-323, 371.2200359606906, 1484.8801438427624, 2.0]]),
    ('fisk', 5e-324, (1.0,), (0,), [
        [6.0, np.inf, 4.0],
        [np.inf, 552702.1405384685, 742.4400719213812],
        [4.0, 742.4400719213812, 2.0]]),
    ('mielke', 5e-324, (1.0, 2.0), (0, 1), [
        [-3.0, np.inf, 1.103e-320, 4.4e-323],
        [np.inf, 552702.1405384685, -0.0, 742.4400719213812],
        [1.103e-320, -0.0, -0.0, -0.0],
        [4.4e-323, 742.4400719213812, -0.0, 2.0]]),
    ('ncx2', 5e-324, (2.0, 0.5), (0, 1), [
        [0.05171723950083548, np.inf, 0.17036267129686983, 0.2920502936517768],
        [np.inf, 53967.194702237335, 72.48259981466026, 144.7704994335527],
        [0.17036267129686983, 72.48259981466026, 0.09735009788392561, 0.19470019576785122],
        [0.2920502936517768, 144.7704994335527, 0.19470019576785122, 0.7788007830714049]]),
]


@pytest.mark.parametrize("name, x, shapes, traced, truth", _EXPONENT_ZERO, ids=[c[0] for c in _EXPONENT_ZERO])
def test_density_hessian_at_a_subnormal_x_where_the_power_of_z_is_constant(name, x, shapes, traced, truth):
    """pdf(5e-324, ...) with a shape traced where z's exponent is 0: d2/dshape dscale was -inf on the paths that took
    the scale's derivative after the shape's (jacfwd(jacrev), jacrev(jacfwd); hessian's entry the other way round
    was right), the truth finite (742.86 for gamma.pdf(5e-324, 1)): the pdf's log form took ``(a - 1) log z`` through
    z, whose ``1 / z`` overflows at a subnormal z before it meets ``dz/dscale = -z / scale``; exponweib(2, 0.5) at
    1e-300 alike (z^c's second derivative). Now log z (and z^c) from x - loc and the scale apart, as each logpdf had.
    atol: a subnormal entry's own spacing (5e-324; chi's d2/dx dscale 1e-323 is 5e-324 on some paths)."""
    dist = getattr(stats, name)

    def f(v):
        sh = list(shapes)
        for k, i in enumerate(traced):
            sh[i] = v[1 + k]
        return dist.pdf(v[0], *sh, 0.0, v[-1])
    point = np.array([x] + [shapes[i] for i in traced] + [1.0])
    for path in PATHS:
        np.testing.assert_allclose(np.asarray(path(f)(point)), truth, rtol=1e-13, atol=1e-320)
