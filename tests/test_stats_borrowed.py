"""``scipy.stats``' ``levy_l``, ``gibrat``, ``erlang``, ``powerlaw`` and ``arcsine``: levy mirrored,
lognorm at s = 1, gamma at an integer shape, beta at b = 1 and at a = b = 1/2, each computed by the
other distribution's functions.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's; each
function bit for bit the other distribution's (values and gradients, far in the tails too); the
refusals under the distribution's own name; erlang's warning at a shape that is not an integer.
"""
import warnings

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from opcheck import case, gradient_test, stats_values_test  # noqa: E402
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
QUANTILES = ("ppf", "isf")
SUMMARIES = ("mean", "var", "std", "entropy", "median")
LOC, SCALE = np.array([[0.0], [-0.1]]), np.array([[[0.7]], [[1.6]]])


def _erlang(name, a=3):
    method = getattr(stats.erlang, name)
    return lambda *args: method(*args[:1], a, *args[1:]) if name not in SUMMARIES else method(a, *args)


def _f(dist, name):
    return getattr(getattr(stats, dist), name)


#: on [0, 1]: z = (x - loc) / scale inside it at both locs and scales
UNIT_X, UNIT_LOC, UNIT_SCALE = np.array([0.05, 0.3, 0.6, 0.95]), np.array([[0.0], [-0.02]]), np.array([[[1.1]], [[1.6]]])


CASES = [
    *[case(getattr(stats.levy_l, f), getattr(stats.levy_l, f), np.array([-30.0, -2.0, -0.4, -1e-3]), -LOC, SCALE,
           id=f"levy_l.{f}") for f in TAILS],
    *[case(getattr(stats.gibrat, f), getattr(stats.gibrat, f), np.array([1e-3, 0.4, 1.0, 3.0, 30.0]), LOC, SCALE,
           id=f"gibrat.{f}") for f in TAILS],
    # (a fixed at an integer: a step in it would leave the Erlang distribution; erlang's a-derivative is gamma's)
    *[case(getattr(stats.erlang, f), _erlang(f, a), np.array([1e-3, 0.4, 2.0, 9.0]), LOC, SCALE,
           id=f"erlang.{f}-a{a}") for f in TAILS for a in (1, 4)],
    # (levy_l's quantiles grow as 1/q^2 toward one end, as levy's: central differences lose their digits there)
    *[case(getattr(getattr(stats, d), f), getattr(getattr(stats, d), f) if d != "erlang" else _erlang(f),
           np.array([1e-3, 0.2, 0.5, 0.9, 0.999])[d == "levy_l":4 if d == "levy_l" else 5], LOC, 1.3, id=f"{d}.{f}")
      for d in ("levy_l", "gibrat", "erlang") for f in QUANTILES],
    # below (levy_l: above) the support: constants
    *[case(getattr(stats.levy_l, f), getattr(stats.levy_l, f), np.array([0.5]), id=f"levy_l.{f}-outside")
      for f in ("pdf", "cdf", "sf", "logcdf")],
    *[case(getattr(stats.gibrat, f), getattr(stats.gibrat, f), np.array([-0.5]), id=f"gibrat.{f}-outside")
      for f in ("pdf", "cdf", "sf", "logsf")],
    # size-1 and size-0 arrays
    *[case(getattr(getattr(stats, d), f), getattr(getattr(stats, d), f) if d != "erlang" else _erlang(f),
           np.array([x]), np.array([0.1]), np.array([1.4]), id=f"{d}.{f}-size1")
      for d, x in (("levy_l", -0.7), ("gibrat", 0.7), ("erlang", 0.7)) for f in TAILS],
    *[case(getattr(getattr(stats, d), f), getattr(getattr(stats, d), f) if d != "erlang" else _erlang(f),
           np.zeros(0), id=f"{d}.{f}-size0") for d in ("levy_l", "gibrat", "erlang") for f in TAILS + QUANTILES],
    *[case(getattr(stats.gibrat, m), getattr(stats.gibrat, m), np.array([0.0, 1.0]), np.array([[0.6], [2.0]]),
           id=f"gibrat.{m}") for m in SUMMARIES],
    *[case(getattr(stats.erlang, m), _erlang(m, a), np.array([0.0, 1.0]), np.array([[0.6], [2.0]]),
           id=f"erlang.{m}-a{a}") for m in SUMMARIES for a in (1, 5)],
    *[case(getattr(stats.levy_l, m), getattr(stats.levy_l, m), np.array([-0.4, 1.3]), np.array([[0.6], [2.0]]),
           id=f"levy_l.{m}") for m in ("entropy", "median")],
    *[case(getattr(getattr(stats, d), "interval"), (lambda d: lambda p: getattr(stats, d).interval(
        p, *((3,) if d == "erlang" else ()), 0.3, 1.2))(d), np.array([0.2, 0.9, 0.99]), id=f"{d}.interval")
      for d in ("levy_l", "gibrat", "erlang")],
    # powerlaw in x, a (below 1: the density infinite at 0; above), loc and scale; arcsine in x, loc, scale
    *[case(_f("powerlaw", f), _f("powerlaw", f), UNIT_X, np.array([[[[0.7]]], [[[2.5]]]]), UNIT_LOC, UNIT_SCALE,
           id=f"powerlaw.{f}") for f in TAILS],
    *[case(_f("arcsine", f), _f("arcsine", f), UNIT_X, UNIT_LOC, UNIT_SCALE, id=f"arcsine.{f}") for f in TAILS],
    *[case(_f("powerlaw", f), _f("powerlaw", f), np.array([1e-3, 0.2, 0.5, 0.9, 0.999]), np.array([[0.7], [2.5]]),
           0.1, 1.3, id=f"powerlaw.{f}") for f in QUANTILES],
    *[case(_f("arcsine", f), _f("arcsine", f), np.array([1e-3, 0.2, 0.5, 0.9, 0.999]), np.array([[0.0], [0.1]]),
           1.3, id=f"arcsine.{f}") for f in QUANTILES],
    *[case(_f(d, f), (lambda d, f, shape: lambda x: _f(d, f)(x, *shape))(d, f, (2.5,) if d == "powerlaw" else ()),
           np.array([x]), id=f"{d}.{f}-{side}") for d in ("powerlaw", "arcsine")
      for x, side, functions in ((-0.5, "below", ("pdf", "cdf", "sf", "logsf")),
                                 (1.5, "above", ("pdf", "cdf", "sf", "logcdf"))) for f in functions],
    *[case(_f("powerlaw", m), _f("powerlaw", m), np.array([0.7, 2.5]), np.array([[0.0], [1.0]]),
           np.array([[[0.6]], [[2.0]]]), id=f"powerlaw.{m}") for m in SUMMARIES],
    *[case(_f("arcsine", m), _f("arcsine", m), np.array([0.0, 1.0]), np.array([[0.6], [2.0]]), id=f"arcsine.{m}")
      for m in SUMMARIES],
    case(_f("powerlaw", "interval"), lambda p, a: stats.powerlaw.interval(p, a, 0.3, 1.2), np.array([0.2, 0.9, 0.99]),
         np.array([[0.7], [2.5]]), id="powerlaw.interval"),
    case(_f("arcsine", "interval"), lambda p: stats.arcsine.interval(p, 0.3, 1.2), np.array([0.2, 0.9, 0.99]),
         id="arcsine.interval"),
]


test_gradient = gradient_test(CASES)


# -- values --------------------------------------------------------------------------------------

XS = np.array([-1.0, 0.0, 1e-100, 1e-3, 0.4, 1.3, 3.0, 30.0, 1e3])
UNIT_XS = np.array([-1.0, 0.0, 1e-100, 1e-3, 0.4, 0.9, 1.2, 1.3, 3.0])
QS = np.array([0.0, 1e-300, 1e-10, 0.1, 0.5, 0.9, 1.0])
VALUE_CHECKS = [
    *[(f"levy_l.{f}", (-XS, loc, 1.3)) for f in TAILS for loc in (0.0, 0.1)],
    *[(f"gibrat.{f}", (XS, loc, 1.3)) for f in TAILS for loc in (0.0, 0.1)],
    *[(f"erlang.{f}", (XS, a, loc, 1.3)) for f in TAILS for loc in (0.0, 0.1) for a in (1, 3, 40)],
    *[(f"{d}.{f}", (QS, -0.1, 1.3)) for d in ("levy_l", "gibrat") for f in QUANTILES],
    *[(f"erlang.{f}", (QS, a, -0.1, 1.3)) for f in QUANTILES for a in (1, 3, 40)],
    *[(f"gibrat.{m}", (0.3, np.array([0.6, 2.0]))) for m in SUMMARIES],
    *[(f"erlang.{m}", (np.array([1, 2, 30]), 0.3, 2.0)) for m in SUMMARIES],
    *[(f"levy_l.{m}", (0.3, np.array([0.6, 2.0]))) for m in ("entropy", "median")],
    ("levy_l.interval", (0.8, -0.1, 1.3)), ("gibrat.interval", (0.8, -0.1, 1.3)),
    ("erlang.interval", (0.8, 3, -0.1, 1.3)),
    # (near 1 SciPy's arcsine loses digits: test_arcsine_near_one_against_mpmath)
    *[(f"powerlaw.{f}", (UNIT_XS, a, loc, 1.3)) for f in TAILS for loc in (0.0, -0.1) for a in (0.3, 1.0, 2.5)],
    *[(f"arcsine.{f}", (UNIT_XS, loc, 1.3)) for f in TAILS for loc in (0.0, -0.1)],
    *[(f"powerlaw.{f}", (QS, a, -0.1, 1.3)) for f in QUANTILES for a in (0.3, 2.5)],
    *[(f"arcsine.{f}", (QS, -0.1, 1.3)) for f in QUANTILES],
    *[(f"powerlaw.{m}", (np.array([0.3, 2.5]), 0.3, 2.0)) for m in SUMMARIES],
    *[(f"arcsine.{m}", (0.3, np.array([0.6, 2.0]))) for m in SUMMARIES],
    ("powerlaw.interval", (0.8, 2.5, -0.1, 1.3)), ("arcsine.interval", (0.8, -0.1, 1.3)),
]
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={
    # SciPy's levy_l.ppf inverts through 1 - q: 1.7e-7 off at q = 1e-10 (test_levy_l_ppf_against_mpmath);
    # its entropy is levy's, 3.5e-11 off
    "levy_l.ppf": 1e-6, "levy_l.entropy": 1e-10,
    # SciPy's arcsine entropy is 1.2e-15 off (beta's closed form)
    "arcsine.entropy": 1e-14, "powerlaw.entropy": 1e-14})


@pytest.mark.parametrize("a", [0.3, 1.0, 2.5])
def test_powerlaw_density_at_zero_is_scipys(a):
    """SciPy's powerlaw leaves z = 0 out of its support where a < 1 (the density infinite there: beta's
    inf, SciPy's 0); its derivatives in a and scale there are 0, never NaN."""
    want = {0.3: 0.0, 1.0: 1.0, 2.5: 0.0}[a]
    assert float(stats.powerlaw.pdf(0.2, a, 0.2)) == want
    assert float(stats.powerlaw.logpdf(0.2, a, 0.2)) == (np.log(want) if want else -np.inf)
    if a < 1:
        assert wg.grad(lambda a: stats.powerlaw.pdf(0.2, a, 0.2))(a) == 0.0
        assert wg.grad(lambda s: stats.powerlaw.logpdf(0.2, a, 0.2, s))(1.5) == 0.0


def test_powerlaw_log_cdf_is_linear_in_a():
    """logcdf = a log z (beta's at b = 1 taken so): d2/da2 exactly 0 (through log(betainc) -3.1e-17 at (0.5, 1.5), at
    a = 1e5 refused), the rest of the Hessian in (x, a) -a / x^2 and 1/x, on four paths (d2/dx da was 19.99999999999999
    at x = 0.05 for 20, at a = 1e5 d2/dx2 1.2e-11 relative off)."""
    x, a = np.array([0.3, 0.5, 0.05, 0.7, 1.0, 1e-300]), np.array([0.5, 1.5, 2.0, 1e5, 3.0, 1e-300])
    paths = {"hessian": wg.hessian, "jacfwd(jacfwd)": lambda h: wg.jacfwd(wg.jacfwd(h)),
             "jacrev(jacfwd)": lambda h: wg.jacrev(wg.jacfwd(h)), "jacfwd(grad)": lambda h: wg.jacfwd(wg.grad(h))}
    for name, path in paths.items():
        h = path(lambda v: np.sum(stats.powerlaw.logcdf(v[0], v[1])))(np.stack([x, a]))
        h = np.array([h[:, i, :, i] for i in range(len(x))])
        np.testing.assert_array_equal(h[:, 1, 1], 0.0, err_msg=name)
        np.testing.assert_allclose(h[:, 0, 1], 1.0 / x, rtol=2e-16, atol=0, err_msg=name)
        np.testing.assert_allclose(h[:, 1, 0], 1.0 / x, rtol=2e-16, atol=0, err_msg=name)
        np.testing.assert_allclose(h[:, 0, 0], -(a / x) / x, rtol=5e-16, atol=0, err_msg=name)


def test_arcsine_near_one_against_mpmath():
    """The sf 2 arccos(sqrt z) / pi and its log near z = 1 (SciPy's as 1 - cdf: 5.5e-5 off at 1 - 1e-12)."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(40):
        for x in (1 - 1e-12, 1 - 1e-6, 0.999):
            sf = 2 * mpmath.acos(mpmath.sqrt(mpmath.mpf(x))) / mpmath.pi
            assert float(stats.arcsine.sf(x)) == pytest.approx(float(sf), rel=1e-13)
            assert float(stats.arcsine.logsf(x)) == pytest.approx(float(mpmath.log(sf)), rel=1e-14)
            assert float(stats.arcsine.logcdf(x)) == pytest.approx(float(mpmath.log1p(-sf)), rel=1e-10)
        x = 1 - 1e-12
        import scipy.stats
        assert abs(scipy.stats.arcsine.sf(x) / float(2 * mpmath.acos(mpmath.sqrt(mpmath.mpf(x))) / mpmath.pi) - 1) > 1e-5


def test_levy_l_ppf_against_mpmath():
    """-scale / (2 erfinv(q)^2) + loc, at 30 digits."""
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(30):
        for q in (1e-300, 1e-10, 0.3, 0.999):
            want = float(-1.3 / (2 * mpmath.erfinv(mpmath.mpf(q)) ** 2) - mpmath.mpf("0.1"))
            assert float(stats.levy_l.ppf(q, -0.1, 1.3)) == pytest.approx(want, rel=2e-15)


# -- each the other distribution's function --------------------------------------------------------

#: levy_l's functions at (x, loc) as levy's at (-x, -loc) (quantiles: minus levy's other quantile)
MIRRORED = {"logpdf": "logpdf", "pdf": "pdf", "cdf": "sf", "logcdf": "logsf", "sf": "cdf", "logsf": "logcdf"}
FAR = np.array([-1e300, -1e10, -2.0, -1e-3, -1e-20, -1e-300, 0.0, 3.0])


def _same(a, b):
    np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


@pytest.mark.parametrize("name", list(MIRRORED))
def test_levy_l_is_levy_mirrored_bit_for_bit(name):
    ours, theirs = getattr(stats.levy_l, name), getattr(stats.levy, MIRRORED[name])
    with np.errstate(all="ignore"):
        _same(ours(FAR, 0.2, 1.5), theirs(-FAR, -0.2, 1.5))
        for argnum in (0, 1, 2):
            g = wg.grad(lambda *a: np.sum(ours(*a)), argnum)(FAR, 0.2, 1.5)
            h = wg.grad(lambda x, loc, s: np.sum(theirs(-x, -loc, s)), argnum)(FAR, 0.2, 1.5)
            _same(g, h)


@pytest.mark.parametrize("name, other", [("ppf", "isf"), ("isf", "ppf")])
def test_levy_l_quantiles_are_minus_levys_bit_for_bit(name, other):
    qs = np.array([1e-300, 1e-10, 0.3, 0.5, 1.0 - 1e-16])
    ours, theirs = getattr(stats.levy_l, name), getattr(stats.levy, other)
    _same(ours(qs, 0.2, 1.5), -theirs(qs, -0.2, 1.5))
    _same(wg.grad_bp(lambda q: np.sum(ours(q, 0.2, 1.5)), qs), wg.grad_bp(lambda q: -np.sum(theirs(q, -0.2, 1.5)), qs))
    for mode in (wg.grad, wg.jacfwd):  # second order: minus levy's
        want = wg.grad(wg.grad(lambda q: -theirs(q, -0.2, 1.5)))(0.3)
        assert mode(wg.grad(lambda q: ours(q, 0.2, 1.5)))(0.3) == want


ALL = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf")


#: (distribution, the other, its shapes here, the other's shapes)
TAKEN = [("gibrat", "lognorm", (), (1.0,)), ("erlang", "gamma", (4,), (4,)), ("powerlaw", "beta", (2.5,), (2.5, 1.0)),
         ("arcsine", "beta", (), (0.5, 0.5))]


@pytest.mark.parametrize("dist, other, shapes, their_shapes", TAKEN, ids=[t[0] for t in TAKEN])
@pytest.mark.parametrize("name", ALL + SUMMARIES)
def test_each_is_the_other_distributions_bit_for_bit(dist, other, shapes, their_shapes, name):
    first = () if name in SUMMARIES else (np.array([1e-300, 1e-3, 0.5, 1 - 1e-12, 1.0, 7.0, 1e3]) if name not in
                                          ("ppf", "isf") else np.array([1e-300, 1e-10, 0.3, 0.999]),)
    ours, theirs = _f(dist, name), _f(other, name)
    args = (*first, 0.2, 1.5)
    with np.errstate(all="ignore"):
        _same(ours(*first, *shapes, 0.2, 1.5), theirs(*first, *their_shapes, 0.2, 1.5))
        for argnum in range(len(args)):
            _same(wg.grad(lambda *a: np.sum(ours(*a[:len(first)], *shapes, *a[len(first):])), argnum)(*args),
                  wg.grad(lambda *a: np.sum(theirs(*a[:len(first)], *their_shapes, *a[len(first):])), argnum)(*args))


@pytest.mark.parametrize("dist, other, shape", [("erlang", "gamma", ()), ("powerlaw", "beta", (1.0,))])
def test_the_shape_derivatives_are_the_others(dist, other, shape):
    """(erlang: a step in a would leave the integers, where it warns: no finite-difference case in a)"""
    for name in ("cdf", "logpdf", "entropy", "ppf"):
        ours, theirs = _f(dist, name), _f(other, name)
        first = () if name == "entropy" else (0.3 if name == "ppf" else 0.7,)
        assert wg.grad(lambda a: ours(*first, a))(3.0) == wg.grad(lambda a: theirs(*first, a, *shape))(3.0)
        assert (wg.jacfwd(wg.grad(lambda a: ours(*first, a)))(3.0)
                == wg.jacfwd(wg.grad(lambda a: theirs(*first, a, *shape)))(3.0))


# -- refusals and erlang's warning ------------------------------------------------------------------

@pytest.mark.parametrize("dist, name", [(d, n) for d in ("levy_l", "gibrat", "erlang", "powerlaw", "arcsine")
                                        for n in ALL + SUMMARIES + ("interval",) if hasattr(getattr(stats, d), n)])
def test_refusals_name_the_distribution(dist, name):
    method = getattr(getattr(stats, dist), name)
    shape = (3,) if dist in ("erlang", "powerlaw") else ()
    first = () if name in SUMMARIES else (0.9 if name == "interval" else 0.5,)
    # (levy_l's median and interval are its ppf's, as the other distributions', and say so)
    checked = "ppf" if dist == "levy_l" and name in ("median", "interval") else name
    with pytest.raises(ValueError, match=f"^{dist}.{checked}: scale must be positive"):
        method(*first, *shape, 0.0, -1.0)
    if name in ("ppf", "isf"):
        with pytest.raises(ValueError, match=f"^{dist}.{name}: q must be a probability"):
            method(1.5, *shape)
    if name == "interval":
        with pytest.raises(ValueError, match=f"^{dist}.interval: confidence must be in"):
            method(1.5, *shape)
    if dist in ("erlang", "powerlaw"):
        for a in (0, -2, np.array([1, 0])):
            with pytest.raises(ValueError, match=f"^{dist}.{name}: the shape parameters must be positive "
                                                 r"\(a is not"):
                method(*first, a)


@pytest.mark.parametrize("name", ALL + SUMMARIES + ("interval",))
def test_erlang_warns_where_the_shape_is_not_an_integer(name):
    method = stats.erlang.__dict__[name].__func__
    first = () if name in SUMMARIES else (0.9 if name == "interval" else 0.5,)
    with pytest.warns(RuntimeWarning, match=f"erlang.{name}: the shape a .* is not an integer"):
        got = method(*first, 2.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = getattr(stats.gamma, name)(*first, 2.5)
    _same(np.array(got), np.array(want))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an integer shape, a float or a traced one: no warning
        method(*first, 3.0)
        method(*first, np.array([1, 2]))
        if name != "interval":
            wg.grad(lambda a: np.sum(method(*first, a)))(4.0)
