"""``scipy.stats``' ``truncnorm`` quantiles (ppf, isf, median, interval): gradient cases (checked against central
finite differences here, at second order and in forward mode by tests/test_coverage.py), values against SciPy's in the
middle, and the value, gradient and Hessian in (q, a, b, scale) by the five paths against mpmath
(tools/truncnorm_quantile_truths.py) at q = 1e-300, 1e-20 and 1 - 1e-16, in far truncations ([30, 31], [-31, -30]),
a narrow interval about 0, half-infinite and wide ones; the ends.
"""
import numpy as np
import pytest

from stats_file import distribution  # (first: it skips the file without SciPy)
from opcheck import case, five_hessians, gradient_test, quantile_truth_rows, stats_values_test
import wengert as wg
from wengert.errors import NoGradientRule

T, _f = distribution("truncnorm")

CASES = [
    *[case(_f(m), _f(m), np.array([0.02, 0.4, 0.97]), np.array([[-1.0], [0.5]]), np.array([[2.0], [3.5]]), 0.1, 1.3,
           id=f"truncnorm.{m}") for m in ("ppf", "isf")],
    *[case(_f(m), _f(m), np.zeros(0), -1.0, 2.0, id=f"truncnorm.{m}-size0") for m in ("ppf", "isf")],
    case(T.median, T.median, np.array([-1.0, 0.5]), 2.0, 0.1, 1.3, id="truncnorm.median"),
    case(T.interval, lambda c, a: T.interval(c, a, 2.0, 0.1, 1.3), np.array([0.3, 0.9]), -1.0, id="truncnorm.interval"),
]

test_gradient = gradient_test(CASES)

Q = np.array([0.0, 1e-10, 0.3, 0.5, 0.9, 1.0])
VALUE_CHECKS = [
    # (not SciPy's isf at (-3, inf) and (30, 31): isf(1e-10, ...) 2.1e-9 and 1.1e-7 relative off mpmath's)
    *[(f"truncnorm.{m}", (Q, a, b, -0.4, 1.3)) for m in ("ppf", "isf") for a, b in ((-1.0, 2.0), (0.5, 4.0), (-np.inf, 0.5))],
    *[("truncnorm.ppf", (Q, a, b, -0.4, 1.3)) for a, b in ((-3.0, np.inf), (30.0, 31.0))],
    ("truncnorm.median", (np.array([-1.0, 0.5, 30.0]), 31.0, 0.5, 2.0)), ("truncnorm.interval", (0.9, -1.0, 2.0, 0.5, 2.0)),
]

test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS)

#: (method, q, a, b, scale, value, gradient and Hessian in (q, a, b, scale)) at loc 0: tools/truncnorm_quantile_truths.py
#: (the root at 400 digits; the derivatives implicit differentiation's closed forms at it, checked there against the
#: root's own differences)
QUANTILE_TRUTHS = [
    ('ppf', 0.3, -1.0, 2.0, 1.3, -0.31512496325599487, [2.7470189590303833, 0.5683994365746813, 0.054354453133365385, -0.24240381788922682], [[-1.4070820311665888, -1.103145578024899, 0.15333999371004703, 2.1130915069464486], [-1.103145578024899, 0.5081568818345858, -0.005760827522960593, 0.43723033582667786], [0.15333999371004703, -0.005760827522960593, -0.10925979813863892, 0.04181111779489645], [2.1130915069464486, 0.43723033582667786, 0.04181111779489645, 0.0]]),
    ('ppf', 1e-300, -1.0, 2.0, 1.0, -1.0, [3.3830316280910306, 1.0, 2.2313016014842984e-301, -1.0], [[-11.444902996664249, -4.383031628091031, 0.22313016014842982, 3.3830316280910306], [-4.383031628091031, 7.766063256182061e-300, -2.2313016014842984e-301, 1.0], [0.22313016014842982, -2.2313016014842984e-301, -4.462603202968597e-301, 2.2313016014842984e-301], [3.3830316280910306, 1.0, 2.2313016014842984e-301, 0.0]]),
    ('ppf', 0.5, 30.0, 31.0, 1.0, 30.02307046782731, [0.06654177952400049, 0.9992332715887688, 5.6713335235116577e-14, 30.02307046782731], [[0.13293640427837103, -0.0022097687037986985, 2.2672792142446947e-13, 0.06654177952400049], [-0.0022097687037986985, 5.0887660276843796e-05, 1.701402945276917e-12, 0.9992332715887688], [2.2672792142446947e-13, 1.701402945276917e-12, -1.7581133922885173e-12, 5.6713335235116577e-14], [0.06654177952400049, 0.9992332715887688, 5.6713335235116577e-14, 0.0]]),
    ('ppf', 0.9999999999999999, 30.0, 31.0, 1.0, 30.999934934407293, [585468106119.2645, 0.0019521623937458993, 0.9979850015833915, 30.999934934407293], [[1.0625937699047116e+25, -17548084939042.182, 18112902036116.91, 585468106119.2645], [-17548084939042.182, -0.05844673298197969, 0.060394965715358774, 0.0019521623937458993], [18112902036116.91, 0.060394965715358774, -0.06240388778043215, 0.9979850015833915], [585468106119.2645, 0.0019521623937458993, 0.9979850015833915, 0.0]]),
    ('ppf', 0.3, -31.0, -30.0, 1.3, -39.052079681781336, [0.14409248988665907, 1.7193336335707935e-13, 1.2982701494679991, -30.040061293677947], [[-0.47977780592053326, -8.180973084997015e-13, 0.004779736528201259, 0.1108403768358916], [-8.180973084997015e-13, 5.329934264068777e-12, -5.158016092449584e-12, 1.322564333515995e-13], [0.004779736528201259, -5.158016092449584e-12, -0.00011471292449935131, 0.9986693457446147], [0.1108403768358916, 1.322564333515995e-13, 0.9986693457446147, 0.0]]),
    ('ppf', 0.3, -1e-08, 1e-08, 1.0, -4e-09, [2e-08, 0.7, 0.3, -4e-09], [[-1.6e-24, -1.0, 0.9999999999999999, 2e-08], [-1.0, 5.04e-09, -8.4e-10, 0.7], [0.9999999999999999, -8.4e-10, -3.36e-09, 0.3], [2e-08, 0.7, 0.3, 0.0]]),
    ('isf', 0.3, -1.0, 2.0, 1.3, 0.8032388949148315, [-3.228513853727641, 0.28629769467003946, 0.1490571844109884, 0.6178760730114088], [[4.9540836342325125, 0.5150081214112154, -0.44166381215694006, -2.4834721951751084], [0.5150081214112154, 0.32525543220707925, 0.020282841169873774, 0.22022899590003034], [-0.44166381215694006, 0.020282841169873774, -0.2875543704254789, 0.11465937262383723], [-2.4834721951751084, 0.22022899590003034, 0.11465937262383723, 0.0]]),
    ('isf', 1e-300, 2.0, 60.0, 1.0, 37.149000350802936, [-2.689916142336622e+298, 0.06383750770984167, 0.0, 37.149000350802936], [[np.inf, 4.615725332396787e+295, -8.775731640699686e-183, -2.689916142336622e+298], [4.615725332396787e+295, 0.02371560834346989, 0.0, 0.06383750770984167], [-8.775731640699686e-183, 0.0, -0.0, 0.0], [-2.689916142336622e+298, 0.06383750770984167, 0.0, 0.0]]),
    ('isf', 0.9, 30.0, 31.0, 1.0, 30.003507923244175, [-0.03699170528153387, 0.999883341235391, 6.305581238005747e-15, 30.003507923244175], [[0.041056387983043015, 0.0012300450900135638, -7.005425670144958e-14, -0.03699170528153387], [0.0012300450900135638, 7.750171684349175e-06, 1.8916748601521128e-13, 0.999883341235391], [-7.005425670144958e-14, 1.8916748601521128e-13, -1.9547301837817696e-13, 6.305581238005747e-15], [-0.03699170528153387, 0.999883341235391, 6.305581238005747e-15, 0.0]]),
    ('isf', 0.9999999999999999, -31.0, -30.0, 1.0, -30.999934934407293, [-585468106119.2645, 0.9979850015833915, 0.0019521623937458993, -30.999934934407293], [[-1.0625937699047116e+25, 18112902036116.91, -17548084939042.182, -585468106119.2645], [18112902036116.91, 0.06240388778043215, -0.060394965715358774, 0.9979850015833915], [-17548084939042.182, -0.060394965715358774, 0.05844673298197969, 0.0019521623937458993], [-585468106119.2645, 0.9979850015833915, 0.0019521623937458993, 0.0]]),
    ('isf', 1e-20, -40.0, 40.0, 1.0, 9.262340089798407, [-1.0674725333014e+19, 0.0, 0.0, 9.262340089798407], [[1.0554414389338887e+39, 0.0, -1.54439605909393e-309, -1.0674725333014e+19], [0.0, 0.0, 0.0, 0.0], [-1.54439605909393e-309, 0.0, -0.0, 0.0], [-1.0674725333014e+19, 0.0, 0.0, 0.0]]),
]


@pytest.mark.parametrize("method", ["ppf", "isf"])
def test_quantiles_against_mpmath(method):
    f, v, value, gradient, hessian = quantile_truth_rows(QUANTILE_TRUTHS, T, method)
    # (the values to 4e-16 times the condition number in (q, a, b), sum |v dz/dv| / |z|: 4 at q = 0.3 in (-1e-8, 1e-8),
    # where z = -4e-9 is 1.7e-15 off)
    cond = np.sum(np.abs(np.where(np.isfinite(v[:, :3]), v[:, :3], 0.0) * gradient[:, :3]), axis=1) / np.abs(value)
    np.testing.assert_array_less(np.abs(f(v) - value), 4e-16 * (1.0 + cond) * np.abs(value) + 1e-300)
    # (the gradient to 5e-15 + eps z^2 / 2 relative; the Hessian to twice that, or to 1e-15 of its entries' scale |g_i
    # g_j| + |g_i| + |g_j| (g the gradient): d2/da2 at isf(0.9, 30, 31), 7.75e-6, is terms of size 0.03 cancelling, 1.3e-17
    # off; at ppf(1e-300, -1, 2) 7.8e-300 is 0, as d2/dq db at isf(1e-300, 2, 60), -8.8e-183 (r = ndtr(-60) / ndtr(-2)
    # underflows))
    z = value / v[:, -1]
    rel = 5e-15 + 1.1e-16 * z * z
    with np.errstate(over="ignore"):  # (isf(1e-300, ...)'s d/dq squared overflows: its own entries then)
        product = np.abs(gradient[:, :, None] * gradient[:, None, :])
    scale = np.where(np.isfinite(product), product, 0.0) + np.abs(gradient[:, :, None]) + np.abs(gradient[:, None, :])

    def close(got, want, rel, atol=0.0):
        rel = rel.reshape((-1,) + (1,) * (want.ndim - 1))
        with np.errstate(invalid="ignore"):  # (inf - inf where both are inf)
            assert np.all((got == want) | (np.abs(got - want) <= rel * np.abs(want) + atol)), (got, want)
    # (isf(1e-300, 2, 60)'s d2/dq2 overflows, as its truth 1.2e598: reverse over reverse meets inf * 0 in an
    # intermediate there; every entry of the result is checked, a NaN would fail)
    with np.errstate(over="ignore", invalid="ignore"):
        close(wg.grad(lambda v: np.sum(f(v)))(v), gradient, rel)
        for name, got in five_hessians(f, v).items():
            close(got, hessian, 2.0 * rel, 1e-15 * scale)


def test_quantile_ends_are_the_support_ends():
    for a, b in ((-1.0, 2.0), (-np.inf, 0.5), (30.0, np.inf)):
        assert [float(T.ppf(q, a, b)) for q in (0.0, 1.0)] == [a, b]
        assert [float(T.isf(q, a, b)) for q in (0.0, 1.0)] == [b, a]
    # (mpmath's to 1 ulp: SciPy's 2.1e-9 and 1.1e-7 relative off)
    assert float(T.isf(1e-10, -3.0, np.inf)) == 6.361548346258729
    assert float(T.isf(1e-10, 30.0, 31.0)) == pytest.approx(30.757127016767964, rel=2.3e-16, abs=0.0)
    with pytest.raises(NoGradientRule, match="truncnorm.ppf"):  # (a third derivative refuses)
        wg.grad(wg.grad(wg.grad(lambda a: T.ppf(0.3, a, 2.0))))(-1.0)
