"""Every method of every distribution keeps float32: value, gradient and tangent in one dtype.

Decided (session 21): wengert's distributions follow NumPy (float32 stays float32), not SciPy's
distributions (float64 for every method). The summaries were checked by
tests/test_stats_float32_summaries.py; here every registered (distribution, method) pair
(``wengert.scipy.stats.FUNCTIONS``) is called with float32 numbers, with float32 arrays and with
one float32 array beside Python numbers (loc and scale at their defaults), and its value, its
gradient in each continuous argument and its tangent (``wg.jvp``) must be float32; with float64
arguments they stay float64.
Before: 49 pairs gave a float64 value for all-float32 arguments (a float64 NumPy constant such as
``np.log(np.pi)`` in cauchy's log density, which NumPy 2 does not treat as a weak Python float; a
count converted to float64 in the pmfs), 94 for one float32 array (``np.log(scale)`` at the default
``scale=1.0``: ``norm.logpdf(x)``), their gradients float32.
"""
import functools
import inspect

import numpy as np
import pytest

import wengert as wg

st = pytest.importorskip("wengert.scipy.stats")

#: a shape's value inside its domain (a shape not named: 2.5)
SHAPES = {"a": 2.5, "b": 3.5, "c": 3.0, "d": 3.0, "df": 5.0, "dfn": 5.0, "dfd": 9.0, "s": 0.5, "beta": 2.0,
          "mu": 3.0, "nu": 2.5, "kappa": 2.0, "p": 0.3, "n": 7.0, "N": 7.0, "M": 20.0, "r": 12.0, "low": 2.0,
          "high": 7.0, "loc": 0.25, "scale": 1.5}
#: shapes whose domain is narrower than SHAPES' value, by distribution
NARROW = {("genpareto", "c"): 0.2, ("genextreme", "c"): 0.2, ("wrapcauchy", "c"): 0.4,
          ("truncnorm", "a"): -1.0, ("truncnorm", "b"): 2.0, ("erlang", "a"): 3.0,
          ("gompertz", "c"): 0.7, ("dweibull", "c"): 1.7, ("loggamma", "c"): 1.5, ("triang", "c"): 0.4, ("trapezoid", "c"): 0.2, ("trapezoid", "d"): 0.8,
          ("mielke", "s"): 3.0, ("skewcauchy", "a"): 0.4,
          # (at h = k = 2.5 the 0.02 quantile is 5.7e-6 above the lower end, where the cdf's condition number in z is
          # 2.5e4: float32's rounding of z alone moved it 7e-4 relative)
          ("kappa4", "h"): 0.3, ("kappa4", "k"): 0.2, ("norminvgauss", "b"): 1.0}
#: points inside the support (the others: the distribution's quantiles at PROBABILITIES)
POINTS = {"truncnorm": (-0.95, 0.7, 1.9), "vonmises": (-2.5, 0.6, 3.0), "vonmises_line": (-2.5, 0.6, 3.0),
          "wrapcauchy": (0.1, 0.6, 5.0),
          "skewnorm": (-3.0, 0.4, 6.0), "uniform": (0.3, 0.9, 1.7),
          "foldnorm": (0.2, 2.4, 6.0),  # (near 0 its series, then the tails: at c = 3 its quantiles miss the series)
          "rice": (0.2, 1.1, 4.0),  # (rice: b z below and above 1, where its two forms switch)
          "norminvgauss": (-1.5, 0.6, 3.0),  # (no ppf; b z of both signs, where its exponent's two forms switch)
          "geninvgauss": (0.3, 0.9, 7.0),  # (no ppf; z below 1/4, between, beyond 4: its three forms)
          "ncx2": (0.3, 1.5, 40.0),  # (no ppf; z below and above 1, c = nc z / 4 below and above 1: its forms)
          "ncf": (0.3, 1.5, 40.0),  # (z below and above 1, and far out: its sums' windows)
          "ksone": (0.13, 0.35, 0.71),  # (between the density's jumps at i / n)
          "nct": (-2.0, 0.3, 4.0),  # (nc z of both signs, where its exponent's two forms switch)
          # (no ppf; at u = 2.5, s = 0.5 the median z is e^2.5 (x = 18.5): each tail on both sides of it)
          "dpareto_lognorm": (2.0, 18.0, 200.0)}
#: the arrays' probabilities (both tails and the middle: the functions switch forms there)
PROBABILITIES = (0.02, 0.45, 0.97)
DISCRETE = ("poisson", "bernoulli", "binom", "geom", "nbinom", "betabinom", "betanbinom", "planck", "dlaplace",
            "yulesimon", "logser", "skellam", "zipf", "zipfian", "boltzmann", "randint", "hypergeom", "nhypergeom",
            "nchypergeom_fisher")
#: the arguments that are counts (constants: wengert refuses or ignores a gradient there)
COUNTS = {"k", "n", "N", "M", "r", "low", "high", "loc"}
#: the arguments of a continuous distribution that are constants (their derivative refused)
CONSTANTS = {("geninvgauss", "p"), ("irwinhall", "n"), ("ksone", "n")}
MULTIVARIATE = ("multivariate_normal", "multivariate_t", "dirichlet", "wishart", "invwishart", "multinomial")


def _pairs():
    for name in sorted(st.FUNCTIONS):
        for method in st.FUNCTIONS[name]:
            yield name, method


def _every_case(cases, check):
    """``check(*case)`` for each case, every one run; fails naming each failing case and its error. (A distribution's
    cases in one test: as 11,547 tests of ~3 ms each, pytest's own time per test was ~30% of the file's CPU.)"""
    failures = []
    for case in cases:
        try:
            check(*case)
        except Exception as e:  # (an assertion or an error: a failing case either way)
            failures.append(f"{'.'.join(map(str, case[:2]))}{''.join(f' [{c}]' for c in case[2:])}: "
                            f"{type(e).__name__}: {e}")
    assert not failures, f"{len(failures)} of {len(cases)} cases failed:\n" + "\n".join(failures)


def _multivariate(name, method, dtype, without_mean):
    """The arguments of a multivariate distribution's method, and which are differentiable;
    ``without_mean``: multivariate_normal's mean and multivariate_t's loc None (zero)."""
    cov = np.array([[2.0, 0.5], [0.5, 1.0]], dtype)
    x = np.array([0.3, -0.2], dtype)
    if name == "multivariate_normal":
        args = [x, np.array([0.1, 0.2], dtype), cov]
    elif name == "multivariate_t":
        args = [x, np.array([0.1, 0.2], dtype), cov, dtype(5.0)]
    elif name == "dirichlet":
        args = [np.array([0.25, 0.25, 0.5], dtype), np.array([1.5, 2.0, 2.5], dtype)]  # (exact in float32)
    elif name in ("wishart", "invwishart"):
        args = [np.array([[1.5, 0.2], [0.2, 0.8]], dtype), dtype(4.0), cov]
    else:  # multinomial: x and n are counts
        return [np.array([1, 2]), 3, np.array([0.25, 0.75], dtype)], [2]
    if method == "entropy":
        args = args[1:]
    if without_mean and name.startswith("multivariate"):
        args[0 if method == "entropy" else 1] = None
    return args, [i for i, a in enumerate(args) if a is not None]


@functools.lru_cache(maxsize=None)
def _quantile_points(name, shapes):
    """The points of x at ``name``'s quantiles at PROBABILITIES (its shapes ``shapes``), moved by loc and scale:
    computed once a distribution (its ppf, in float64, was a fifth of this file's time)."""
    return tuple(0.25 + 1.5 * float(getattr(st, name).ppf(q, *shapes)) for q in PROBABILITIES)


def arguments(name, method, dtype, array):
    """The arguments of ``name.method`` in ``dtype``: numbers (``array`` False), arrays of 3
    (``array`` True; for the multivariate distributions, the mean None) or (``array`` "one") the
    first differentiable one an array of 3, the others Python numbers and loc and scale left
    out; and the indices of the differentiable ones."""
    if name in MULTIVARIATE:
        return _multivariate(name, method, dtype, bool(array))
    if array == "one":
        args, differentiable = arguments(name, method, dtype, True)
        if not differentiable:  # (randint's, (n)hypergeom's functions of k and moments: every argument a count)
            return args, []
        params = list(inspect.signature(getattr(getattr(st, name), method)).parameters)
        keep = [i for i, p in enumerate(params[:len(args)]) if p not in ("loc", "scale", "moments")
                or i == differentiable[0]]  # (stats' letters: their default, as loc and scale)
        args = [a if i == differentiable[0] else a.tolist()[1] if getattr(a, "dtype", None) is not None
                and a.dtype.kind == "f" else a for i, a in enumerate(args) if i in keep]
        return args, [differentiable[0]]
    fn = getattr(getattr(st, name), method)
    params = list(inspect.signature(fn).parameters)
    values, differentiable = [], []
    for i, p in enumerate(params):
        if p == "order":  # (moment's: a whole number, a constant)
            values.append(3 if name in st._moments._SKEW_KURTOSIS or name in st._moments._RAW_MOMENTS else 2)
            continue
        if p == "moments":  # (stats': its letters, every one; a discrete one's at their default, after loc's)
            if name not in DISCRETE:
                values.append("mvsk" if name in st._moments._SKEW_KURTOSIS else "mv")
            continue
        if i == 0 and (p == "confidence" or method in ("ppf", "isf")):
            v = (0.8, 0.5, 0.99) if p == "confidence" else PROBABILITIES
        elif i == 0 and p == "k" and name in DISCRETE:  # (a pmf's point; mielke's k is a shape)
            v = (0.0, 2.0, 9.0)
        elif i == 0 and p == "x":
            v = POINTS.get(name)
            if v is None:
                shapes = [NARROW.get((name, s), SHAPES.get(s, 2.5)) for s in params[1:] if s not in ("loc", "scale")]
                v = _quantile_points(name, tuple(shapes))
        elif p == "loc" and name in DISCRETE:
            continue  # (left at its default, an int)
        else:
            v = NARROW.get((name, p), SHAPES.get(p, 2.5))
        if not (name in DISCRETE and p in COUNTS) and (name, p) not in CONSTANTS:
            differentiable.append(len(values))
        if isinstance(v, tuple):  # (the middle one as a number)
            values.append(np.array(v, dtype) if array else dtype(v[1]))
        else:
            values.append(np.full(3, v, dtype) if array else dtype(v))
    return values, differentiable


def _total(out):
    """One scalar from a method's output (interval's two ends weighed apart; an infinite end, dlaplace's support's,
    a plain value, left out: -inf + inf warns)."""
    if isinstance(out, tuple):
        return sum(w * np.sum(o) for w, o in zip((1.0, 2.0), out) if np.all(np.isfinite(wg.stop_gradient(o))))
    return np.sum(out)


def _dtypes(out):
    return {np.asarray(o).dtype for o in (out if isinstance(out, tuple) else (out,))}


def dtypes(name, method, dtype, array, tangent=False, gradients=True, values=None):
    """The dtypes of the value and (if ``gradients``) of the gradient in each differentiable argument
    of ``name.method`` at arguments of ``dtype`` (:func:`arguments`), and its tangent's (``wg.jvp``,
    every differentiable argument moving) if ``tangent``; the value appended to ``values`` if given."""
    fn = getattr(getattr(st, name), method)
    args, differentiable = arguments(name, method, dtype, array)
    value = fn(*args)
    if values is not None:
        values.append(value)
    found = {"value": _dtypes(value)}
    for i in differentiable if gradients else ():
        g = wg.grad(lambda *a: _total(fn(*a)), argnums=i)(*args)
        found[f"gradient {i}"] = {np.asarray(g).dtype}
    if tangent:
        tangents = [np.ones_like(a) if i in differentiable else None if a is None else np.zeros_like(a)
                    for i, a in enumerate(args)]
        found["tangent"] = _dtypes(wg.jvp(fn, args, tangents)[1])
    return found


VARIANTS = {"numbers": False, "arrays": True, "one": "one"}


def check_value_and_gradient_keep_float32(name, method, variant):
    array = VARIANTS[variant]
    values = []
    wrong = {k: v for k, v in dtypes(name, method, np.float32, array, values=values).items()
             if v != {np.dtype(np.float32)}}
    assert not wrong, wrong
    # the same numbers as in float64 (at the float32 arguments), to float32's precision
    fn = getattr(getattr(st, name), method)
    args = arguments(name, method, np.float32, array)[0]
    wide = [a.astype(np.float64) if getattr(a, "dtype", None) == np.float32 else a for a in args]
    for got, want in zip(*(out if isinstance(out, tuple) else (out,) for out in (values[0], fn(*wide)))):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("name", sorted(st.FUNCTIONS))
def test_value_and_gradient_keep_float32(name):
    """Each method of ``name`` with float32 numbers, arrays and one array (VARIANTS)."""
    _every_case([(name, m, v) for m in st.FUNCTIONS[name] for v in VARIANTS], check_value_and_gradient_keep_float32)


def test_float64_beside_float32_gives_float64():
    """As NumPy: a float64 array or NumPy scalar among float32 arguments makes the value float64."""
    x = np.array([0.3, 1.2], np.float32)
    assert st.norm.logpdf(x, scale=np.float64(2.0)).dtype == np.float64
    assert st.gamma.cdf(x, np.float64(2.5)).dtype == np.float64
    assert st.poisson.logpmf(2, np.array([1.5], np.float64)).dtype == np.float64
    assert st.norm.logpdf(x, scale=2.0).dtype == np.float32  # (a Python float: weak)


def check_tangent_follows_value(name, method, variant):
    found = dtypes(name, method, np.float32, VARIANTS[variant], tangent=True, gradients=False)
    assert found["tangent"] == found["value"] == {np.dtype(np.float32)}, found


@pytest.mark.parametrize("name", sorted(st.FUNCTIONS))
def test_tangent_follows_value(name):
    """wg.jvp's tangent in the value's dtype: a float64 one beside a float32 value in 354 of these
    1707 calls before, 120 pairs (norm.cdf, gamma.ppf, t.sf, ...: ndtr's, gammaincinv's, stdtr's rules
    widened it)."""
    _every_case([(name, m, v) for m in st.FUNCTIONS[name] for v in VARIANTS], check_tangent_follows_value)


def check_float64_stays_float64(name, method):
    wrong = {k: v for k, v in dtypes(name, method, np.float64, True, tangent=True).items()
             if v != {np.dtype(np.float64)}}
    assert not wrong, wrong


@pytest.mark.parametrize("name", sorted(st.FUNCTIONS))
def test_float64_stays_float64(name):
    _every_case([(name, m) for m in st.FUNCTIONS[name]], check_float64_stays_float64)


#: the methods of a point (x, k) or a probability (q): the others are summaries of the distribution
POINTWISE = ("pdf", "logpdf", "pmf", "logpmf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf")


@pytest.mark.parametrize("name", sorted(n for n in st.FUNCTIONS if n not in MULTIVARIATE))
def test_a_nan_point_is_nan_and_no_points_are_no_values(name):
    """Each pointwise method of ``name``: see :func:`check_a_nan_point_is_nan_and_no_points_are_no_values`."""
    _every_case([(name, m) for m in st.FUNCTIONS[name] if m in POINTWISE],
                check_a_nan_point_is_nan_and_no_points_are_no_values)


def check_a_nan_point_is_nan_and_no_points_are_no_values(name, method):
    """A NaN point or probability gives NaN, as SciPy: before, a NaN x was outside every support's mask, so that
    weibull_min.pdf(nan, 2.5) was 0, its logcdf -inf, kstwobign.ppf(nan) 40, in 399 methods of 67 continuous
    distributions. An empty array of points gives an empty result with a zero gradient: poisson.pmf([], mu),
    binom's, hypergeom's and nhypergeom's pmfs and trapezoid's functions raised TypeError (a form of no points was
    None), zipfian's tails warned (log of an empty sum)."""
    fn = getattr(getattr(st, name), method)
    args, differentiable = arguments(name, method, np.float64, True)
    args[0] = args[0].copy()
    args[0][0] = np.nan
    with np.errstate(invalid="ignore"):  # (NumPy's own "invalid value" for a NaN, in logaddexp say)
        out = np.asarray(fn(*args))
    assert np.isnan(out[0]) and not np.isnan(out[1]), out
    for empty in (np.zeros(0), np.zeros((0, 3))):
        rest = [a[1] if isinstance(a, np.ndarray) else a for a in args[1:]]
        assert np.shape(fn(empty, *rest)) == empty.shape
        for i in differentiable[1:]:
            g = wg.grad(lambda *a: np.sum(fn(empty, *a)), argnums=i - 1)(*rest)
            assert g == 0.0


@pytest.mark.parametrize("name, method, shapes, point", [
    ("gamma", "logpdf", (2.5,), 1.5), ("weibull_min", "cdf", (2.0,), 0.7), ("beta", "pdf", (2.0, 3.0), 0.3),
    ("norm", "ppf", (), 0.3)])
def test_a_nan_point_has_nan_derivatives_and_leaves_the_other_points_alone(name, method, shapes, point):
    """At a NaN point every derivative is NaN (in the shapes, loc and scale it was 0: grad of gamma.logpdf(nan, a) in
    a), and the other points' derivatives are their own (in a shared scale they were NaN: the jacobian of
    weibull_min.cdf([nan, 0.7], c, 0, s) in s was [nan, nan], the second -0.2335 by SciPy's differences). All 698
    pointwise methods of the continuous distributions checked so once (session 36)."""
    fn = getattr(getattr(st, name), method)
    p = np.array([*shapes, 0.0, 1.5])
    alone = lambda p: fn(point, *p)  # noqa: E731
    step = 1e-6 * np.eye(len(p))
    want = [(alone(p + e) - alone(p - e)) / 2e-6 for e in step]  # (SciPy's own value: no NaN anywhere)
    for how in (wg.jacrev, wg.jacfwd):
        got = how(lambda p: fn(np.array([np.nan, point]), *p))(p)
        assert np.all(np.isnan(got[0])), got
        np.testing.assert_allclose(got[1], want, rtol=1e-7)
    at_nan = lambda p: fn(np.nan, *p)  # noqa: E731
    for how in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacfwd(wg.grad(f))):
        assert np.all(np.isnan(how(at_nan)(p)))
