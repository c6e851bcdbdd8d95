"""``scipy.stats``' ``geninvgauss`` (the generalized inverse Gaussian: ``z^(p - 1) exp(-b (z + 1/z) / 2) / (2
K_p(b))``, b > 0): its log density and density in x, b, loc and scale (p a constant: its derivative refused; no cdf,
quantiles, moments or entropy).

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py`` (second
order, forward mode). Below: the values against SciPy's; value, gradient and Hessian in (x, b, scale) against mpmath
(50 digits, second-order jets of the closed form, K_p' = -(K_(p-1) + K_(p+1)) / 2, K_p'' = (K_(p-2) + 2 K_p +
K_(p+2)) / 4) at 10 points: both sides of the switches z = 1/4 and 4, near 0 (1e-8, 1e-120), z = 1e4, b = 1e-3 and
50, p of both signs; x = loc (the limits from inside); +-inf; the refusals; float32.
"""
import numpy as np
import pytest

from stats_file import ST, distribution  # (first: it skips the file without SciPy)
from opcheck import case, gradient_test, refusals_test, stats_values_test
import wengert as wg

T, _f = distribution("geninvgauss")

CASES = [
    *[case(_f(f), lambda x, b, loc, s, f=f: getattr(T, f)(x, 1.5, b, loc, s), np.array([0.3, 1.9, 6.0]),
           np.array([[0.5], [3.0]]), 0.1, 1.1, id=f"geninvgauss.{f}") for f in ("logpdf", "pdf")],
    *[case(_f(m), lambda x, b, m=m: getattr(T, m)(x, -0.7, b, 0.1, 1.4), np.array([0.7]), np.array([0.4]),
           id=f"geninvgauss.{m}-size1") for m in ("logpdf", "pdf")],
    *[case(_f(m), lambda x, m=m: getattr(T, m)(x, 0.3, 2.0), np.zeros(0), id=f"geninvgauss.{m}-size0")
      for m in ("logpdf", "pdf")],
]

test_gradient = gradient_test(CASES)

X = np.array([-0.5, -0.2, 1e-3, 0.2, 0.3, 1.0, 4.0, 5.5, 40.0])
VALUE_CHECKS = [(f"geninvgauss.{f}", (X, p, b, -0.2, 1.3)) for f in ("logpdf", "pdf")
                for p, b in ((1.5, 2.0), (-2.0, 0.01), (0.5, 50.0), (7.0, 1e-3), (1.0, 1.0))]

# (SciPy's own kve for a fractional order is up to 5e-14 relative off near b = 2, and both use it)
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"geninvgauss.logpdf": 1e-13,
                                                                     "geninvgauss.pdf": 1e-13})

#: (method, (x, p, b, scale), value, gradient, Hessian in (x, b, scale)) by mpmath at 50 digits (loc 0)
TRUTHS = [
    ('logpdf', (0.5, 1.5, 2.0, 1.3), -2.7025654226294584, [5.430769230769231, -0.07564102564102568, -2.8579881656804735],
     [[-22.8, 2.2153846153846155, 4.591715976331361], [2.2153846153846155, -0.2638888888888889, -0.8520710059171598], [4.591715976331361, -0.8520710059171598, 0.432407828857533]]),
    ('pdf', (0.5, 1.5, 2.0, 1.3), 0.0670333231605017, [0.3640425088562631, -0.005070469315986669, -0.19158044429894866],
     [[0.44867108772919007, 0.12096804410106078, -0.7326312012131702], [0.12096804410106078, -0.017305813667812035, -0.04262580979580286], [-0.7326312012131702, -0.04262580979580286, 0.5765203763111403]]),
    ('logpdf', (3.0, -2.0, 0.01, 0.8), -14.358817038169207, [-1.0058055555555556, 197.99666548632598, 2.521770833333333],
     [[0.333037037037037, -0.5805555555555555, 0.008368055555555556], [-0.5805555555555555, -19999.500329114006, 2.177083333333333], [0.008368055555555556, 2.177083333333333, -3.1835937499999996]]),
    ('pdf', (3.0, -2.0, 0.01, 0.8), 5.808245888433362e-07, [-5.841965982618989e-07, 0.00011500133182344686, 1.4647065074279506e-06],
     [[7.810242841751149e-07, -0.00011600617938616703, -1.4683495700019336e-06], [-0.00011600617938616703, 0.011153678671799172, 0.00029127150791881775], [-1.4683495700019336e-06, 0.00029127150791881775, 1.8445446189373742e-06]]),
    ('logpdf', (1.0, 0.5, 50.0, 1.0), 1.0370729695094003, [-0.5, 0.01, -0.5],
     [[-49.5, 0.0, 50.0], [0.0, -0.0002, 0.0], [50.0, 0.0, -49.5]]),
    ('pdf', (1.0, 0.5, 50.0, 1.0), 2.8209479177387813, [-1.4104739588693906, 0.028209479177387815, -1.4104739588693906],
     [[-138.931684948635, -0.014104739588693908, 141.75263286637377], [-0.014104739588693908, -0.00028209479177387816, -0.014104739588693908], [141.75263286637377, -0.014104739588693908, -138.931684948635]]),
    ('logpdf', (0.1, 1.0, 1.0, 1.0), -5.235495232349193, [49.49999999999999, -3.3505160644062273, -5.949999999999999],
     [[-999.9999999999999, 49.49999999999999, 50.49999999999999], [49.49999999999999, -0.811238288252475, -4.949999999999999], [50.49999999999999, -4.949999999999999, 0.9]]),
    ('pdf', (0.1, 1.0, 1.0, 1.0), 0.005324187121125091, [0.263547262495692, -0.017838774479234362, -0.03167891337069429],
     [[7.721402372411661, -0.6194720742264088, -1.2992347622325502], [-0.6194720742264088, 0.05544991601551717, 0.07978598190187525], [-1.2992347622325502, 0.07978598190187525, 0.1932813029646436]]),
    ('logpdf', (0.3, 1.5, 2.0, 1.3), -4.537465413999634, [15.341880341880344, -0.8653846153846155, -4.309664694280079],
     [[-101.85185185185186, 6.837606837606838, 11.702827087442472], [6.837606837606838, -0.2638888888888889, -1.5779092702169626], [11.702827087442472, -1.5779092702169626, 0.6144742831133363]]),
    ('pdf', (0.3, 1.5, 2.0, 1.3), 0.01070049353298833, [0.16416569138217144, -0.009260042480470673, -0.04611553919049212],
     [[1.4287453113637045, -0.06890069594918113, -0.5822730585949648], [-0.06890069594918113, 0.0051897569514242825, 0.02302327020401924], [-0.5822730585949648, 0.02302327020401924, 0.20531768919959512]]),
    ('logpdf', (0.33, 1.5, 2.0, 1.3), -4.1189478532349995, [12.683478138023592, -0.6799533799533799, -3.988882911959835],
     [[-76.94020090714305, 5.584163311436038, 9.774452431795089], [5.584163311436038, -0.2638888888888889, -1.4175183790568404], [9.774452431795089, -1.4175183790568404, 0.5871643149749658]]),
    ('pdf', (0.33, 1.5, 2.0, 1.3), 0.01626161504986607, [0.2062538389739317, -0.011057140116657184, -0.06486567839327964],
     [[1.3648441284979846, -0.0494354807925268, -0.6637740310401525], [-0.0494354807925268, 0.0032270802678911717, 0.021054499060146944], [-0.6637740310401525, 0.021054499060146944, 0.26828983617677665]]),
    ('logpdf', (1e-08, 0.3, 2.0, 1.3), -129999985.72353356, [1.299999993e+16, -64999998.764024846, -100000000.23076922],
     [[-2.599999993e+24, 6500000000000000.0, 1e+16], [6500000000000000.0, -0.11285299196925544, -49999999.99999999], [1e+16, -49999999.99999999, 0.17751478379608554]]),
    ('pdf', (1e-08, 0.3, 2.0, 1.3), 0.0, [0.0, -0.0, -0.0],
     [[0.0, -0.0, -0.0], [-0.0, 0.0, 0.0], [-0.0, 0.0, 0.0]]),
    ('logpdf', (1e-120, 0.3, 2.0, 1.3), -1.3e+120, [1.3000000000000002e+240, -6.5e+119, -1e+120],
     [[-np.inf, 6.500000000000001e+239, 1e+240], [6.500000000000001e+239, -0.11285299196925544, -5e+119], [1e+240, -5e+119, 0.17751479289940827]]),
    ('pdf', (1e-120, 0.3, 2.0, 1.3), 0.0, [0.0, -0.0, -0.0],
     [[0.0, -0.0, -0.0], [-0.0, 0.0, 0.0], [-0.0, 0.0, 0.0]]),
    ('logpdf', (10000.0, 2.5, 0.7, 1.0), -3489.016129622254, [-0.3498499965, -4996.2157412854585, 3497.499965],
     [[-1.50007e-08, -0.499999995, 0.3500000035], [-0.499999995, -4.84026490035084, 4999.99995], [0.3500000035, 4999.99995, -6997.5]]),
    ('pdf', (10000.0, 2.5, 0.7, 1.0), 0.0, [-0.0, -0.0, 0.0],
     [[0.0, 0.0, -0.0], [0.0, 0.0, -0.0], [-0.0, -0.0, 0.0]]),
    ('logpdf', (2.0, 7.0, 0.001, 1.0), -55.62793530377834, [2.999625, 6998.750083333332, -6.99925],
     [[-1.500125, -0.375, 0.000625], [-0.375, -6999999.916666669, 0.75], [0.000625, 0.75, 6.998]]),
    ('pdf', (2.0, 7.0, 0.001, 1.0), 6.9357696009666495e-25, [2.0804707889299586e-24, 4.854171807274613e-21, -4.8545185379565824e-24],
     [[5.2001800529790175e-24, 1.4560435016036077e-20, -1.4561301683817954e-23], [1.4560435016036077e-20, 2.911809667779894e-17, -3.3975041839346763e-20], [-1.4561301683817954e-23, -3.3975041839346763e-20, 3.883164044354907e-23]]),
]


def _close(got, want, rtol, err_msg):
    got, want = np.asarray(got), np.asarray(want)
    infinite = ~np.isfinite(want)
    np.testing.assert_array_equal(got[infinite], want[infinite], err_msg=err_msg)
    np.testing.assert_allclose(got[~infinite], want[~infinite], rtol=rtol, atol=1e-300, err_msg=err_msg)


@pytest.mark.parametrize("method", ["logpdf", "pdf"])
def test_value_gradient_hessian_against_mpmath(method):
    for m, (x, p, b, s), value, gradient, hessian in TRUTHS:
        if m != method:
            continue

        def f(v, p=p):
            return getattr(T, method)(v[0], p, v[1], 0.0, v[2])
        v = np.array([x, b, s])
        size = abs(np.log(value)) if method == "pdf" and value > 0 else 0.0  # (the density: its log's |L| eps)
        # (p = 0.3 at b = 2: SciPy's kve(p +- 1, 2) are 5e-14 off, and d2/db2 of log kve(p, b) 1.4e-12 through them)
        rtol = 2e-12 if (p, b) == (0.3, 2.0) else 1e-12
        assert float(f(v)) == pytest.approx(value, rel=max(2e-15, 4e-16 * size), abs=1e-300), (x, p, b, s)
        _close(wg.grad(f)(v), gradient, max(1e-13, 4e-16 * size), str((x, p, b, s)))
        with np.errstate(over="ignore"):  # (1 / z^3 at z = 1e-120: the truth -inf)
            for path in (wg.hessian(f), wg.jacfwd(wg.jacfwd(f)), wg.jacfwd(wg.grad(f)), wg.jacrev(wg.jacfwd(f))):
                _close(path(v), hessian, max(rtol, 4e-16 * size), str((x, p, b, s)))


def test_at_x_equal_loc():
    # -inf with the one-sided limits from inside: (p - 1) log(u / s) - b (u / s + s / u) / 2 + b - log(2 kve(p, b) s)
    # as u = x - loc goes to 0 (x, b, loc, s); the density 0 with every derivative 0
    f = lambda v: T.logpdf(v[0], 1.5, v[1], v[2], v[3])  # noqa: E731
    v = np.array([0.5, 2.0, 0.5, 2.0])
    inf = np.inf
    d2_b2 = -(0.5 / 4.0 + 1.0 / 4.0 - 1.0 / 9.0)  # -d2/db2 log kve(3/2, b) at 2: K_(3/2) = sqrt(pi / (2b)) e^-b (1 + 1/b)
    want = [[-inf, inf, inf, inf], [inf, d2_b2, -inf, -inf], [inf, -inf, -inf, -inf], [inf, -inf, -inf, 0.375]]
    assert float(f(v)) == -inf and wg.grad(f)(v).tolist() == [inf, -inf, -inf, -inf]
    for path in (wg.hessian(f), wg.jacfwd(wg.jacfwd(f)), wg.jacfwd(wg.grad(f)), wg.jacrev(wg.jacfwd(f))):
        np.testing.assert_allclose(path(v), want, rtol=2e-15)
    g = lambda v: T.pdf(v[0], 1.5, v[1], v[2], v[3])  # noqa: E731
    assert float(g(v)) == 0.0 and not np.any(wg.grad(g)(v)) and not np.any(wg.hessian(g)(v))


def test_infinite_x_and_what_it_does_not_have():
    for method, limit in (("logpdf", -np.inf), ("pdf", 0.0)):
        assert getattr(T, method)(np.array([-np.inf, np.inf]), 1.5, 2.0).tolist() == [limit, limit]
        assert wg.grad(lambda b, m=method: getattr(T, m)(np.inf, 1.5, b))(2.0) == 0.0
    assert not any(hasattr(T, m) for m in ("cdf", "sf", "logcdf", "logsf", "ppf", "isf", "mean", "var", "entropy"))


REFUSALS = [(lambda: T.pdf(0.5, p, b), "b must be positive and finite, p finite")
            for p, b in ((1.0, 0.0), (1.0, -1.0), (1.0, np.inf), (np.inf, 1.0), (np.nan, 1.0))] + [
    (lambda: wg.grad(lambda b: T.logpdf(1.0, 1.5, b))(60.0), "a traced b must be at most 50")]

test_refusals = refusals_test(REFUSALS)


def test_a_traced_p_is_refused():
    for path in (wg.grad, wg.jacfwd):
        with pytest.raises(wg.NoGradientRule, match="with respect to p"):
            path(lambda p: T.logpdf(1.0, p, 2.0))(1.5)


def test_float32_stays_float32():
    f = np.float32
    for method in ("logpdf", "pdf"):
        got = getattr(T, method)(f(0.9), f(1.5), f(2.0), f(0.1), f(1.2))
        assert got.dtype == np.float32, method
        assert float(got) == pytest.approx(float(getattr(ST.geninvgauss, method)(0.9, 1.5, 2.0, 0.1, 1.2)), rel=1e-6)
    assert wg.grad(lambda b: T.logpdf(f(0.9), f(1.5), b))(f(2.0)).dtype == np.float32
