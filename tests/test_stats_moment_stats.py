"""``moment(order, ...)`` and ``stats(..., moments)`` of every distribution with a mean and a variance
(src/wengert/scipy/stats/_moments.py): before, an AttributeError (``wengert.scipy.stats.norm.moment``).

``CASES``: two cases (moment, stats), each over every distribution at once (its parameters' points are
tests/test_stats_dtypes_every_method.py's; one case per distribution cost ~1.5 s each in CI's second-order and jit
meta-tests), differentiated in scale (the continuous ones) and in the first continuous shape (the discrete ones).
Below: the values, gradients and Hessians against mpmath (tools/moment_stats_truths.py: the raw moments by numerical
integration at 50 digits, independent of the closed forms), SciPy's values, where a moment does not exist, the
refusals.
"""
import math

import numpy as np
import pytest

import wengert as wg
from opcheck import case, gradient_test

st = pytest.importorskip("wengert.scipy.stats")
from moment_stats_truths_table import TRUTHS  # noqa: E402
from test_stats_dtypes_every_method import arguments, DISCRETE  # noqa: E402

EVERY = sorted(name for name, methods in st.FUNCTIONS.items() if "moment" in methods and name != "reciprocal")


def _point(name):
    """The distribution's parameters (shapes, loc, scale as numbers) and the index of the one moved (scale; the
    first continuous shape of a discrete one; None: none)."""
    args, differentiable = arguments(name, "mean", np.float64, False)
    args = [float(a) if isinstance(a, np.floating) else a for a in args]
    if name in DISCRETE:
        return args, (differentiable[0] if differentiable else None)
    return args, len(args) - 1


POINTS = {name: _point(name) for name in EVERY}
WITH_SKEW = sorted(st._moments._SKEW_KURTOSIS)


def _finite_parts(name):
    """moment's order (2, or 0 where E[X^2] is not finite) and stats' letters (those finite) at the point: a moment
    that does not exist (cauchy's, pareto(3.5)'s kurtosis) has NaN derivatives of second order, even masked (a NaN
    cotangent times 0): its derivatives are tests/test_stats_moment_stats.py's test_where_a_moment_does_not_exist."""
    args, _ = POINTS[name]
    d = getattr(st, name)
    letters = "mvsk" if name in WITH_SKEW else "mv"
    with np.errstate(all="ignore"):
        values = d.stats(*args, moments=letters)
        order = 2 if np.isfinite(d.moment(2, *args)) else 0
    return order, "".join(c for c, v in zip(letters, values) if np.isfinite(v))


PARTS = {name: _finite_parts(name) for name in EVERY}


def _every(method, t):
    total = 0.0
    for name in EVERY:
        args, moved = POINTS[name]
        args = list(args)
        if moved is not None:
            args[moved] = args[moved] * (t / 1.5)  # (t = 1.5: the point)
        fn = getattr(getattr(st, name), method)
        order, letters = PARTS[name]
        out = fn(order, *args) if method == "moment" else fn(*args, moments=letters)
        total = total + sum(out if isinstance(out, tuple) else (out,))
    return total


CASES = [case(tuple(getattr(getattr(st, name), method) for name in EVERY),
              lambda t, _m=method: _every(_m, t), 1.5, id=f"{method}-every-distribution")
         for method in ("moment", "stats")]

test_gradient = gradient_test(CASES)


def _call(name, shapes, loc, scale, key):
    d = getattr(st, name)
    located = () if name in DISCRETE else (loc, scale)
    if name in DISCRETE:
        def f(*p):
            return d.moment(int(key[6:]), *p, loc) if key.startswith("moment") else d.stats(
                *p, loc, moments=key)
        return f, [float(s) for s in shapes] if name != "binom" else shapes
    def f(*p):
        return d.moment(int(key[6:]), *p) if key.startswith("moment") else d.stats(*p, moments=key)
    return f, [*map(float, shapes), *map(float, located)]


@pytest.mark.parametrize("name", sorted({t[0] for t in TRUTHS}))
def test_against_mpmath(name):
    """Value, gradient and Hessian in every continuous argument (the shapes, loc, scale) of moment(n) (n to 5) and the
    skewness and kurtosis, at ordinary points, small and large shapes, and beside where a moment stops existing."""
    failures = []
    for (n, shapes, loc, scale, key, value, gradient, hessian) in TRUTHS:
        if n != name:
            continue
        f, args = _call(name, shapes, loc, scale, key)
        moving = [i for i in range(len(args)) if not (name == "binom" and i == 0)]
        fixed = list(args)

        def g(*m):
            a = list(fixed)
            for i, v in zip(moving, m):
                a[i] = v
            return f(*a)
        at = [args[i] for i in moving]
        got = float(g(*at))
        scale_of = max(1.0, abs(value))
        if not (got == value or abs(got - value) <= 5e-15 * scale_of):
            failures.append(f"{key} {shapes} {loc} {scale}: value {got!r}, truth {value!r}")
            continue
        if not gradient and (name in DISCRETE or not key.startswith("moment")):
            continue
        if not key.startswith("moment") and name not in DISCRETE:  # (loc and scale do not move them)
            gradient = [*gradient, 0.0, 0.0]
            hessian = [[*row, 0.0, 0.0] for row in hessian] + [[0.0] * len(gradient)] * 2
        grad = np.atleast_1d(wg.grad(g, argnums=tuple(range(len(at))))(*at)).astype(float)
        hess = np.array([np.atleast_1d(wg.grad(lambda *m, _j=j: wg.grad(g, argnums=_j)(*m),
                                                argnums=tuple(range(len(at))))(*at)) for j in range(len(at))], float)
        for what, got_, want in (("gradient", grad, np.array(gradient)), ("hessian", hess, np.array(hessian))):
            size = max(1.0, float(np.max(np.abs(want))))
            if not np.allclose(got_, want, rtol=2e-13, atol=2e-13 * size):
                failures.append(f"{key} {shapes} {loc} {scale}: {what} {got_.tolist()}, truth {want.tolist()}")
    assert not failures, "\n".join(failures)


#: every function added here, its values checked against SciPy's (stats('mv') and moment(2)) where SciPy's are closed
#: forms or exact sums: left out, those whose SciPy integrates numerically (1 to 5 s each: recipinvgauss, vonmises) or
#: is off (ksone 3e-8, truncweibull_min 1e-7, kappa3 4e-11, halfgennorm 2e-11, johnsonsu 4e-15; levy_l's mean: SciPy's
#: +inf, the truth -inf): their mean and var are checked against mpmath in their own files)
NUMERIC_IN_SCIPY = {"recipinvgauss", "vonmises", "vonmises_line", "ksone", "kstwobign", "levy_l", "halfgennorm",
                    "johnsonsu", "kappa3", "truncweibull_min", "gompertz", "genhalflogistic", "exponpow", "exponweib",
                    "powernorm", "johnsonsb", "powerlognorm", "genexpon"}
VALUE_CHECKS = [(f"{name}.{method}", POINTS[name][0]) for name in EVERY for method in ("moment", "stats")]
VALUE_CHECKS += [(f"reciprocal.{method}", POINTS["loguniform"][0]) for method in ("moment", "stats")]  # (loguniform's)


def test_values_are_scipys():
    from scipy import stats as scipy_stats
    failures = []
    for name in EVERY:
        if name in NUMERIC_IN_SCIPY or not hasattr(scipy_stats, name):  # (SciPy 1.13 has no irwinhall, ...)
            continue
        args, _ = POINTS[name]
        ours, theirs = getattr(st, name), getattr(scipy_stats, name)
        with np.errstate(all="ignore"):
            pairs = [(ours.stats(*args), theirs.stats(*args, moments="mv")), (ours.moment(2, *args),
                                                                               theirs.moment(2, *args))]
        if not all(np.allclose(o, w, rtol=1e-12, atol=0.0, equal_nan=True) for o, w in pairs):
            failures.append(f"{name}: {pairs}")
    assert not failures, "\n".join(failures)


def test_low_orders_and_mv_are_the_mean_and_var():
    """moment(0) 1, moment(1) the mean, moment(2) var + mean^2, stats() (mean, var), at every distribution's point."""
    failures = []
    for name in EVERY:
        args, _ = POINTS[name]
        d = getattr(st, name)
        with np.errstate(all="ignore"):
            m, v = d.mean(*args), d.var(*args)
            checks = [(d.moment(0, *args), 1.0), (d.moment(1, *args), m), (d.stats(*args), (m, v)),
                      (d.stats(*args, moments="v"), v)]
            second = d.moment(2, *args)
        ok = all(np.array_equal(got, want, equal_nan=True) for got, want in checks)
        ok = ok and (np.isnan(second) if np.isnan(v + m * m) else second == pytest.approx(v + m * m, rel=4e-16))
        if not ok:
            failures.append(name)
    assert not failures, failures


@pytest.mark.parametrize("name", WITH_SKEW)
def test_stats_are_scipys(name):
    """'mvsk' where the skewness and kurtosis have closed forms: SciPy's are closed forms there too."""
    from scipy import stats as scipy_stats
    args, _ = POINTS[name]
    with np.errstate(all="ignore"):
        want = getattr(scipy_stats, name).stats(*args, moments="mvsk")
    # (1e-13: SciPy's constants computed in floats, anglit's kurtosis 1.5e-14 off, maxwell's 1e-14; wengert's rounded
    # from mpmath: test_against_mpmath)
    np.testing.assert_allclose(getattr(st, name).stats(*args, moments="mvsk"), want, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("call, value, derivative", [
    # t: E[T^4] is inf for df <= 4 (SciPy: inf at 3.5, NaN at 2.5, where its sum meets the undefined E[T^3]),
    # derivative 0; E[T^3] undefined (NaN) for df <= 3, NaN derivatives
    (lambda s: st.t.moment(4, 3.5, 0.3, s), np.inf, 0.0),
    (lambda s: st.t.moment(4, 2.5, 0.3, s), np.inf, 0.0),
    (lambda s: st.t.moment(3, 2.5, 0.3, s), np.nan, np.nan),
    # pareto: E[X^n] = b / (b - n) for b > n, inf beyond (SciPy's numerical integral: -5.0 at b = 2.5, n = 3)
    (lambda s: st.pareto.moment(3, 2.5, 0.0, s), np.inf, 0.0),
    (lambda s: st.pareto.moment(3, 3.0, 0.1, s), np.inf, 0.0),
    # cauchy: no moment (NaN, SciPy's), NaN derivatives
    (lambda s: st.cauchy.moment(2, 0.3, s), np.nan, np.nan),
    (lambda s: st.cauchy.stats(0.3, s, moments="s"), np.nan, np.nan),
    # a moment that exists but overflowed: inf with NaN derivatives (lognorm's E[X^4] = e^(8 s^2))
    (lambda s: st.lognorm.moment(4, 10.0 * s), np.inf, np.nan),
])
def test_where_a_moment_does_not_exist(call, value, derivative):
    got = call(1.5)
    assert np.isnan(got) if np.isnan(value) else got == value
    d = wg.grad(call)(1.5)
    assert np.isnan(d) if np.isnan(derivative) else d == derivative


def test_mixed_array_keeps_the_defined_entries_derivatives():
    df = np.array([2.5, 6.0])
    got = wg.jacobian(lambda s: st.t.moment(4, df, 0.3, s))(1.3)
    want = wg.grad(lambda s: st.t.moment(4, 6.0, 0.3, s))(1.3)
    assert got[0] == 0.0 and got[1] == want


def test_order_zero_and_shapes():
    out = st.gamma.moment(0, np.array([1.0, 2.0]), np.zeros((3, 1)))
    assert out.shape == (3, 2) and np.all(out == 1.0)
    assert st.norm.stats(moments="") == ()
    m, k = st.norm.stats(1.0, 2.0, moments="km")
    assert (m, k) == (1.0, 0.0)


def test_refusals():
    with pytest.raises(ValueError, match="Moment must be an integer"):
        st.norm.moment(1.5)
    with pytest.raises(ValueError, match="Moment must be positive"):
        st.norm.moment(-1)
    with pytest.raises(wg.NoGradientRule, match="order is a whole number"):
        wg.grad(lambda n: st.norm.moment(n))(2.0)
    with pytest.raises(NotImplementedError, match=r"weibull_min.moment: no closed form of the moment of order 3.*"
                                                  r"orders 0 to 2"):
        st.weibull_min.moment(3, 2.0)
    with pytest.raises(NotImplementedError, match=r"weibull_min.stats: no closed form of the skewness"):
        st.weibull_min.stats(2.0, moments="mvs")
    with pytest.raises(NotImplementedError, match="cosine.moment: no closed form of the moment of order 5"):
        st.cosine.moment(5)
    with pytest.raises(ValueError, match="shape parameters must be positive"):
        st.gamma.moment(2, -1.0)
    with pytest.raises(ValueError, match="scale must be positive"):
        st.norm.stats(0.0, -1.0)
