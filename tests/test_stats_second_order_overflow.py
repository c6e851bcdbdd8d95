"""Second derivatives that overflow (or nearly) on some paths and not others: a NaN (inf - inf, 0 * inf) where the
truth is a definite number or a signed infinity, on all five second-order paths.

Truths: mpmath (40 to 800 digits; quantiles by ``mp.diff`` of the closed form or of mpmath's root of the incomplete
gamma function in ``log q`` and a); each section names its point and its p. Entries whose truth overflows are
asserted as that signed infinity."""
import numpy as np
import pytest

import wengert as wg
from wengert.scipy import stats

inf = np.inf


def _five(f, p):
    """The Hessian of f at p by jacrev(jacrev), jacfwd(jacrev), jacrev(jacfwd), jacfwd(jacfwd) and hvp (an entry
    whose truth overflows may warn so)."""
    p = np.asarray(p, dtype=float)
    with np.errstate(over="ignore"):
        return [wg.jacrev(wg.jacrev(f))(p), wg.jacfwd(wg.jacrev(f))(p), wg.jacrev(wg.jacfwd(f))(p),
                wg.jacfwd(wg.jacfwd(f))(p), np.array([wg.hvp(f, p, e) for e in np.eye(len(p))])]


def _agrees(got, truth, rtol=1e-13):
    got, truth = np.asarray(got, dtype=float), np.asarray(truth, dtype=float)
    finite = np.isfinite(truth)
    np.testing.assert_allclose(got[finite], truth[finite], rtol=rtol)
    np.testing.assert_array_equal(got[~finite], truth[~finite])


# p = [q, shape, loc, scale] at loc 0, scale 1.5; (q, shape): the Hessian's [[d2/dq2, d2/dq dk], [., d2/dk2]] of the
# standard quantile; [d/dq, d/dk] its gradient (the scale's column; loc's row 0, d2/dscale2 0). fisk.ppf below q = 1e-100 was exp(L) with L' = 1/(c q) squared overflowing: d2/dq2 NaN on every
# path for -inf; invgamma.ppf's through 1 / gammainccinv NaN by jacfwd(jacrev), jacfwd(jacfwd), hvp; isf's d2/dq2 NaN by
# reverse over reverse
QUANTILES = [
    ("fisk", "ppf", 1e-300, 2.0, [5e149, 1.7269388197455343e-148], [[-inf, 8.6096940987276713e+151],
                                                                    [8.6096940987276713e+151, 2.9650482989466435e-146]]),
    ("fisk", "ppf", 1e-120, 0.7, [5.3251338861640672e-52, 2.1019840979106572e-169],
     [[2.2822002369274579e+68, 2.9952270914635617e-49], [2.9952270914635617e-49, 1.1792997800205695e-166]]),
    ("invgamma", "ppf", 1e-300, 2.0, [2.059457654033501e+294, -1.2616031993726326e-5],
     [[-inf, -3.3308590686776603e+292], [-3.3308590686776603e+292, 1.5141632548167736e-6]]),
    ("invgamma", "ppf", 1e-120, 2.0, [1.2623402373917943e+115, -6.5925864567113653e-5],
     [[-1.2533384206567181e+235, -4.2535057201009418e+113], [-4.2535057201009418e+113, 1.0128689189023885e-5]]),
    ("invgamma", "isf", 1e-120, 2.0, [-3.5355339059327376e+179, -4.904892726798126e+61],
     [[5.3033008588991064e+299, 2.4701240329287267e+181], [2.4701240329287267e+181, 3.4512204190844865e+63]]),
    # (isf below 1e-100 through log x: forward mode's d2/dq da through x_a = -gammaincinv_da x^2 met 2 x x_q's overflow,
    # inf at 1e-200 (NaN at 1e-300, reverse too); at a = 0.5 x^2 overflowed in d/da itself, -inf for -1.19e205)
    ("invgamma", "isf", 1e-200, 2.0, [-3.535533905932738e+299, -8.161239793828419e+101],
     [[inf, 4.0982975664438737e+301], [4.0982975664438737e+301, 9.50096028277067e+103]]),
    ("invgamma", "isf", 1e-300, 7.0, [-inf, -3.025950758252451e+43], [[inf, inf], [inf, 4.3863581863117395e+44]]),
    ("invgamma", "isf", 1e-101, 0.5, [-2.5464790894703248e+303, -1.185131987629902e+205],
     [[inf, 2.3753569334387445e+306], [2.3753569334387445e+306, 1.1078595781110735e+208]]),
    # (halfgennorm.ppf at beta <= 0.0058, gamma(1 + 1/beta) overflowing: d/dbeta's gamma(1 + a) e^w dP(a + 1, w)/da was
    # inf times 1e-300, -inf for -1.83e81, d2/dbeta2 NaN; d2/dq dbeta through 1 / pdf's overflow NaN, at beta = 0.01
    # forward mode's -inf for -4.47e162)
    ("halfgennorm", "ppf", 1e-300, 0.005, [inf, -1.8341463011900801e+81], [[inf, -inf], [-inf, 3.9363469633109146e+86]]),
    ("halfgennorm", "ppf", 1e-300, 0.01, [9.694153234192169e+157, -4.470358035016311e-138],
     [[inf, -4.4720660431539e+162], [-4.4720660431539e+162, 2.072157456538406e-133]]),
]


@pytest.mark.parametrize("name, method, q, k, gradient, hessian", QUANTILES,
                         ids=[f"{c[0]}.{c[1]}-{c[2]:g}-{c[3]}" for c in QUANTILES])
def test_quantile_at_tiny_q(name, method, q, k, gradient, hessian):
    function = getattr(getattr(stats, name), method)

    def f(p):
        return function(p[0], p[1], p[2], p[3])
    s = 1.5
    truth = np.zeros((4, 4))
    truth[:2, :2] = s * np.asarray(hessian)
    truth[:2, 3] = truth[3, :2] = gradient
    for second in _five(f, [q, k, 0.0, s]):
        # (invgamma's 1 / pdf(x) an exp of a log density near -400: its rounding 400 eps per factor)
        _agrees(second, truth, rtol=1e-13 if name == "fisk" else 3e-13)


def test_invgamma_isf_d2_dq2_at_1e_300():
    """(d2/dq da there is +inf on every path, NaN before through exp(-logpdf) or x_a's x^2; d2/da2 as mpmath's,
    2.1280769232842743e+154)"""
    def f(p):
        return stats.invgamma.isf(p[0], 2.0)
    for second in _five(f, [1e-300]):
        assert second.ravel()[0] == inf
    h = wg.hessian(lambda a: stats.invgamma.isf(1e-300, a[0]))(np.array([2.0]))
    np.testing.assert_allclose(h.ravel(), [2.1280769232842743e+154], rtol=1e-13)
    for second in _five(lambda p: stats.invgamma.isf(p[0], p[1]), [1e-300, 2.0]):
        _agrees(second, [[inf, inf], [inf, 2.1280769232842743e+154]], rtol=3e-13)


# exponpow's log density and log sf at z = 1e20 / 1.5 (-exp(z^b) overflowed: each entry -inf times the signs of w's
# partials, w = z^b; mpmath's signs at 40 digits): with the scale traced jacfwd(jacfwd)'s row in b was NaN (z's tangent
# in b's direction a traced 0, times -inf)
_W_SIGNS = np.array([1.0, 1.0, -1.0, -1.0])  # (w_x, w_b, w_loc, w_scale)


@pytest.mark.parametrize("method", ["logpdf", "logsf"])
@pytest.mark.parametrize("b", [2.5, 0.5])
def test_exponpow_far_out_with_the_scale_traced(method, b):
    function = getattr(stats.exponpow, method)

    def f(p):
        return function(p[0], p[1], p[2], p[3])
    for second in _five(f, [1e20, b, 0.0, 1.5]):
        _agrees(second, -np.inf * np.outer(_W_SIGNS, _W_SIGNS))


def test_lognorm_log_tails_where_they_vanish():
    """lognorm.logsf at x = 1e-300 (and logcdf at 1e300): log(1 - Phi(-u)), u = 863 (s = 0.8, scale 1.5), -0.0 with
    every derivative below 1e-160000 (mpmath: Phi(-u) ~ e^-373235 times powers of 1/x), 0 in floats; jacfwd(jacfwd)
    gave NaN in d2/dx2, d2/dx dscale, d2/dscale2 (log_ndtr's underflowed slope times log z's overflowed 1 / u^2)."""
    for method, x in (("logsf", 1e-300), ("logcdf", 1e300)):
        function = getattr(stats.lognorm, method)

        def f(p):
            return function(p[0], p[1], p[2], p[3])
        assert f(np.array([x, 0.8, 0.0, 1.5])) == 0.0
        for second in _five(f, [x, 0.8, 0.0, 1.5]):
            _agrees(second, np.zeros((4, 4)))


# argus at its upper end x = loc + scale (chi 1, loc 0.5, scale 2), p = [x, chi, loc, scale]: -inf at every chi, its
# derivatives the limits from inside (37ca570); jacfwd(jacfwd)'s row in chi was NaN where the truth is [2 chi / s, -chi
# M'(A)' , -2 chi / s, -2 chi / s] (logpdf; logsf's 1.2 chi / s): z's tangent in chi's direction a traced 0 times
# _T_END's infinite partial. d2/dchi2 -(M'(A) + chi^2 M''(A)) = 0.49402958446868319 (mpmath, 50 digits)
_ARGUS_BLOCK = np.array([[-inf, inf, inf], [inf, -inf, -inf], [inf, -inf, -inf]])


@pytest.mark.parametrize("method, k", [("logpdf", 2.0), ("logsf", 1.2)])
def test_argus_upper_end_in_chi(method, k):
    function = getattr(stats.argus, method)

    def f(p):
        return function(p[0], p[1], p[2], p[3])
    truth = np.zeros((4, 4))
    truth[np.ix_([0, 2, 3], [0, 2, 3])] = _ARGUS_BLOCK
    truth[1] = truth[:, 1] = [k / 2.0, 0.49402958446868319, -k / 2.0, -k / 2.0]
    for second in _five(f, [2.5, 1.0, 0.5, 2.0]):
        _agrees(second, truth)


# densities with a pole at their lower end, at x = 1.5e-300 (loc 0, scale 1), p = [x, loc, scale]: through z^c / s
# times the rest of the density as a separate factor the reverse paths met the power's overflowed x-derivative (the
# rest's cotangent) with the rest's tiny partial in the scale: d2/dx dscale and d2/dloc dscale NaN by jacrev(jacrev),
# jacrev(jacfwd), hvp (d2/dscale dx, dloc by jacfwd(jacrev)) for +inf and -inf, in 17 families (exponpow's d2/dx2
# block too, on every path); mpmath (80 digits, the closed-form density) gives the infinities' signs and d2/dscale2
POLES = [("weibull_min", (0.5,), 3.0618621784789724e+149), ("gamma", (0.5,), 3.454941494713355e+149),
         ("beta", (0.5, 2.0), 4.592793267718459e+149), ("exponpow", (0.5,), 3.0618621784789724e+149)]


@pytest.mark.parametrize("name, shapes, d2_dscale2", POLES, ids=[c[0] for c in POLES])
def test_density_at_its_pole_in_x_loc_and_scale(name, shapes, d2_dscale2):
    function = getattr(stats, name).pdf

    def f(p):
        return function(p[0], *shapes, p[1], p[2])
    truth = np.array([[inf, -inf, inf], [-inf, inf, -inf], [inf, -inf, d2_dscale2]])
    for second in _five(f, [1.5e-300, 0.0, 1.0]):
        _agrees(second, truth)


def test_density_at_its_pole_third_order():
    """weibull_min.pdf(1e-300, 0.5, 0, s) at s = 1: d3/ds3 = c (-c)(-c - 1)(-c - 2) x^(c - 1) = -9.375e149 (the closed
    form's leading term; the next below 1e-150 of it), d3/dx ds2 = c (c + 1)(c - 1) x^(c - 2), -inf (NaN before)."""
    def f(p):
        return stats.weibull_min.pdf(p[0], 0.5, 0.0, p[1])
    with np.errstate(over="ignore"):
        third = wg.jacfwd(wg.hessian(f))(np.array([1e-300, 1.0]))
    np.testing.assert_allclose(third[1, 1, 1], -9.375e149, rtol=1e-13)
    assert third[0, 1, 1] == -inf and third[1, 0, 1] == -inf and third[1, 1, 0] == -inf


# argus.pdf there: 0 at every chi, d2/dx dchi -inf (3 d/dchi e^-M(A) / scale times the pole of w; e^-M(A) rises in chi
# at every chi > 0), d2/dloc dchi, d2/dscale dchi +inf, d2/dchi2 0: mpmath (200 digits) at x = loc + scale (1 - 1e-30)
# [-4.01e14, 2.3e-15, 4.01e14, 4.01e14], at 1e-60 [-4.01e29, 2.3e-30, 4.01e29, 4.01e29]. Was 0 in chi's row on five paths
def test_argus_pdf_upper_end_in_chi():
    def f(p):
        return stats.argus.pdf(p[0], p[1], p[2], p[3])
    truth = np.zeros((4, 4))
    truth[np.ix_([0, 2, 3], [0, 2, 3])] = _ARGUS_BLOCK
    truth[1] = truth[:, 1] = [-inf, 0.0, inf, inf]
    for second in _five(f, [2.5, 1.0, 0.5, 2.0]):
        _agrees(second, truth)


# and its third derivatives there: -inf times (-1)^(the count of loc and scale) wherever x, loc or the scale is among
# them (w's pole; e^-M(A)'s first and second chi-derivatives positive at every chi > 0), d3/dchi3 0: mpmath (250
# digits) at x = loc + scale (1 - 1e-30), 1e-60 d3/dx dchi2 -5.77e14, -5.77e29, d3/dchi2 dloc (dscale) 5.77e14,
# 5.77e29, d3/dx2 dchi -1.0e44, -1.0e89, d3/dx3 -1.3e74, -1.3e149. d3/dx dchi2 and d3/dchi2 dloc, dscale were 0
def test_argus_pdf_upper_end_third_order():
    def f(p):
        return stats.argus.pdf(p[0], p[1], p[2], p[3])
    counts, moved = np.array([0, 0, 1, 1]), np.array([1, 0, 1, 1])  # (loc's and scale's; x's, loc's, scale's)
    parity = counts[:, None, None] + counts[None, :, None] + counts[None, None, :]
    some = moved[:, None, None] + moved[None, :, None] + moved[None, None, :] > 0
    truth = np.where(some, -inf * (-1.0) ** parity, 0.0)
    p = np.array([2.5, 1.0, 0.5, 2.0])
    for third in (wg.jacrev(wg.jacrev(wg.jacrev(f))), wg.jacfwd(wg.jacfwd(wg.jacfwd(f)))):  # (the mixed ones too, by hand)
        np.testing.assert_array_equal(third(p), truth)


# a zero z^(1/2) at a subnormal x (loc 0), p = [x, a, scale] at scale 1: the rest's theta R = -t R there is subnormal
# itself, and _factored_power_terms scaled each group by its first part's binary exponent, putting the others' 2^1029
# past the largest float: d/dx dscale, d/dx da and the like +-inf (gamma.pdf(1e-310, 1.5)'s d2/dx da -inf for
# -4.016e157). mpmath (100 and 150 digits, agreeing) by mp.diff of the closed-form density in relative steps of x and the
# scale: [gradient], [hessian rows]; d2/dx2 (-x^(-3/2) / (4 gamma(3/2))) overflows
SUBNORMAL_X = [
    (1e-310, [5.641895835477572e+154, -8.054797798401851e-153, -1.6925687506432663e-155],
     [[-inf, -4.0161151075299824e+157, -8.462843753216357e+154],
      [-4.0161151075299824e+157, 5.749809145930003e-150, 1.2070912905931822e-152],
      [-8.462843753216357e+154, 1.2070912905931822e-152, 4.231421876608165e-155]]),
    (5e-324, [2.538240300160582e+161, -1.8672325836794854e-159, -3.7621719995973524e-162],
     [[-inf, -1.884583931327475e+164, -3.807360450240873e+161],
      [-1.884583931327475e+164, 1.3901085495655836e-156, 2.7983407608528295e-159],
      [-3.807360450240873e+161, 2.7983407608528295e-159, 9.40542999899338e-162]]),
]


@pytest.mark.parametrize("x, gradient, hessian", SUBNORMAL_X, ids=["1e-310", "5e-324"])
def test_gamma_pdf_zero_at_a_subnormal_x(x, gradient, hessian):
    def f(p):
        return stats.gamma.pdf(p[0], p[1], 0.0, p[2])
    p = np.array([x, 1.5, 1.0])
    _agrees(wg.grad(f)(p), gradient)
    for second in _five(f, p):
        _agrees(second, hessian)


# a zero z^1 with its shape traced (below 1e-100: the powers times the rest, _POLE_TERMS): the rest's t was e^(log t),
# whose round trip (|log t| eps) stayed in theta R = -t R, d2/dx2's leading term at y = 1: gamma.pdf(1e-300, 2)'s
# -2.000000000000047 for -2 ((x - 2) e^-x); and the value's ratio to the powers' scaled every derivative, with few
# digits where the value is subnormal: beta.pdf(1e-310, 2, 2.5)'s d/dx 8.750000000000444 for 8.75 (1 / B(2, 2.5), less
# 2.5 x / B). And at y = 1 (as above) as powers times the rest d2/dx2 was theta R / t's, theta R a subnormal float or 0
# where t is, or O(t^2.5) lost: beta.pdf(5e-324, 2, 2.5) -32 for -26.25, ncx2.pdf(5e-324, 4, 0.5) 0.0 for -0.17036267129686983
# (the closed form's series at 50 digits), mielke.pdf(1e-300, 2, 1.5) 0.0 for -17.5 x^(1/2) = -1.75e-149: now through z.
# Closed forms; p = [x, the first shape]
@pytest.mark.parametrize("name, shapes, x, entry, truth", [
    ("gamma", (2.0,), 1e-300, (0, 0), -2.0), ("beta", (2.0, 2.5), 1e-300, (0, 0), -26.25),
    ("beta", (2.0, 2.5), 1e-310, (0,), 8.75), ("beta", (2.0, 2.5), 5e-324, (0, 0), -26.25),
    ("ncx2", (4.0, 0.5), 5e-324, (0, 0), -0.17036267129686983), ("mielke", (2.0, 1.5), 1e-300, (0, 0), -1.75e-149)],
    ids=["gamma-hessian", "beta-hessian", "beta-subnormal-gradient", "beta-5e-324", "ncx2-5e-324", "mielke"])
def test_density_at_a_simple_zero_with_its_shape_traced(name, shapes, x, entry, truth):
    dist = getattr(stats, name)

    def f(p):
        return dist.pdf(p[0], p[1], *shapes[1:])
    p = np.array([x, shapes[0]])
    if len(entry) == 1:
        assert float(wg.grad(f)(p)[entry]) == truth and float(wg.jacfwd(f)(p)[entry]) == truth
        return
    for second in _five(f, p):
        assert second[entry] == pytest.approx(truth, rel=1e-15, abs=0.0)


# densities at their pole or zero below 1e-100 with a shape traced, p = [x, the first shape, loc, scale] (loc 0, scale
# 1): the shape reached the powers-times-the-rest primitive by two routes (its exponent y, whose terms are log t t^(y -
# k), and the rest's theta^m R traced outside), each overflowing apart with opposite signs: d2/dx dshape, d2/dshape
# dloc, d2/dshape dscale NaN on all five paths for +-inf (gamma, chi2, ncx2, beta, f, exponweib; weibull_min,
# betaprime, exponpow alike); chi2's simple zero at the smallest subnormal x (y = 1) had d2/dx2, dx dloc, dloc2 0 for
# -0.25, 0.25, -0.25 (theta R = -x R / 2 rounded to 0). Truths: the closed-form densities differentiated exactly
# (sympy) and evaluated by mpmath at 800 digits (ncx2's Bessel function by its series, 6 terms); nan: a subnormal
# truth, not compared
SHAPE_AT_POLE = [
    ("gamma", (0.5,), 1e-300, [[inf, inf, -inf, inf], [inf, 2.6768373174882317e+155, -inf, 1.9374609316945314e+152],
                               [-inf, -inf, inf, -inf], [inf, 1.9374609316945314e+152, -inf, 4.231421876608172e+149]]),
    ("chi2", (4.0,), 5e-324, [[-0.25, -93.06950042962995, 0.25, -0.5],
                              [-93.06950042962995, np.nan, 93.06950042962995, np.nan],
                              [0.25, 93.06950042962995, -0.25, 0.5], [-0.5, np.nan, 0.5, np.nan]]),
    ("exponweib", (0.5, 1.0), 1e-300, [[inf, inf, -inf, inf],
                                       [inf, 2.372038639157315e+155, -inf, 1.7169388197455342e+152],
                                       [-inf, -inf, inf, -inf], [inf, 1.7169388197455342e+152, -inf, 3.75e+149]]),
    ("f", (1.0, 5.0), 5e-324, [[inf, inf, -inf, inf], [inf, 2.3516808649431563e+166, -inf, 3.160159736397991e+163],
                               [-inf, -inf, inf, -inf], [inf, 3.160159736397991e+163, -inf, 1.2808633300074754e+161]]),
    ("beta", (0.5, 2.5), 1e-300, [[inf, inf, -inf, inf], [inf, 4.016536493211888e+155, -inf, 2.9110043181583965e+152],
                                  [-inf, -inf, inf, -inf],
                                  [inf, 2.9110043181583965e+152, -inf, 6.366197723675814e+149]]),
    ("ncx2", (1.0, 0.5), 5e-324, [[inf, inf, -inf, inf], [inf, 1.929995271287231e+166, -inf, 2.5900120662982735e+163],
                                  [-inf, -inf, inf, -inf],
                                  [inf, 2.5900120662982735e+163, -inf, 1.0483477810476625e+161]])]


@pytest.mark.parametrize("name, shapes, x, truth", SHAPE_AT_POLE, ids=[c[0] for c in SHAPE_AT_POLE])
def test_density_at_its_pole_in_its_shape(name, shapes, x, truth):
    dist = getattr(stats, name)

    def f(p):
        return dist.pdf(p[0], p[1], *shapes[1:], p[2], p[3])
    truth = np.array(truth)
    known = ~np.isnan(truth)
    for second in _five(f, [x, shapes[0], 0.0, 1.0]):
        _agrees(second[known], truth[known])
