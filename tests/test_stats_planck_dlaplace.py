"""``scipy.stats``' ``planck`` (``(1 - exp(-lambda_)) exp(-lambda_ k)`` on k >= 0) and ``dlaplace`` (``tanh(a / 2)
exp(-a |k|)`` on the integers), differentiable in their shape.

``CASES`` are checked against central finite differences here (first order) and by ``tests/test_coverage.py``
(second order, forward mode). Below: the values against SciPy's in the ordinary range; values and first and second
derivatives (reverse over reverse, forward over reverse, hessian) against mpmath at the switching points (the count
below and at the support's start, dlaplace's tails on both sides of 0, the entropies' switches between their forms),
as the shape nears 0 and far out, where SciPy's log tails round to 0 and its variance is NaN; float32; refusal outside
the valid shapes; a traced count refused.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from opcheck import case, count_refused_outside_check, gradient_test, mp_points_test, stats_values_test  # noqa: E402
from wengert.scipy import stats  # noqa: E402

PMFS = ("logpmf", "pmf")
TAILS = ("cdf", "logcdf", "sf", "logsf")
MOMENTS = ("mean", "var", "std", "entropy")

#: counts below, at and inside each support (dlaplace's on both sides of 0)
COUNTS = {"planck": np.array([-1.0, 0.0, 2.0, 7.0]), "dlaplace": np.array([-4.0, -1.0, 0.0, 1.0, 5.0])}
#: the shape at two points (a column, so each count meets each), on both sides of the entropies' switches
SHAPES = {"planck": np.array([[0.3], [2.5]]), "dlaplace": np.array([[0.2], [1.7]])}


def _finite_counts(dist, name):
    # (a log pmf or log cdf that is -inf below the support: a constant, no finite differences)
    k = COUNTS[dist]
    return k[k >= 0] if dist == "planck" and name in ("logpmf", "logcdf") else k


CASES = [
    *[case(getattr(getattr(stats, d), f), lambda s, d=d, f=f: getattr(getattr(stats, d), f)(_finite_counts(d, f), s),
           SHAPES[d], id=f"{d}.{f}-counts") for d in SHAPES for f in PMFS + TAILS],
    *[case(getattr(getattr(stats, d), m), lambda s, d=d, m=m: getattr(getattr(stats, d), m)(s, 2),
           SHAPES[d][:, 0], id=f"{d}.{m}-loc") for d in SHAPES for m in MOMENTS],
    *[case(getattr(getattr(stats, d), f), lambda s, d=d, f=f: getattr(getattr(stats, d), f)(3.0, s), 0.9,
           id=f"{d}.{f}-float") for d in SHAPES for f in PMFS + TAILS],
]
test_gradient = gradient_test(CASES)

VALUE_CHECKS = [
    *[(f"{d}.{f}", (COUNTS[d], SHAPES[d])) for d in SHAPES for f in PMFS + TAILS],
    # (SciPy's planck and dlaplace entropy and dlaplace variance lose digits beside 0 and far out: mpmath below)
    *[(f"{d}.{m}", (np.array([0.3, 0.5, 0.9, 1.0, 1.1, 4.0]), 2)) for d in SHAPES
      for m in MOMENTS + ("median",)],
    *[(f"{d}.{m}", (np.array([0.0, 0.3, 0.7, 1.0]), 2.5, 1)) for d in SHAPES for m in ("ppf", "isf")],
    *[(f"{d}.interval", (0.9, 0.7, 2)) for d in SHAPES],
    *[(f"{d}.support", (0.7, 2)) for d in SHAPES],
]
# (SciPy's sf of dlaplace is 1 - cdf, its log tails log(1 - t): 2e-12 off where the tail is 3e-5; mpmath below)
test_stats_values_are_scipys = stats_values_test(
    VALUE_CHECKS, rtol={"dlaplace.sf": 1e-10, "dlaplace.logsf": 1e-10, "dlaplace.logcdf": 1e-10, "planck.logcdf": 1e-10})


def _mp_functions(mp):
    def planck_cdf(k, lam):
        return -mp.expm1(-lam * (k + 1)) if k >= 0 else mp.mpf(0)

    def planck_sf(k, lam):
        return mp.exp(-lam * (k + 1)) if k >= 0 else mp.mpf(1)

    def dlaplace_small(k, a, upper):
        # the tail on its small side: exp(-a m) / (1 + exp(-a))
        m = k + 1 if upper else -k
        return mp.exp(-a * m) / (1 + mp.exp(-a))

    def dlaplace_cdf(k, a):
        return dlaplace_small(k, a, False) if k < 0 else 1 - dlaplace_small(k, a, True)

    def dlaplace_sf(k, a):
        return dlaplace_small(k, a, True) if k >= 0 else 1 - dlaplace_small(k, a, False)

    def planck_var(lam):
        return mp.exp(-lam) / mp.expm1(-lam) ** 2

    def dlaplace_var(a):
        return 2 * mp.exp(-a) / mp.expm1(-a) ** 2
    return {
        "planck": {"logpmf": lambda k, lam: mp.log(-mp.expm1(-lam)) - lam * k,
                   "pmf": lambda k, lam: -mp.expm1(-lam) * mp.exp(-lam * k),
                   "cdf": planck_cdf, "sf": planck_sf,
                   "logcdf": lambda k, lam: mp.log1p(-planck_sf(k, lam)) if k >= 0 else mp.mpf("-inf"),
                   "logsf": lambda k, lam: mp.log(planck_sf(k, lam)),
                   "mean": lambda lam: mp.exp(-lam) / -mp.expm1(-lam), "var": planck_var,
                   "std": lambda lam: mp.sqrt(planck_var(lam)),
                   "entropy": lambda lam: lam * mp.exp(-lam) / -mp.expm1(-lam) - mp.log(-mp.expm1(-lam))},
        "dlaplace": {"logpmf": lambda k, a: mp.log(mp.tanh(a / 2)) - a * abs(k),
                     "pmf": lambda k, a: mp.tanh(a / 2) * mp.exp(-a * abs(k)),
                     "cdf": dlaplace_cdf, "sf": dlaplace_sf,
                     "logcdf": lambda k, a: (mp.log(dlaplace_small(k, a, False)) if k < 0
                                             else mp.log1p(-dlaplace_small(k, a, True))),
                     "logsf": lambda k, a: (mp.log(dlaplace_small(k, a, True)) if k >= 0
                                            else mp.log1p(-dlaplace_small(k, a, False))),
                     "mean": lambda a: mp.mpf(0),
                     "var": dlaplace_var, "std": lambda a: mp.sqrt(dlaplace_var(a)),
                     "entropy": lambda a: a / mp.sinh(a) - mp.log(mp.tanh(a / 2))},
    }


POINTS = {
    "planck": [
        # the support's start (k = 0), inside, far out (SciPy's log cdf rounds to 0 from lambda_ (k + 1) = 37 on),
        # the shape beside 0
        # (logsf, -lambda_ (k + 1), is linear: its second derivative is checked exactly below; the cdf far out is 1 to
        # mpmath's 60 digits, its derivatives the sf's)
        *[(f, (k, lam), 1, 1e-12) for f in PMFS + ("cdf", "logcdf", "sf") for k in (0.0, 3.0)
          for lam in (1e-9, 0.4, 3.0)],
        *[(f, (100.0, 3.0), 1, 1e-12) for f in ("logcdf", "sf", "logpmf")], ("logcdf", (0.0, 800.0), 1, 1e-12),
        # the moments beside 0 and far out (SciPy's std 0 at lambda_ = 800: the root of an underflowed variance),
        # the entropy on both sides of its switch at 1
        *[(m, (lam,), 0, 1e-12) for m in MOMENTS for lam in (1e-9, 1e-6, 0.4, 5.0, 30.0)],
        *[("entropy", (lam,), 0, 1e-12) for lam in (1.0 - 1e-9, 1.0, 1.0 + 1e-9, 800.0)],
        ("std", (800.0,), 0, 1e-12), ("mean", (800.0,), 0, 1e-12),
    ],
    "dlaplace": [
        # both sides of 0 (the tails' forms switch there), far out on both sides, the shape beside 0
        *[(f, (k, a), 1, 1e-12) for f in PMFS + TAILS for k in (-3.0, -1.0, 0.0, 2.0) for a in (1e-9, 0.4, 3.0)],
        *[(f, (k, 3.0), 1, 1e-12) for f, k in (("logcdf", -100.0), ("logcdf", 100.0), ("cdf", -100.0), ("logsf", -100.0),
                                                ("logsf", 100.0), ("sf", 100.0))],
        *[(m, (a,), 0, 1e-12) for m in ("var", "std", "entropy") for a in (1e-9, 1e-6, 0.4, 5.0, 30.0)],
        # the entropy's switch at 1/2, far out (SciPy's variance NaN at a = 800)
        *[("entropy", (a,), 0, 1e-12) for a in (0.5 - 1e-9, 0.5, 0.5 + 1e-9, 800.0)],
        ("std", (800.0,), 0, 1e-12), ("var", (800.0,), 0, 1e-12),
    ],
}

test_planck_against_mpmath = mp_points_test(stats.planck, lambda mp: _mp_functions(mp)["planck"], POINTS["planck"])
test_dlaplace_against_mpmath = mp_points_test(stats.dlaplace, lambda mp: _mp_functions(mp)["dlaplace"],
                                              POINTS["dlaplace"])


@pytest.mark.parametrize("dist", ["planck", "dlaplace"])
def test_the_mean_of_dlaplace_and_the_first_derivatives_by_forward_mode(dist):
    method = getattr(stats, dist)
    for name in PMFS + TAILS:
        f = (lambda s, name=name: getattr(method, name)(np.array([-2.0, 0.0, 3.0]), s))
        np.testing.assert_allclose(wg.jvp(f, (0.7,), (1.0,))[1], wg.jacobian(f)(0.7), rtol=1e-14)
    if dist == "dlaplace":
        assert float(stats.dlaplace.mean(0.7, 2)) == 2.0 and float(wg.grad(stats.dlaplace.mean)(0.7)) == 0.0


@pytest.mark.parametrize("dist", ["planck", "dlaplace"])
def test_float32_stays_float32(dist):
    import scipy.stats
    method, theirs, s = getattr(stats, dist), getattr(scipy.stats, dist), np.float32(0.7)
    for name in PMFS + TAILS:
        got = getattr(method, name)(np.array([-1.0, 0.0, 2.0]), s)
        assert got.dtype == np.float32, name
        np.testing.assert_allclose(got, getattr(theirs, name)([-1.0, 0.0, 2.0], 0.7), rtol=2e-6, atol=1e-30)
    for name in MOMENTS + ("median",):
        assert np.asarray(getattr(method, name)(s)).dtype == np.float32, name
    assert wg.grad(lambda s: method.logsf(2.0, s))(s).dtype == np.float32


@pytest.mark.parametrize("dist", ["planck", "dlaplace"])
def test_invalid_shapes_are_refused(dist):
    count_refused_outside_check(getattr(stats, dist), 0.7, (0.0, -1.0), (), MOMENTS, "must be > 0")


@pytest.mark.parametrize("dist", ["planck", "dlaplace"])
def test_a_traced_count_or_shift_is_refused(dist):
    method = getattr(stats, dist)
    for name in PMFS + TAILS:
        with pytest.raises(wg.NoGradientRule, match=f"{dist}.{name}.*k"):
            wg.grad(lambda k: getattr(method, name)(k, 0.7))(3.0)
        with pytest.raises(wg.NoGradientRule, match=f"{dist}.{name}.*loc"):
            wg.grad(lambda loc: getattr(method, name)(3.0, 0.7, loc))(1.0)
    with pytest.raises(wg.NoGradientRule, match=f"{dist}.ppf.*q"):
        wg.grad(lambda q: method.ppf(q, 0.7))(float(method.cdf(2, 0.7)))


def test_planck_logsf_is_linear():
    for k, lam in ((0.0, 1e-9), (3.0, 0.4), (1e6, 1e-3)):
        f = (lambda lam, k=k: stats.planck.logsf(k, lam))
        assert float(f(lam)) == -lam * (k + 1.0) and float(wg.grad(f)(lam)) == -(k + 1.0)
        assert float(wg.jvp(f, (lam,), (1.0,))[1]) == -(k + 1.0)
        assert float(wg.grad(wg.grad(f))(lam)) == 0.0 and float(wg.jvp(wg.grad(f), (lam,), (1.0,))[1]) == 0.0


def test_the_far_log_tails_are_finite_where_scipys_round_to_0():
    import scipy.stats
    assert scipy.stats.planck.logcdf(100, 3.0) == 0.0 and scipy.stats.dlaplace.logsf(-100, 3.0) == 0.0
    assert float(stats.planck.logcdf(100, 3.0)) == pytest.approx(-np.exp(-303.0), rel=1e-14)
    assert float(stats.dlaplace.logsf(-100, 3.0)) == pytest.approx(-np.exp(-300.0) / (1 + np.exp(-3.0)), rel=1e-14)


@pytest.mark.parametrize("method, k, a", [("logsf", -100, 3.0), ("sf", 99, 3.0), ("cdf", -100, 3.0),
                                          ("logcdf", 99, 0.7), ("sf", 300, 2.3)])
def test_dlaplace_far_tails_to_the_last_digits(method, k, a):
    """t = exp(-a m) / (1 + exp(-a)) (m = k + 1, or -k for the cdf) and log1p(-t): as exp of the rounded sum -a m -
    log1p(exp(-a)) its rounding stayed in the value, logsf(-100, 3) -4.904042331571102e-131 and sf(99, 3)
    4.904042331571102e-131 for 4.90404233157118e-131 (1.6e-14 off). mpmath (40 digits), value and d/da."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(40):
        m = -k if method == "cdf" or k < 0 else k + 1

        def truth(b):
            t = mp.exp(-b * m) / (1 + mp.exp(-b))
            return mp.log1p(-t) if method.startswith("log") else t
        want, slope = float(truth(mp.mpf(a))), float(mp.diff(truth, mp.mpf(a)))
    f = getattr(stats.dlaplace, method)
    assert float(f(k, a)) == pytest.approx(want, rel=3e-16, abs=0.0)
    assert float(wg.grad(lambda b: f(k, b))(a)) == pytest.approx(slope, rel=1e-15, abs=0.0)
