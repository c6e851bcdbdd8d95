"""Distributions at extreme arguments (x, shapes, loc, scale at 1e-300 ... 1e300): where the value is
finite or a finite limit, its derivatives are numbers, not NaN (checked against mpmath), at first order in
both modes (``grad``, ``jvp``) and at second (reverse over reverse, forward over reverse, ``hessian``).

Found by a sweep over every distribution and method (the session of 2026-12-02); each case here was NaN
before its fix.
"""
import warnings

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
from opcheck import mp_reference  # noqa: E402
from wengert.scipy import stats  # noqa: E402


def _check(method, args, i, mp_function, rel=1e-12, order=2):
    """``method(*args)``, its derivative in ``args[i]`` by ``grad`` and ``jvp``, and its second by reverse over
    reverse, forward over reverse and ``hessian``, against mpmath's; no warning."""
    want = mp_reference(mp_function, args, i, order)

    def f(t):
        return method(*args[:i], t, *args[i + 1:])
    x = args[i]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = [float(f(x)), float(wg.grad(f)(x)), float(wg.jvp(f, (x,), (1.0,))[1])]
        if order >= 2:
            got += [float(wg.grad(wg.grad(f))(x)), float(wg.jvp(wg.grad(f), (x,), (1.0,))[1]),
                    float(wg.hessian(f)(x))]
    expected = want[:2] + [want[1]] + ([want[2]] * 3 if order >= 2 else [])
    assert not np.any(np.isnan(got)), got
    assert got == pytest.approx(expected, rel=rel, abs=1e-300)


# -- weibull_min, weibull_max, dweibull far out: exp(-z^c) underflows while z^c overflows ----------------------

def _mp_weibull(name, sign=1):
    """mpmath's weibull_min ``name`` at ``z = sign (x - loc) / scale`` (weibull_max: ``sign = -1``, its cdf
    weibull_min's sf)."""
    def f(mp, x, c, loc, scale):
        z = sign * (x - loc) / scale
        sf = mp.exp(-z ** c)
        return {"pdf": c * z ** (c - 1) * sf / scale, "cdf": 1 - sf, "sf": sf, "logcdf": mp.log(1 - sf),
                "logsf": -z ** c}[name]
    return f


_MIRROR = {"pdf": "pdf", "cdf": "sf", "sf": "cdf", "logcdf": "logsf", "logsf": "logcdf"}


@pytest.mark.parametrize("name", ["pdf", "cdf", "sf", "logcdf"])
@pytest.mark.parametrize("x, c", [(1e200, 2.0), (1e300, 0.5), (60.0, 2.0), (1e10, 1e-2 * 35)])
@pytest.mark.parametrize("i", [0, 1, 3])
def test_weibull_far_out(name, x, c, i):
    # before: d/dc, d/dx, d/dscale NaN (exp(-z^c) = 0 times z^c = inf) at 1e200, 1e300; the truth 0
    args = (x, c, 0.0, 1.0)
    _check(getattr(stats.weibull_min, name), args, i, _mp_weibull(name))
    _check(getattr(stats.weibull_max, _MIRROR[name]), (-x, c, 0.0, 1.0), i, _mp_weibull(name, -1))


def _mp_dweibull(name):
    def f(mp, x, c, loc, scale):
        z = (x - loc) / scale
        half = mp.exp(-abs(z) ** c) / 2
        lower, upper = (half, 1 - half) if z < 0 else (1 - half, half)  # (not 1 - lower: it cancels)
        return {"pdf": c / 2 * abs(z) ** (c - 1) * mp.exp(-abs(z) ** c) / scale, "cdf": lower, "sf": upper,
                "logcdf": mp.log(lower), "logsf": mp.log(upper)}[name]
    return f


# (not logsf far up, logcdf far down: -log 2 - |z|^c, -inf there, its derivatives the overflow of finite ones)
@pytest.mark.parametrize("name, x", [(name, x) for name in ("pdf", "cdf", "sf", "logcdf", "logsf")
                                     for x in (1e200, -1e200, 60.0)
                                     if not (name == "logsf" and x > 0 or name == "logcdf" and x < 0)])
@pytest.mark.parametrize("i", [0, 1, 3])
def test_dweibull_far_out(name, x, i):
    _check(getattr(stats.dweibull, name), (x, 2.0, 0.0, 1.0), i, _mp_dweibull(name))


def test_weibull_just_short_of_the_far_tail():
    # z^c = 700 (below the switch at 3000): the formula's tiny numbers, not 0
    x = float(np.sqrt(700.0))
    _check(stats.weibull_min.sf, (x, 2.0, 0.0, 1.0), 1, _mp_weibull("sf"), rel=1e-10)
    _check(stats.dweibull.sf, (x, 2.0, 0.0, 1.0), 1, _mp_dweibull("sf"), rel=1e-10)


def _check_hessian(method, args, mp_function, steps, rel=1e-12, rows=None):
    """``method(*args)``'s gradient (``grad``, and ``jvp`` along each argument) and Hessian (``hessian``, forward
    over reverse) in all its arguments against mpmath's (80 digits) derivatives of ``t -> mp_function(mp, *(args +
    t steps))`` at 0 (step 1e-25 in t: ``steps`` scale each argument's to where its function is smooth). ``rows``:
    the arguments whose rows (and columns) of the Hessian are compared (default all); every entry is a number."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(80):
        a, s = [mp.mpf(v) for v in args], [mp.mpf(v) for v in steps]

        def g(*t):
            return mp_function(mp, *[v + ti * si for v, ti, si in zip(a, t, s)])
        zero, k, h = (mp.mpf(0),) * len(args), len(args), mp.mpf(10) ** -25
        order = [[i == j for j in range(k)] for i in range(k)]
        want_grad = [float(mp.diff(g, zero, tuple(int(o) for o in order[i]), h=h) / s[i]) for i in range(k)]
        want_hess = [[float(mp.diff(g, zero, tuple(int(oi) + int(oj) for oi, oj in zip(order[i], order[j])), h=h)
                            / (s[i] * s[j])) for j in range(k)] for i in range(k)]

    def f(v):
        return method(*v)
    point = np.array(args, dtype=float)
    # (overflow: the infinite entries, the truth's rounding)
    with warnings.catch_warnings(), np.errstate(over="ignore"):
        warnings.simplefilter("error")
        grads = [np.asarray(wg.grad(f)(point))] + [
            np.array([float(wg.jvp(f, (point,), (np.eye(k)[i],))[1]) for i in range(k)])]
        hessians = [np.asarray(wg.hessian(f)(point)), np.asarray(wg.jacfwd(wg.grad(f))(point))]
    for got in grads:
        assert list(got) == pytest.approx(want_grad, rel=rel, abs=1e-300)
    for got in hessians:
        assert not np.any(np.isnan(got)), got
        rows = range(k) if rows is None else rows
        assert [list(got[i]) for i in rows] == [pytest.approx(want_hess[i], rel=rel, abs=1e-300) for i in rows]


# -- log1p(c z) / c far out: its derivatives' terms overflowed apart (inf - inf) ---------------------------------

def _mp_log1p_over(mp, c, z):
    return z if c == 0 else mp.log1p(c * z) / c


def _mp_genpareto(name):
    def f(mp, x, c, loc, scale):
        z = (x - loc) / scale
        y = _mp_log1p_over(mp, c, z)
        return {"logpdf": -(1 + c) * y - mp.log(scale), "logsf": -y}[name]
    return f


def _mp_genextreme_logsf(mp, x, c, loc, scale):
    y = _mp_log1p_over(mp, -c, (x - loc) / scale)
    return mp.log(-mp.expm1(-mp.exp(-y)))


#: (the far points' other mixed entries, d2/dx dscale, are differences of two terms 1e100 times as large in the
#: chain through z = (x - loc) / scale: 0 for 1e-200 at (1e300, 1e-200), 6e-7 off at genextreme's; checked: the c row)
@pytest.mark.parametrize("method, args, mp_function, steps, rows", [
    # before: the Hessian's c row NaN (-2 L' - L'' = inf - inf, the truth z^2 - 2 z^3 / 3 = -inf)
    (stats.genpareto.logpdf, (1e155, 0.0, 0.0, 1.0), _mp_genpareto("logpdf"), (1e155, 1e-155, 1e155, 1.0), (1,)),
    # before: d/dc NaN (and the c row of the Hessian): (u / (1 + u) - log1p(u)) / c^2 = inf - inf
    (stats.genpareto.logpdf, (1e300, 1e-200, 0.0, 1.0), _mp_genpareto("logpdf"), (1e300, 1e-200, 1e300, 1.0), (1,)),
    (stats.genpareto.logsf, (1e300, 1e-200, 0.0, 1.0), _mp_genpareto("logsf"), (1e300, 1e-200, 1e300, 1.0), (1,)),
    # before: d2/dc2 NaN (the closed form's three terms about 1e390 apart; the truth -4.3e391 = -inf)
    (stats.genextreme.logsf, (1e140, -1e-130, 0.0, 1.0), _mp_genextreme_logsf, (1e140, 1e-130, 1e140, 1.0), (1,)),
    # the same functions at ordinary points, unchanged (both forms of log1p(c z) / c: |c z| below and above 1/2)
    (stats.genpareto.logpdf, (1.5, 0.2, 0.1, 1.3), _mp_genpareto("logpdf"), (1.0, 1.0, 1.0, 1.0), None),
    (stats.genpareto.logpdf, (2.5, -0.3, 0.1, 1.3), _mp_genpareto("logpdf"), (1.0, 1.0, 1.0, 1.0), None),
    (stats.genpareto.logsf, (3.0, 0.7, 0.1, 1.3), _mp_genpareto("logsf"), (1.0, 1.0, 1.0, 1.0), None),
    (stats.genextreme.logsf, (-2.0, 0.4, 0.1, 1.3), _mp_genextreme_logsf, (1.0, 1.0, 1.0, 1.0), None),
])
def test_log1p_over_far_out(method, args, mp_function, steps, rows):
    _check_hessian(method, args, mp_function, steps, rel=1e-9, rows=rows)


# -- the chain through z = (x - loc) / scale: an exact 0 over an infinity ------------------------------------------

@pytest.mark.parametrize("method, args", [
    # x == loc, an end of the support where the z-derivative is infinite: d/dscale was inf * 0 = NaN
    (stats.weibull_min.sf, (0.0, 0.5, 0.0)),
    (stats.weibull_min.cdf, (2.0, 0.5, 2.0)),
    (stats.arcsine.cdf, (0.0, 0.0)),
    (stats.arcsine.logsf, (0.0, 0.0)),
    (stats.beta.cdf, (0.0, 1e-12, 2.5, 0.0)),
    # scale 1e-200: z = 7e199, beyond the support or far out, where the z-derivative is 0 and -z / scale overflows
    (stats.arcsine.cdf, (0.7, 0.0)),
    (stats.weibull_min.sf, (0.7, 1.5, 0.0)),
    (stats.beta.cdf, (0.7, 1.5, 2.5, 0.0)),
])
def test_scale_derivative_where_z_is_constant(method, args):
    # the function is constant in scale there (x == loc: z = 0 for every scale; z = 7e199: a constant tail), so
    # its derivatives in scale are 0 (mpmath: a constant's): by grad, jvp and forward over reverse
    scale = 1e-200 if args[0] == 0.7 else 1.0

    def f(s):
        return method(*args, s)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # (the z-derivatives' infinities)
            got = [float(wg.grad(f)(scale)), float(wg.jvp(f, (scale,), (1.0,))[1]),
                   float(wg.jvp(wg.grad(f), (scale,), (1.0,))[1])]
    assert got == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("dist, parameters", [("binom", (5, 0.3)), ("bernoulli", (0.3,)), ("geom", (0.3,)),
                                              ("nbinom", (3.0, 0.4)), ("poisson", (2.5,)), ("betabinom", (7, 1.5, 2.5))])
@pytest.mark.parametrize("method", ["logpmf", "pmf"])
def test_a_nan_count_is_nan(dist, parameters, method):
    # SciPy's NaN (the pmfs gave 0, their logs -inf); the other count's value and gradient unchanged
    import scipy.stats as scipy_stats
    k = np.array([np.nan, 2.0])
    fn, theirs = getattr(getattr(stats, dist), method), getattr(getattr(scipy_stats, dist), method)
    np.testing.assert_allclose(fn(k, *parameters), theirs(k, *parameters), rtol=1e-14)  # (NaN where NaN)

    def f(last):
        return np.sum(fn(np.array([2.0]), *parameters[:-1], last))
    assert float(wg.grad(lambda last: np.sum(fn(k, *parameters[:-1], last)[1:]))(parameters[-1])) == pytest.approx(
        float(wg.grad(f)(parameters[-1])), rel=1e-15)


@pytest.mark.parametrize("a, b", [(0.5, 0.5), (2.5, 1.5), (30.0, 40.0), (1e-3, 2.0), (7.0, 0.2)])
def test_beta_entropy_in_float32_is_rounded_once(a, b):
    # its terms about 1 cancel: each rounded to float32 it was 21 ulps off at (2.5, 1.5); now the float64 value
    # rounded once (SciPy's in float64, rounded)
    import scipy.stats as scipy_stats
    a32, b32 = np.float32(a), np.float32(b)
    got = stats.beta.entropy(a32, b32)
    assert got.dtype == np.float32
    assert got == np.float32(scipy_stats.beta.entropy(float(a32), float(b32)))
    assert wg.grad(lambda t: stats.beta.entropy(t, b32))(a32).dtype == np.float32


@pytest.mark.parametrize("q, d", [(0.0, 1e12), (0.3, 1e-300), (1e-300, 1e-12), (0.0, 1e-300)])
def test_burr12_quantile_entries_do_not_mix(q, d):
    # an extreme entry beside an ordinary one: the ordinary entry's derivatives in c and d are its own (the unused
    # form's stand-in was 2 max(d) for every entry: d/dc NaN at the ordinary (0.3, 1.5, 2.5) beside (0.0, 1.5, 1e12))
    for method in (stats.burr12.isf, stats.burr12.ppf):
        with np.errstate(all="ignore"):
            alone = [float(wg.grad(lambda c: method(0.3, c, 2.5))(1.5)), float(wg.grad(lambda d: method(0.3, 1.5, d))(2.5))]
            in_c = wg.grad(lambda c: np.sum(method(np.array([0.3, q]), c, np.array([2.5, d]))))(np.array([1.5, 1.5]))
            in_d = wg.grad(lambda e: np.sum(method(np.array([0.3, q]), 1.5, e)))(np.array([2.5, d]))
            fwd = wg.jvp(lambda c: method(np.array([0.3, q]), c, np.array([2.5, d])), (np.array([1.5, 1.5]),),
                         (np.array([1.0, 0.0]),))[1]
        assert [in_c[0], in_d[0], fwd[0]] == pytest.approx([alone[0], alone[1], alone[0]], rel=1e-14)
