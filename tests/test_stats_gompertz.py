"""``scipy.stats``' ``gompertz``: its density, tails, quantiles, mean, variance (by quadrature), entropy, median and
interval.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode). Below: the values against SciPy's, and
against mpmath where SciPy's are off (its mean, which it integrates numerically); derivatives near 0,
far out and where a form changes, against mpmath (a table, recomputed where mpmath is installed);
the one-sided derivatives at z = 0, the constants far in the upper tail, float32, the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
from opcheck import (case, gradient_test, mp_derivatives, nth_grad, one_shape_common_cases,  # noqa: E402
                     one_shape_var_check, stats_values_test)
from wengert.scipy import stats  # noqa: E402

TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
G = stats.gompertz
#: near 0, both sides of u = c (e^z - 1) = 1/2 (the lower log tail's series) for the c below, and far
Z = np.array([1e-3, 0.15, 0.4, 1.3])
C = np.array([[0.05], [1.0], [4.0]])


def _f(method):
    return getattr(G, method)


CASES = [
    # in x, c, loc and scale, broadcast against each other
    *[case(_f(f), _f(f), Z, C, np.array([[[0.0]], [[-0.1]]]), 1.3, id=f"gompertz.{f}") for f in TAILS],
    *[case(_f(f), _f(f), np.array([1e-3, 0.2, 0.5, 0.9, 0.999]), C, 0.1, 1.3, id=f"gompertz.{f}")
      for f in ("ppf", "isf")],
    # c tiny (u < 1/2 far from 0) and z out to where the tail is e^-u with u ~ 30
    *[case(_f(f), _f(f), np.array([0.02, 1.0, 3.0]), np.array([[1e-3], [1.5]]), id=f"gompertz.{f}-far")
      for f in TAILS],
    # near z = 0 (at it: test_at_zero) and below the support (the log functions are -inf there)
    *[case(_f(f), _f(f), np.array([-0.5, 1e-3, 0.05]), 1.7, id=f"gompertz.{f}-at-end")
      for f in ("pdf", "cdf", "sf", "logsf")],
    # the mean on both sides of c = 5 (e^c E1(c): its continued fraction from there)
    *[case(_f(m), _f(m), np.array([0.01, 0.7, 4.9, 5.1, 40.0]), np.array([[0.0], [1.0]]), np.array([[0.6], [2.0]]),
           id=f"gompertz.{m}") for m in ("mean", "entropy")],
    # the variance by quadrature in u (SciPy integrates it): c small (a wide spread) and ordinary
    *[case(_f(m), _f(m), np.array([0.05, 1.5]), 0.3, 2.0, id=f"gompertz.{m}") for m in ("var", "std")],
    # each tail and quantile on a size-1 and a size-0 array, the median and the interval
    *one_shape_common_cases(G, "gompertz", size1_x=1.1, size1_shape=0.6),
]

test_gradient = gradient_test(CASES)


# -- values --------------------------------------------------------------------------------------

POINTS = np.array([-1.0, 0.0, 1e-3, 0.1, 0.4, 1.3, 3.0, 6.0])
QS = np.array([0.0, 1e-300, 1e-10, 0.1, 0.5, 0.9, 1.0])
VALUE_CHECKS = [
    *[(f"gompertz.{f}", (POINTS, np.array([[0.01], [1.0], [3.0]]), loc, 1.3)) for f in TAILS for loc in (0.0, 0.1)],
    *[(f"gompertz.{f}", (QS, np.array([[0.01], [1.0], [3.0]]), -0.1, 1.3)) for f in ("ppf", "isf")],
    ("gompertz.mean", (np.array([0.01, 1.0, 7.0, 100.0]), 0.3, 2.0)),
    ("gompertz.entropy", (np.array([0.01, 1.0, 7.0, 100.0]), 0.3, 2.0)),
    ("gompertz.median", (np.array([0.01, 2.0]), -0.1, 1.3)),
    ("gompertz.interval", (0.8, np.array([0.01, 2.0]), -0.1, 1.3)),
    *[(f"gompertz.{m}", (np.array([0.01, 1.0, 7.0, 100.0]), 0.3, 2.0)) for m in ("var", "std")],
]
# (SciPy integrates the mean numerically: 3.7e-11 off at c = 0.01, see BEYOND_SCIPY; its variance 1.1e-9 here
# (7.3e-11 off mpmath at c = 1.5: tests the var against mpmath))
test_stats_values_are_scipys = stats_values_test(VALUE_CHECKS, rtol={"gompertz.mean": 1e-10, "gompertz.var": 1e-8,
                                                                     "gompertz.std": 1e-8})

#: where SciPy's value is off: (function, arguments, mpmath at 50 digits, SciPy's value)
BEYOND_SCIPY = [
    ("mean", (0.01,), 4.078511443456426, 4.078511443305996),   # numerical integration: 3.7e-11 off
    ("mean", (3.0,), 0.2620837402553185, 0.26208374025236275),  # 1.1e-11 off
    # c expm1(z) overflows from z = 709.8 for every c (here exp(z + log c) beyond z = 700)
    ("logsf", (800.0, 1e-300), -2.7263745721125668e+47, -np.inf),
    ("logpdf", (800.0, 1e-300), -2.7263745721125668e+47, -np.inf),
]


@pytest.mark.parametrize("name, args, value, scipys", BEYOND_SCIPY, ids=[n for n, *_ in BEYOND_SCIPY])
def test_where_scipy_is_off(name, args, value, scipys):
    assert float(_f(name)(*args)) == pytest.approx(value, rel=1e-15)
    with np.errstate(over="ignore", invalid="ignore"):  # (SciPy's own warnings)
        assert float(getattr(ST.gompertz, name)(*args)) == pytest.approx(scipys, rel=1e-13)


#: (function, (x or q, c), the argument differentiated (0: x, 1: c), value, first and second
#: derivatives): mpmath at 1200 digits, central differences of step 1e-80 relative (see
#: test_the_table_is_mpmaths)
TABLE = [
    # c / scale kept out of the density's exponential: through exp(log c + z - c (e^z - 1)) d2/dc2 was
    # pdf ((1/c - e)^2 - 1/c^2), e = e^z - 1, cancelling: 1.9e-6 for -2e-8 here, 0 for -2e-300 at 1e-300
    ('pdf', (1e-08, 1e-10), 1, 1.0000000100000001e-10, 1.00000001, -2.0000000300000002e-08),
    ('pdf', (1e-300, 2.0), 1, 2.0, 1.0, -2e-300),
    # the lower log tail: log c + log(e^z - 1) + h(u) (its second derivative in z -1/z^2: -inf at 1e-300)
    ('logcdf', (1e-300, 2.0), 0, -690.0823807176538, 9.999999999999999e+299, -np.inf),
    ('logcdf', (1e-300, 2.0), 1, -690.0823807176538, 0.5, -0.25),
    ('logcdf', (1e-08, 0.5), 0, -19.113827922012312, 100000000.25, -1e+16),
    # u < 1/2 at z = 20 (c = 1e-8): log(e^z - 1) as z + log(1 - e^-z)
    ('logcdf', (20.0, 1e-08), 0, -0.007846156925257275, 0.038216553057143735, -0.14865736618900333),
    ('logcdf', (20.0, 1e-08), 1, -0.007846156925257275, 3821655.2978373547, -1868739184757953.5),
    ('logcdf', (3.0, 2.0), 0, -2.6455334688591714e-17, 1.0627392034059929e-15, -4.162863581605425e-14),
    ('cdf', (1e-100, 0.5), 1, 5e-101, 1e-100, -1e-200),
    ('sf', (2.0, 3.0), 0, 4.74028632572862e-09, -1.0507872475740786e-07, 2.224219051352331e-06),
    # isf below q = 1e-150: one primitive in q (its second derivative was inf - inf = NaN at 1e-300)
    ('isf', (1e-300, 0.5), 0, 7.231685662766258, -1.4466011881549554e+297, np.inf),
    ('isf', (1e-300, 0.5), 1, 7.231685662766258, -1.9985533988118451, 3.9999979073450023),
    ('isf', (1e-100, 2.0), 0, 4.754703834996325, -4.305547310264097e+97, 4.287009572623174e+197),
    ('ppf', (1e-300, 2.0), 0, 5e-301, 0.5, 0.25),
    # below c = 1e-150 log(c + t) - log(c) (through log1p(t / c) d2/dc2 was inf - inf = NaN in every mode)
    ('isf', (0.5, 1e-300), 1, 690.4090149776321, -9.999999999999999e+299, np.inf),
    ('isf', (0.5, 1e-200), 1, 460.1505056782275, -1e+200, np.inf),
    ('ppf', (0.5, 1e-300), 1, 690.4090149776321, -9.999999999999999e+299, np.inf),
    ('ppf', (0.999999999999, 0.01), 0, 7.9244719279485585, 36178884914.10351, 3.487077355734721e+22),
    # e^c E1(c): its continued fraction from c = 5 (exp(c) exp1(c)'s second derivative cancelled:
    # 1.7e-13 relative off at c = 40, 2.9e-11 at 700)
    ('mean', (40.0,), 0, 0.024404115079628575, -0.0005958849203714237, 2.911507962857627e-05),
    ('mean', (700.0,), 0, 0.0014265364183008867, -2.0350102705418798e-06, 5.806055988732601e-09),
    ('mean', (1e-10,), 0, 22.44863526738379, -9999999977.551365, 9.999999999e+19),
    ('mean', (3.0,), 0, 0.2620837402553185, -0.07124959307801483, 0.039861518033096274),
    ('entropy', (40.0,), 0, -2.713283569193565, -0.024404115079628575, 0.0005958849203714237),
    # below c = 1 a series for e^c E1(c) + log c (through 1 - log c - e^c E1(c) the derivatives cancelled:
    # d2 at 1e-10 10000007168.0 in forward mode, 7.2e-7 off; at 1e-20 d1 and d2 0; at 1e-300 d2 NaN)
    ('entropy', (1e-300,), 0, 1.5772156649015328, -690.1983122333122, 9.999999999999999e+299),
    ('entropy', (1e-20,), 0, 1.5772156649015328, -45.474486194979384, 1e+20),
    ('entropy', (1e-10,), 0, 1.5772156625566693, -22.44863526738379, 9999999977.551365),
    ('entropy', (1e-08,), 0, 1.577215476466881, -17.843465267485485, 99999982.15653473),
    ('entropy', (0.5,), 0, 0.7702365480762149, -0.9229106324837305, 1.0770893675162696),
]


@pytest.mark.parametrize("method, args, i, value, first, second", TABLE,
                         ids=[f"{m}-{a}-{i}" for m, a, i, *_ in TABLE])
def test_against_mpmath(method, args, i, value, first, second):
    def f(t):
        return _f(method)(*args[:i], t, *args[i + 1:])
    # (pdf, cdf, sf: exp(-u) with u's rounding, u eps relative: 7e-15 at u = 220; 1e-15 here)
    with np.errstate(over="ignore", divide="ignore"):  # (the infinite second derivatives: the truth)
        assert float(f(args[i])) == pytest.approx(value, rel=2e-15, abs=1e-300)
        assert float(wg.grad(f)(args[i])) == pytest.approx(first, rel=2e-15, abs=1e-300)
        assert nth_grad(f, args[i], 2) == pytest.approx(second, rel=2e-15, abs=1e-300)
        assert float(wg.jvp(wg.grad(f), (args[i],), (1.0,))[1]) == pytest.approx(second, rel=2e-15, abs=1e-300)


def test_the_table_is_mpmaths():
    mp = pytest.importorskip("mpmath")
    with mp.workdps(1200):
        functions = {
            "pdf": lambda z, c: c * mp.exp(z - c * mp.expm1(z)), "cdf": lambda z, c: -mp.expm1(-c * mp.expm1(z)),
            "logcdf": lambda z, c: mp.log(-mp.expm1(-c * mp.expm1(z))), "sf": lambda z, c: mp.exp(-c * mp.expm1(z)),
            "ppf": lambda q, c: mp.log1p(-mp.log1p(-q) / c), "isf": lambda q, c: mp.log1p(-mp.log(q) / c),
            "mean": lambda c: mp.exp(c) * mp.e1(c), "entropy": lambda c: 1 - mp.log(c) - mp.exp(c) * mp.e1(c),
            "logsf": lambda z, c: -c * mp.expm1(z), "logpdf": lambda z, c: mp.log(c) + z - c * mp.expm1(z)}
        for method, args, i, *want in TABLE:
            def g(t, _args=args, _i=i, _fn=functions[method]):
                return _fn(*[t if j == _i else mp.mpf(v) for j, v in enumerate(_args)])
            assert mp_derivatives(mp, g, args[i]) == pytest.approx(tuple(want), rel=1e-15, abs=1e-300)
        for name, args, value, _ in BEYOND_SCIPY:
            assert float(functions[name](*map(mp.mpf, args))) == value


def test_at_zero():
    # the density c at z = 0, its slope c (1 - c); the cdf's slope c; the quantile's slope 1/c
    for c in (0.5, 2.0):
        assert float(G.pdf(0.0, c)) == c
        assert nth_grad(lambda x, c=c: G.pdf(x, c), 0.0) == pytest.approx(c * (1.0 - c), rel=1e-15)
        assert nth_grad(lambda x, c=c: G.cdf(x, c), 0.0) == c
        assert nth_grad(lambda q, c=c: G.ppf(q, c), 0.0) == 1.0 / c
        assert nth_grad(lambda x, c=c: G.logpdf(x, c), 0.0) == 1.0 - c
    assert float(G.logcdf(0.0, 2.0)) == -np.inf


def test_far_in_the_upper_tail():
    # beyond u = c (e^z - 1) = 3000 the density, cdf and sf are constants with derivatives 0 (their
    # truth underflows; through e^-u times u's overflowing derivatives: 0 * inf = NaN at z = 800)
    for f, value in (("pdf", 0.0), ("cdf", 1.0), ("sf", 0.0)):
        for z in (10.0, 800.0):
            got, grads = wg.value_and_grad(_f(f), (0, 1, 2, 3))(z, 2.0, 0.0, 1.0)
            assert got == value and grads == (0.0, 0.0, 0.0, 0.0), (f, z)
            assert nth_grad(lambda x: _f(f)(x, 2.0), z, 2) == 0.0
    # logcdf -e^-u, -0.0 beyond, with derivatives 0 in x and c (through log1mexp(-u) NaN where c e^z
    # overflows: d2/dx2 at x = 710, c = 1, at 800 for c from 1e-10 to 50, at 100 for c = 1e300; d/dx at
    # 701 for c = 1e10)
    assert float(G.logcdf(40.0, 2.0)) == 0.0
    for x, c in ((710.0, 1.0), (800.0, 1e-10), (800.0, 50.0), (100.0, 1e300), (701.0, 1e10), (40.0, 2.0)):
        for i in (0, 1):
            def f(t, _i=i, _x=x, _c=c):
                return G.logcdf(*((t, _c) if _i == 0 else (_x, t)))
            t = (x, c)[i]
            assert float(f(t)) == 0.0 and nth_grad(f, t) == 0.0 and nth_grad(f, t, 2) == 0.0, (x, c, i)
            assert float(wg.jvp(wg.grad(f), (t,), (1.0,))[1]) == 0.0 and float(wg.hessian(f)(t)) == 0.0, (x, c, i)


def test_float32_stays_float32():
    f = np.float32
    for m in TAILS + ("ppf", "isf"):
        x = f(0.3) if m in ("ppf", "isf") else f(0.05)
        for c in (f(2.0), f(0.01)):
            got = _f(m)(x, c)
            assert np.asarray(got).dtype == np.float32, m
            assert float(got) == pytest.approx(float(getattr(ST.gompertz, m)(0.3 if m in ("ppf", "isf") else 0.05, float(c))),
                                               rel=2e-6)
    assert np.asarray(G.mean(f(2.0))).dtype == np.float32


def test_refusals():
    with pytest.raises(ValueError, match="gompertz.cdf: the shape parameters must be positive"):
        G.cdf(1.0, 0.0)
    with pytest.raises(ValueError, match="gompertz.logpdf: scale must be positive"):
        G.logpdf(1.0, 1.0, 0.0, -1.0)
    with pytest.raises(ValueError, match="gompertz.ppf: q must be a probability"):
        G.ppf(1.5, 1.0)
    with pytest.raises(ValueError, match="gompertz.isf: the shape parameters must be positive"):
        G.isf(0.5, -1.0)
    with pytest.raises(ValueError, match="gompertz.mean: the shape parameters must be positive"):
        G.mean(0.0)
    with pytest.raises(ValueError, match="gompertz.var: the shape parameters must be positive"):
        G.var(0.0)


# (tools/quadrature_moments_truths.py, 30 digits, from the sf alone: int 2 x sf - mean^2, mp.diff; SciPy's var(1.5)
# is 7.3e-11 off, var(0.05) 2.2e-11)
VAR_TRUTHS = [(1.5, 0.11349375887559433, -0.08744028268878923, 0.10836719323788757),
              (0.05, 1.042846543244171, -5.688222296514807, 84.62685401439177)]


@pytest.mark.parametrize("c, value, d1, d2", VAR_TRUTHS)
def test_var_against_mpmath(c, value, d1, d2):
    one_shape_var_check(G, c, value, d1, d2)
