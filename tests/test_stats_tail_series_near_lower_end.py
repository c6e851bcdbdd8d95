"""The gamma and beta tails (chi2, powerlaw) within 1e-20 of their lower end z = 0 in (x, shape, loc, scale), every
second-order path: by reverse over forward and reverse over reverse d2/dx dscale lost the term through dz/dscale's x
(a cotangent times the density ``z^(a - 1) ...`` underflowed before its log's derivative ``(a - 1) / z``), and for a <
1 every path had it infinite through ``z (a - 1) z^(a - 2)``. Truths: mpmath (gammainc, betainc, 60 and 90 digits
agree to every printed digit; each variable's step relative to its own size). Last, trapezoid's and triang's log
functions near the same end (through z a log z's mixed derivative in rounding)."""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from wengert.scipy import stats  # noqa: E402

PATHS = (wg.hessian, lambda f: wg.jacfwd(wg.jacrev(f)), lambda f: wg.jacrev(wg.jacfwd(f)),
         lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacrev(wg.jacrev(f)))


def check(f, x, truth):
    for path in PATHS:
        np.testing.assert_allclose(np.asarray(path(f)(np.asarray(x, dtype=float))), truth, rtol=1e-13, atol=0)


def test_chi2_and_powerlaw_cdf():
    """chi2.cdf(1e-300, 3, 0, 1.5): d2/dx dscale -1.4477e-151 by reverse over forward, the truth -2.1716e-151;
    powerlaw.cdf(1e-300, 2, 0, 1.5) -5.93e-301 for -1.185e-300; powerlaw.cdf(1e-300, 0.5, 0, 1.5) +inf on every path
    for -1.36e149."""
    check(lambda v: stats.chi2.cdf(v[0], v[1], v[2], v[3]), [1e-300, 3.0, 0.0, 1.5],
          [[1.0857833597842665e+149, -7.51265048686508e-149, -1.0857833597842665e+149, -2.171566719568533e-151],
           [-7.51265048686508e-149, 0.0, 7.51265048686508e-149, 0.0],
           [-1.0857833597842665e+149, 7.51265048686508e-149, 1.0857833597842665e+149, 2.171566719568533e-151],
           [-2.171566719568533e-151, 0.0, 2.171566719568533e-151, 0.0]])
    check(lambda v: stats.powerlaw.cdf(v[0], v[1], v[2], v[3]), [1e-300, 2.0, 0.0, 1.5],
          [[0.8888888888888888, -6.139386604500639e-298, -0.8888888888888888, -1.1851851851851852e-300],
           [-6.139386604500639e-298, 0.0, 6.139386604500639e-298, 0.0],
           [-0.8888888888888888, 6.139386604500639e-298, 0.8888888888888888, 1.1851851851851852e-300],
           [-1.1851851851851852e-300, 0.0, 1.1851851851851852e-300, 0.0]])
    check(lambda v: stats.powerlaw.cdf(v[0], v[1], v[2], v[3]), [1e-300, 0.5, 0.0, 1.5],
          [[-np.inf, -2.8135696221501842e+152, np.inf, -1.3608276348795435e+149],
           [-2.8135696221501842e+152, 3.9006586290122104e-145, 2.8135696221501842e+152, 1.875713081433456e-148],
           [np.inf, 2.8135696221501842e+152, -np.inf, 1.3608276348795435e+149],
           [-1.3608276348795435e+149, 1.875713081433456e-148, 1.3608276348795435e+149, 2.7216552697590867e-151]])


def test_the_series_later_terms():
    """gamma.cdf(1.5e-20, 1, 0, 1.5) and beta.cdf(1.5e-20, 1, 2.5, 0, 1.5) in (x, a, loc, scale): at a = 1 d2/dx2 is
    the second term's alone (-1 / scale^2, -b (b - 1) / scale^2), the first's a (a - 1) z^(a - 2) 0 (as before)."""
    check(lambda v: stats.gamma.cdf(v[0], v[1], v[2], v[3]), [1.5e-20, 1.0, 0.0, 1.5],
          [[-0.4444444444444444, -30.316324129986253, 0.4444444444444444, -0.4444444444444444],
           [-30.316324129986253, 2.159232933020481e-17, 30.316324129986253, 3.0316324129986255e-19],
           [0.4444444444444444, 30.316324129986253, -0.4444444444444444, 0.4444444444444444],
           [-0.4444444444444444, 3.0316324129986255e-19, 0.4444444444444444, 8.888888888888889e-21]])
    check(lambda v: stats.beta.cdf(v[0], v[1], 2.5, v[2], v[3]), [1.5e-20, 1.0, 0.0, 1.5],
          [[-1.6666666666666667, -73.95221592389024, 1.6666666666666667, -1.1111111111111112],
           [-73.95221592389024, 5.145607423043116e-17, 73.95221592389024, 7.395221592389024e-19],
           [1.6666666666666667, 73.95221592389024, -1.6666666666666667, 1.1111111111111112],
           [-1.1111111111111112, 7.395221592389024e-19, 1.1111111111111112, 2.2222222222222225e-20]])


def test_beta_logsf_at_a_constant_b():
    """beta.logsf(1e-300, 0.3, 3.5, 0, 1.5) in (x, a, loc, scale): d2/dx dscale was NaN on every path (log1p(-I)'s
    ``-I'' - I'^2``, inf - inf), the truth 8.4e208 (and at a = 1.5 by reverse over forward 2/3 of the truth)."""
    check(lambda v: stats.beta.logsf(v[0], v[1], 3.5, v[2], v[3]), [1e-300, 0.3, 0.0, 1.5],
          [[np.inf, 2.8700203483557437e+212, -np.inf, 8.361546124554815e+208],
           [2.8700203483557437e+212, -6.631300805906949e-85, -2.8700203483557437e+212, -1.9133468989038292e-88],
           [-np.inf, -2.8700203483557437e+212, np.inf, -8.361546124554815e+208],
           [8.361546124554815e+208, -1.9133468989038292e-88, -8.361546124554815e+208, -2.4155577693158358e-91]])


def test_f_cdf_at_a_constant_dfd():
    """f.cdf(1.5e-300, 3, 5, 0, 1.5) in (x, dfn, loc, scale): by reverse over forward and reverse over reverse
    d2/dx dscale was -1.05e-150 for -1.58e-150, d2/dx ddfn -5.43935e-148 for -5.43672e-148."""
    check(lambda v: stats.f.cdf(v[0], v[1], 5.0, v[2], v[3]), [1.5e-300, 3.0, 0.0, 1.5],
          [[5.259984589324798e+149, -5.436720538303928e-148, -5.259984589324798e+149, -1.5779953767974395e-150],
           [-5.436720538303928e-148, 0.0, 5.436720538303928e-148, 0.0],
           [-5.259984589324798e+149, 5.436720538303928e-148, 5.259984589324798e+149, 1.5779953767974395e-150],
           [-1.5779953767974395e-150, 0.0, 1.5779953767974395e-150, 0.0]])


def test_trapezoid_and_triang_log_functions_near_zero():
    """trapezoid.logcdf, trapezoid.logpdf, triang.logcdf and triang.logpdf below c: ``2 log z`` (``log z``) through z had d2/dx dscale
    ``2 / (z s^2) - 2 / (z s^2)`` in rounding (1.9e84 at x = 1.5e-100, inf at 1.5e-300, NaN and 4e284 in the shapes'
    rows of the density) where the truth is 0. Truths: the closed forms ``k log(x - loc) - k log(scale) - log(c) -
    log1p(d - c)`` (k = 2 for the cdf; 1, and one more ``- log(scale)``, for the density)."""
    s = 1.0 + 0.8 - 0.2
    xx = -2.0 / 1.5e-100 ** 2
    shapes = [[1 / 0.2 ** 2 + 1 / s ** 2, -1 / s ** 2], [-1 / s ** 2, 1 / s ** 2]]
    check(lambda v: stats.trapezoid.logcdf(v[0], v[1], v[2], v[3], v[4]), [1.5e-100, 0.2, 0.8, 0.0, 1.5],
          [[xx, 0, 0, -xx, 0], [0, *shapes[0], 0, 0], [0, *shapes[1], 0, 0], [-xx, 0, 0, xx, 0],
           [0, 0, 0, 0, 2 / 1.5 ** 2]])
    check(lambda v: stats.trapezoid.logpdf(v[0], v[1], v[2], v[3], v[4]), [1.5e-300, 0.2, 0.8, 0.0, 1.5],
          [[-np.inf, 0, 0, np.inf, 0], [0, *shapes[0], 0, 0], [0, *shapes[1], 0, 0], [np.inf, 0, 0, -np.inf, 0],
           [0, 0, 0, 0, 2 / 1.5 ** 2]])
    check(lambda v: stats.triang.logcdf(v[0], v[1], v[2], v[3]), [1.5e-300, 0.158, 0.0, 1.5],
          [[-np.inf, 0, np.inf, 0], [0, 1 / 0.158 ** 2, 0, 0], [np.inf, 0, -np.inf, 0], [0, 0, 0, 2 / 1.5 ** 2]])
    check(lambda v: stats.triang.logpdf(v[0], v[1], v[2], v[3]), [1.5e-300, 0.158, 0.0, 1.5],
          [[-np.inf, 0, np.inf, 0], [0, 1 / 0.158 ** 2, 0, 0], [np.inf, 0, -np.inf, 0], [0, 0, 0, 2 / 1.5 ** 2]])


def test_halflogistic_logcdf_near_zero():
    """halflogistic.logcdf(x, loc, scale) below z = 1e-2 (log z - log 2 + its series in z^2): through log(1 - e^-z) -
    log(1 + e^-z) d2/dx dscale at (1.5e-100, 0, 1.5) was 0 by hessian and jacfwd(jacfwd), 1.11e-101 by reverse over
    forward, the truth u / (3 s^3) = 1.48e-101. Truths: mpmath, 300 digits, of log(tanh((x - loc) / (2 scale)))."""
    def f(v):
        return stats.halflogistic.logcdf(v[0], v[1], v[2])
    check(f, [1.5e-100, 0.0, 1.5], [[-4.4444444444444445e+199, 4.4444444444444445e+199, 1.4814814814814813e-101],
                                    [4.4444444444444445e+199, -4.4444444444444445e+199, -1.4814814814814813e-101],
                                    [1.4814814814814813e-101, -1.4814814814814813e-101, 0.4444444444444444]])
    check(f, [0.0015, 0.0, 1.5], [[-444444.5185184926, 444444.5185184926, 0.00014814811358025237],
                                  [444444.5185184926, -444444.5185184926, -0.00014814811358025237],
                                  [0.00014814811358025237, -0.00014814811358025237, 0.44444422222226543]])


def test_b_and_dfd_traced():
    """The series with beta's b (f's dfd) traced too, 1 / B(a, b) at a == 1 with its b-derivatives exactly b's. Before:
    f.cdf(1.2e-20, 2, 3, 0, 1.5) d2/dx ddfd 0 on every path for 2 z / (dfd^2 s) = 1.185e-21; beta.cdf(1e-300, 0.5, 2,
    0, 1) d2/dx dscale +inf by reverse over forward for -3.75e149, beta.sf(1.5e-300, 0.5, 3.5, 0, 1.5) -inf for
    2.26e149, beta.logsf(1e-300, 0.3, 3.5, 0, 1.5) NaN for 8.4e208. Truths: mpmath, 120 (cdf) and 400 digits."""
    def five(fn):
        return lambda v: fn(v[0], v[1], v[2], v[3], v[4])
    inf = np.inf
    check(five(stats.f.cdf), [1.2e-20, 2.0, 3.0, 0.0, 1.5],
          [[-0.7407407407407407, -14.799979404585503, 1.1851851851851851e-21, 0.7407407407407407, -0.4444444444444444],
           [-14.799979404585503, 4.1239996270043216e-18, -3.526178211328636e-22, 14.799979404585503,
            1.1839983523668402e-19],
           [1.1851851851851851e-21, -3.526178211328636e-22, -4.740740740740741e-42, -1.1851851851851851e-21,
            -9.481481481481482e-42],
           [0.7407407407407407, 14.799979404585503, -1.1851851851851851e-21, -0.7407407407407407, 0.4444444444444444],
           [-0.4444444444444444, 1.1839983523668402e-19, -9.481481481481482e-42, 0.4444444444444444,
            7.111111111111111e-21]])
    # (the rows in (x, a, b, scale): loc's are x's negated)
    rows = (
        (stats.beta.cdf, [1e-300, 0.5, 2.0, 0.0, 1.0], [
            [-inf, -5.160816459236603e+152, 2.1027922916008205e+149, -3.75e+149],
            [-5.160816459236603e+152, 7.143746938587872e-145, -2.8949558211847312e-148, 5.160816459236603e-148],
            [2.1027922916008205e+149, -2.8949558211847312e-148, -1.1395152154556524e-151, -2.1027922916008204e-151],
            [-3.75e+149, 5.160816459236603e-148, -2.1027922916008204e-151, 1.125e-150]]),
        (stats.beta.sf, [1.5e-300, 0.5, 3.5, 0.0, 1.5], [
            [inf, 4.668924593895525e+152, -1.0386988233662868e+149, 2.263536968418067e+149],
            [4.668924593895525e+152, -9.686535277235277e-145, 2.14294071278561e-148, -4.668924593895525e-148],
            [-1.0386988233662868e+149, 2.14294071278561e-148, 4.7135784971049525e-152, 1.0386988233662868e-151],
            [2.263536968418067e+149, -4.668924593895525e-148, 1.0386988233662868e-151, -6.790610905254202e-151]]),
        (stats.beta.logsf, [1e-300, 0.3, 3.5, 0.0, 1.5], [
            [inf, 2.870020348355722e+212, -3.9522187840560303e+208, 8.361546124554753e+208],
            [2.870020348355722e+212, -6.631300805906899e-85, 9.045737716913525e-89, -1.9133468989038147e-88],
            [-3.9522187840560303e+208, 9.045737716913525e-89, 2.8763840471328042e-92, 2.63481252270402e-92],
            [8.361546124554753e+208, -1.9133468989038147e-88, 2.63481252270402e-92, -2.4155577693158172e-91]]))
    for fn, point, truth in rows:
        h = np.insert(np.asarray(truth), 3, -np.asarray(truth)[0], axis=0)
        check(five(fn), point, np.insert(h, 3, -h[:, 0], axis=1))


def test_gamma_logsf():
    """gamma.logsf within 1e-20 of the lower end: log1p(-P) of the series (u and the scale apart; -P - P^2 / 2 where
    P is tiny). Through z d2/dx dscale of gamma.logsf(1e-300, 0.5, 0, 1) was -inf by reverse over forward and reverse
    over reverse, the truth 2.82e149. Truths: mpmath, 100 digits, of log1p(-gammainc(a, 0, z)); rows in (x, a, scale),
    loc's x's negated."""
    inf = np.inf
    for point, truth in (([1e-300, 0.5, 0.0, 1.0], [
            [inf, 3.886205655060018e+152, 2.8209479177387817e+149],
            [3.886205655060018e+152, -5.3848545505503116e-145, -3.886205655060018e-148],
            [2.8209479177387817e+149, -3.886205655060018e-148, -8.462843753216344e-151]]),
            ([1.5e-20, 0.5, 0.0, 1.5], [
                [1.2537546301061251e+29, 165827323972.39722, 1253754630.3890672],
                [165827323972.39722, -2.3957595552726474e-07, -1.6582732397239722e-09],
                [1253754630.3890672, -1.6582732397239722e-09, -3.7612638908842594e-11]])):
        h = np.insert(np.asarray(truth), 2, -np.asarray(truth)[0], axis=0)
        check(lambda v: stats.gamma.logsf(v[0], v[1], v[2], v[3]), point, np.insert(h, 2, -h[:, 0], axis=1))


def test_beta_logsf_at_a_equal_one():
    """beta.logsf(x, 1, b, loc, s) = b (log(s - u) - log s), u = x - loc: linear in b, d2/db2 exactly 0; it was
    rounding through betaincc and the series (-6.9e-55 in (x, b), 2.0e-56 in (x, b, loc, scale) at 1.5e-20, b = 2.5).
    Truths: the closed form's derivatives."""
    b, s = 2.5, 1.5
    for u in (1.5e-20, 0.3):
        r = s - u
        xx, xb, xs, bs, ss = -b / r ** 2, -1 / r, b / r ** 2, u / (s * r), -b * u * (2 * s - u) / (s * r) ** 2
        check(lambda v: stats.beta.logsf(v[0], 1.0, v[1], v[2], v[3]), [u, b, 0.0, s],
              [[xx, xb, -xx, xs], [xb, 0.0, -xb, bs], [-xx, -xb, xx, -xs], [xs, bs, -xs, ss]])
