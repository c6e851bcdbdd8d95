"""Densities whose power of z at 0 has exponent 0 (fisk and burr12 at c = 1, exponpow at b = 1, mielke at k = 1, gengamma
at c a = 1, exponweib at a c = 1, burr at c d = 1) where z = (x - loc) / scale rounds to 0 while x > loc: their
derivatives exist there (log z = log(x - loc) - log(scale) is finite), but the shapes were refused as if x == loc
("has no derivative in c at c = 1 where x == loc"): fisk.pdf(1e-300, c, 0, 1e300) at c = 1, whose d/dc is -1.38e-297.
Lifting the refusal alone gave the density alone as d/dc (0 ** 0's derivative in its exponent, 0: log z dropped) and
refused second derivatives; where the product c d only rounds to 1 (burr(1.5, 2/3)) d/dx dropped (c d - 1) / (x - loc).

Truths: mpmath at 50 digits, the closed-form log
density with the exact z = x / scale, differentiated by a second-order jet (value, gradient, Hessian carried through
each operation exactly, in mpmath); of the density: e^L, e^L L', e^L (L'' + L' L'^T)."""
import numpy as np
import pytest

import wengert as wg
from wengert.scipy import stats


def _jet_ops():
    from opcheck import lazy_mp as mp

    class J:  # (value, gradient, Hessian)
        def __init__(self, v, g, h):
            self.v, self.g, self.h = v, g, h

        def chain(self, f0, f1, f2):
            n = len(self.g)
            return J(f0, [f1 * a for a in self.g],
                     [[f1 * self.h[i][j] + f2 * self.g[i] * self.g[j] for j in range(n)] for i in range(n)])

        def lift(self, o):
            n = len(self.g)
            return o if isinstance(o, J) else J(mp.mpf(o), [0] * n, [[0] * n for _ in range(n)])

        def __add__(self, o):
            o, n = self.lift(o), len(self.g)
            return J(self.v + o.v, [a + b for a, b in zip(self.g, o.g)],
                     [[self.h[i][j] + o.h[i][j] for j in range(n)] for i in range(n)])

        def __mul__(self, o):
            o, n = self.lift(o), len(self.g)
            return J(self.v * o.v, [self.v * b + a * o.v for a, b in zip(self.g, o.g)],
                     [[self.v * o.h[i][j] + o.v * self.h[i][j] + self.g[i] * o.g[j] + self.g[j] * o.g[i]
                       for j in range(n)] for i in range(n)])
        __radd__, __rmul__ = __add__, __mul__

        def __sub__(self, o):
            return self + self.lift(o) * -1

        def __rsub__(self, o):
            return self * -1 + o

    def log(a):
        return a.chain(mp.log(a.v), 1 / a.v, -1 / a.v ** 2)

    def exp(a):
        e = mp.exp(a.v)
        return a.chain(e, e, e)

    def log1p(a):
        return a.chain(mp.log1p(a.v), 1 / (1 + a.v), -1 / (1 + a.v) ** 2)

    def log_expm1_ratio(w):  # (log((1 - e^-w) / w): its series, w below 1e-100 here)
        assert w.v < 1e-100
        return w.chain(-w.v / 2 + w.v ** 2 / 24, -mp.mpf(1) / 2 + w.v / 12, mp.mpf(1) / 12)

    def loggamma(a):
        return a.chain(mp.loggamma(a.v), mp.psi(0, a.v), mp.psi(1, a.v))
    return mp, J, log, exp, log1p, log_expm1_ratio, loggamma


def _truth(family, x, shapes, s, log_density, dps=50):
    """value, gradient and Hessian in (x, *shapes, scale) at loc = 0 (x > 0), at ``dps`` digits"""
    mp, J, log, exp, log1p, log_expm1_ratio, loggamma = _jet_ops()
    with mp.workdps(dps):
        p = [mp.mpf(x)] + [mp.mpf(v) for v in shapes] + [mp.mpf(s)]
        n = len(p)
        v = [J(p[i], [mp.mpf(int(k == i)) for k in range(n)], [[0] * n for _ in range(n)]) for i in range(n)]
        x, sh, s = v[0], v[1:-1], v[-1]
        lz = log(x) - log(s)
        if family in ("fisk", "burr12", "burr"):  # (c d z^(e - 1) (1 + z^c)^(-k))
            c, d = (sh[0], 1) if family == "fisk" else sh
            e, k = (c * d, d + 1) if family == "burr" else (c, d + 1)
            out = log(c * d) + (e - 1) * lz - k * log1p(exp(c * lz))
        elif family == "mielke":  # (k z^(k - 1) (1 + z^s)^(-1 - k / s))
            k, q = sh
            out = log(k) + (k - 1) * lz - (1 + k * q.chain(1 / q.v, -1 / q.v ** 2, 2 / q.v ** 3)) * log1p(exp(q * lz))
        elif family == "exponpow":
            w = exp(sh[0] * lz)
            out = log(sh[0]) + (sh[0] - 1) * lz + 1 + w - exp(w)
        elif family == "gengamma":
            a, c = sh
            out = log(c) + (c * a - 1) * lz - exp(c * lz) - loggamma(a)
        elif family in ("gamma", "chi2"):  # (chi2(df): gamma(df / 2) at the scale 2 s)
            a = sh[0] * 0.5 if family == "chi2" else sh[0]
            if family == "chi2":
                lz, s = lz - mp.log(2), s * 2
            out = (a - 1) * lz - exp(lz) - loggamma(a)
        elif family in LOWER_END_FAMILIES:
            out = _lower_end_log_density(family, sh, lz, exp, log, log1p, loggamma)
        else:  # exponweib: log(a c) + (a c - 1) log z + (a - 1) log((1 - e^-w) / w) - w, w = z^c
            a, c = sh
            w = exp(c * lz)
            out = log(a * c) + (a * c - 1) * lz + (a - 1) * log_expm1_ratio(w) - w
        out = out - log(s)
        if not log_density:
            out = exp(out)
        return (float(out.v), np.array([float(t) for t in out.g]),
                np.array([[float(t) for t in r] for r in out.h]))


CASES = [("fisk", (1.0,)), ("exponpow", (1.0,)), ("mielke", (1.0, 2.0)), ("burr12", (1.0, 2.0)),
         ("gengamma", (1.0, 1.0)), ("gengamma", (2.0, 0.5)), ("exponweib", (2.0, 0.5)), ("exponweib", (0.5, 2.0)),
         ("burr", (1.0, 1.0)), ("burr", (2.0, 0.5)),
         # (the product only rounds to 1: its exponent 5.55e-17 below 0, the whole of d/dx)
         ("burr", (1.5, 2 / 3)), ("gengamma", (1.5, 2 / 3)), ("exponweib", (1.5, 2 / 3))]
POINTS = ((1e-300, 1e300), (5e-324, 3.0))


def _case(family, shapes, method):
    fn = getattr(getattr(stats, family), method)

    def f(v):
        return fn(v[0], *v[1:-1], 0.0, v[-1])
    # (one point each, in turn, by the case's place: both points for every family over the two methods)
    x, s = POINTS[(CASES.index((family, shapes)) + (method == "pdf")) % 2]
    return f, np.array([x, *shapes, s]), _truth(family, x, shapes, s, method == "logpdf")


@pytest.mark.parametrize("method", ["pdf", "logpdf"])
@pytest.mark.parametrize("family, shapes", CASES, ids=[f"{f}{s}" for f, s in CASES])
def test_shapes_where_z_rounds_to_zero(family, shapes, method):
    f, p, (value, grad, _) = _case(family, shapes, method)
    with np.errstate(over="ignore"):
        np.testing.assert_allclose(float(f(p)), value, rtol=1e-14)
        np.testing.assert_allclose(wg.grad(f)(p), grad, rtol=1e-13, atol=1e-300)
        np.testing.assert_allclose(wg.jvp(f, (p,), (np.eye(len(p))[1],))[1], grad[1], rtol=1e-13, atol=1e-300)


#: second order at these (the others slow): each way of reaching the density there (exp of the log density, with the
#: product's rounding; the log density's own forms)
SECOND = [("fisk", (1.0,), "pdf"), ("burr", (1.5, 2 / 3), "pdf"), ("exponweib", (2.0, 0.5), "pdf")]


@pytest.mark.parametrize("family, shapes, method", [
    pytest.param(f, s, m, marks=() if (f, s, m) in SECOND else pytest.mark.slow)
    for f, s in CASES for m in ("pdf", "logpdf")], ids=[f"{f}{s}-{m}" for f, s in CASES for m in ("pdf", "logpdf")])
def test_second_order_where_z_rounds_to_zero(family, shapes, method):
    f, p, (_, _, hess) = _case(family, shapes, method)
    with np.errstate(over="ignore"):
        # (reverse over reverse, forward over reverse; inf where the truth overflows: d2/dx dc = 1 / x at 5e-324)
        np.testing.assert_allclose(wg.hessian(f)(p), hess, rtol=1e-12, atol=1e-300)
        np.testing.assert_allclose(wg.jacfwd(wg.grad(f))(p), hess, rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("family, shapes", [("fisk", (1.0,)), ("burr", (1.5, 2 / 3))])
def test_jit_replay_across_the_rounded_point(family, shapes):
    # (recorded at an ordinary point, replayed at the rounded one and back)
    fn = getattr(stats, family).pdf

    def f(v):
        return fn(v[0], *v[1:-1], 0.0, v[-1])
    replay = wg.jit(wg.grad(f))
    ordinary, rounded = np.array([0.5, *shapes, 3.0]), np.array([1e-300, *shapes, 1e300])
    first = replay(ordinary)
    np.testing.assert_allclose(replay(rounded), _truth(family, 1e-300, shapes, 1e300, False)[1], rtol=1e-13,
                               atol=1e-300)
    np.testing.assert_array_equal(replay(ordinary), first)
    np.testing.assert_array_equal(first, wg.grad(f)(ordinary))


@pytest.mark.parametrize("family, shapes", [("fisk", (1.0,)), ("burr", (2.0, 0.5)), ("gengamma", (1.0, 1.0))])
def test_broadcast_x_against_scale(family, shapes):
    # (x of shape (2, 1) beside a scale of shape (2,): z's entry 1e-300 / 1e300 rounded to 0)
    fn = getattr(stats, family).pdf
    x, s = np.array([[1e-300], [0.5]]), np.array([1e300, 1.0])
    jac = wg.jacobian(lambda c: fn(x, c, *shapes[1:], 0.0, s))(np.array([shapes[0]] * 2))
    for i in range(2):
        for j in range(2):
            want = _truth(family, x[i, 0], shapes, s[j], False)[1][1]
            np.testing.assert_allclose(jac[i, j], np.eye(2)[j] * want, rtol=1e-13)


@pytest.mark.parametrize("family, shapes", [("fisk", (1.0,)), ("exponweib", (2.0, 0.5)), ("burr", (2.0, 0.5))])
def test_x_at_and_below_loc(family, shapes):
    fn = getattr(stats, family).pdf

    def f(v):
        return fn(v[0], *v[1:-1], 0.0, v[-1])
    # (x == loc itself: the density jumps in the shapes there, still refused)
    with pytest.raises(wg.NoGradientRule, match="x == loc"):
        wg.grad(f)(np.array([0.0, *shapes, 1e300]))
    # (x < loc with z rounded to -0.0: outside the support, the density 0 and every derivative 0)
    below = np.array([-1e-300, *shapes, 1e300])
    assert float(f(below)) == 0.0
    np.testing.assert_array_equal(wg.grad(f)(below), 0.0)
    np.testing.assert_array_equal(wg.hessian(f)(below), 0.0)


@pytest.mark.parametrize("family, shape", [("gamma", 1.0), ("chi2", 2.0)])
def test_gamma_logpdf_where_z_rounds_to_zero(family, shape):
    # (gamma.logpdf(1e-300, a, 0, 1e300) at a = 1 (chi2 at df = 2) was refused "at x == loc", its d/da -1380.97; the
    # pdf was right. x == loc, and x < loc where z rounds to -0.0 (SciPy's end), still refused)
    fn = getattr(stats, family).logpdf

    def f(v):
        return fn(v[0], v[1], 0.0, v[2])
    for x, s in POINTS:
        p = np.array([x, shape, s])
        value, grad, hess = _truth(family, x, (shape,), s, True)
        with np.errstate(over="ignore"):
            np.testing.assert_allclose(float(f(p)), value, rtol=1e-15)
            np.testing.assert_allclose(wg.grad(f)(p), grad, rtol=1e-14, atol=1e-300)
            np.testing.assert_allclose(wg.jacfwd(wg.grad(f))(p), hess, rtol=1e-13, atol=1e-300)
    for x in (0.0, -1e-300):
        with pytest.raises(wg.NoGradientRule, match="x == loc"):
            wg.grad(f)(np.array([x, shape, 1e300]))


#: beta (a = 1), f (dfn = 2), chi (df = 1), nakagami (nu = 1/2), powerlaw (a = 1), ncx2 (df = 2), loglaplace (c = 1):
#: their power z^0 at the lower end, each own check
LOWER_END_FAMILIES = ("beta", "f", "chi", "nakagami", "powerlaw", "ncx2", "loglaplace")


def _lower_end_log_density(family, sh, lz, exp, log, log1p, loggamma):
    """The log density at scale 1 (a jet of the shapes and of lz = log z, z = exp(lz) exact)."""
    from opcheck import lazy_mp as mp
    z = exp(lz)
    if family == "beta":  # z^(a - 1) (1 - z)^(b - 1) / B(a, b)
        a, b = sh
        return (a - 1) * lz + (b - 1) * log1p(z * -1) - loggamma(a) - loggamma(b) + loggamma(a + b)
    if family == "f":  # r^a z^(a - 1) (1 + r z)^(-a - b) / B(a, b), a = dfn / 2, b = dfd / 2, r = dfn / dfd
        a, b = sh[0] * 0.5, sh[1] * 0.5
        log_r = log(sh[0]) - log(sh[1])
        return (a * log_r + (a - 1) * lz - (a + b) * log1p(exp(log_r + lz)) - loggamma(a) - loggamma(b)
                + loggamma(a + b))
    if family == "chi":  # z^(df - 1) e^(-z^2 / 2) / (2^(df / 2 - 1) gamma(df / 2))
        df = sh[0]
        return (df - 1) * lz - z * z * 0.5 - (df * 0.5 - 1) * mp.log(2) - loggamma(df * 0.5)
    if family == "nakagami":  # 2 nu^nu z^(2 nu - 1) e^(-nu z^2) / gamma(nu)
        nu = sh[0]
        return mp.log(2) + nu * log(nu) + (2 * nu - 1) * lz - nu * z * z - loggamma(nu)
    if family == "powerlaw":  # a z^(a - 1)
        return log(sh[0]) + (sh[0] - 1) * lz
    if family == "loglaplace":  # c / 2 z^(c - 1) below z = 1
        return log(sh[0]) - mp.log(2) + (sh[0] - 1) * lz
    # ncx2: e^(-(z + nc) / 2) z^(a - 1) 2^-a sum_j (nc z / 4)^j / (j! gamma(a + j)), a = df / 2
    a, nc = sh[0] * 0.5, sh[1]
    total = 0
    for j in range(4):
        total = total + exp((log(nc) + lz - mp.log(4)) * j - loggamma(a + j) - mp.loggamma(j + 1))
    return (z + nc) * -0.5 + (a - 1) * lz - a * mp.log(2) + log(total)


LOWER_END = [("beta", (1.0, 2.0)), ("beta", (1.0, 0.5)), ("f", (2.0, 3.0)), ("chi", (1.0,)), ("nakagami", (0.5,)),
             ("powerlaw", (1.0,)), ("ncx2", (2.0, 1.5)), ("loglaplace", (1.0,))]


def _lower_end_case(family, shapes, method, dps=50):
    fn = getattr(getattr(stats, family), method)

    def f(v):
        return fn(v[0], *v[1:-1], 0.0, v[-1])
    x, s = POINTS[(LOWER_END.index((family, shapes)) + (method == "pdf")) % 2]
    return f, np.array([x, *shapes, s]), _truth(family, x, shapes, s, method == "logpdf", dps)


@pytest.mark.parametrize("method", ["pdf", "logpdf"])
@pytest.mark.parametrize("family, shapes", LOWER_END, ids=[f"{f}{s}" for f, s in LOWER_END])
def test_lower_end_shapes_where_z_rounds_to_zero(family, shapes, method):
    # (the shape at its power z^0 was refused "at x == loc" by logpdf (and pdf: beta, where the upper end's
    # (1 - z)^(b - 1) took the same check) where z = (x - loc) / scale only rounds to 0: beta.logpdf(1e-300, a, 2, 0,
    # 1e300) at a = 1, its d/da -1379.55)
    # (one point each, by the case's place: both points for every family over the two methods)
    f, p, (value, grad, _) = _lower_end_case(family, shapes, method)
    with np.errstate(over="ignore"):
        np.testing.assert_allclose(float(f(p)), value, rtol=1e-14, atol=1e-300)
        np.testing.assert_allclose(wg.grad(f)(p), grad, rtol=1e-13, atol=1e-300)
        np.testing.assert_allclose(wg.jvp(f, (p,), (np.eye(len(p))[1],))[1], grad[1], rtol=1e-13, atol=1e-300)


#: second order at these (the others slow): logpdf's and pdf's own forms, both points
LOWER_SECOND = [("beta", (1.0, 2.0), "logpdf"), ("f", (2.0, 3.0), "pdf"), ("ncx2", (2.0, 1.5), "logpdf"),
                ("nakagami", (0.5,), "pdf")]


@pytest.mark.parametrize("family, shapes, method", [
    pytest.param(f, s, m, marks=() if (f, s, m) in LOWER_SECOND else pytest.mark.slow)
    for f, s in LOWER_END for m in ("pdf", "logpdf")], ids=[f"{f}{s}-{m}" for f, s in LOWER_END
                                                            for m in ("pdf", "logpdf")])
def test_lower_end_second_order_where_z_rounds_to_zero(family, shapes, method):
    # (at 400 digits: the pdf's Hessian e^L (L'' + L' L'^T) cancels to 1e-324 of its terms in the shape at a = 1,
    # beta's d2/db2 at z = 5e-324 / 3, and ncx2's z'' = z (1 / x^2 - 1 / x^2) in its series to 1e-600 in d2/dx2)
    f, p, (_, _, hess) = _lower_end_case(family, shapes, method, dps=400 if method == "pdf" or family == "ncx2" else 50)
    with np.errstate(over="ignore"):
        np.testing.assert_allclose(wg.hessian(f)(p), hess, rtol=1e-13, atol=1e-300)
        np.testing.assert_allclose(wg.jacfwd(wg.grad(f))(p), hess, rtol=1e-13, atol=1e-300)


def test_lower_end_jit_replay_across_the_rounded_point():
    # (recorded at an ordinary point, replayed at the rounded one and back)
    def f(v):
        return stats.beta.logpdf(v[0], v[1], 2.0, 0.0, v[2])
    replay = wg.jit(wg.grad(f))
    ordinary, rounded = np.array([0.5, 1.0, 3.0]), np.array([1e-300, 1.0, 1e300])
    first = replay(ordinary)
    want = _truth("beta", 1e-300, (1.0, 2.0), 1e300, True)[1]
    np.testing.assert_allclose(replay(rounded), want[[0, 1, 3]], rtol=1e-13, atol=1e-300)
    np.testing.assert_array_equal(replay(ordinary), first)
    np.testing.assert_array_equal(first, wg.grad(f)(ordinary))


@pytest.mark.parametrize("method", ["pdf", "logpdf"])
@pytest.mark.parametrize("family, shapes", LOWER_END, ids=[f"{f}{s}" for f, s in LOWER_END])
def test_lower_end_x_at_and_below_loc(family, shapes, method):
    fn = getattr(getattr(stats, family), method)

    def f(v):
        return fn(v[0], *v[1:-1], 0.0, v[-1])
    # (x == loc itself: the density jumps in the shape there, still refused)
    with pytest.raises(wg.NoGradientRule, match="x == loc"):
        wg.grad(f)(np.array([0.0, *shapes, 1e300]))
    # (x < loc with z rounded to -0.0: outside the support, the density 0 (log -inf), every derivative 0; SciPy's is
    # its value at the end there)
    below = np.array([-1e-300, *shapes, 1e300])
    assert float(f(below)) == (0.0 if method == "pdf" else -np.inf)
    np.testing.assert_array_equal(wg.grad(f)(below), 0.0)
    np.testing.assert_array_equal(wg.hessian(f)(below), 0.0)


#: a density z^y R(z) / s at y = 1 (the first shape 2: c = 1 for gengamma and exponweib, d = 1 for burr), each as a
#: function of its first shape v and the exact z (mpmath): (family, other shapes, log R)
_AT_Y_ONE = [("gamma", (), lambda mp, v, z: -z - mp.loggamma(v)),
             ("chi2", (), lambda mp, v, z: -z / 2 - mp.loggamma(v / 2)),
             ("fisk", (), lambda mp, v, z: mp.log(v) - 2 * mp.log1p(z ** v)),
             ("burr12", (1.5,), lambda mp, v, z: mp.log(1.5 * v) - 2.5 * mp.log1p(z ** v)),
             ("exponpow", (), lambda mp, v, z: mp.log(v) + 1 + z ** v - mp.exp(z ** v)),
             ("mielke", (1.5,), lambda mp, v, z: mp.log(v) - (1 + v / 1.5) * mp.log1p(z ** 1.5)),
             ("gengamma", (1.0,), lambda mp, v, z: -z - mp.loggamma(v)),
             ("exponweib", (1.0,), lambda mp, v, z: mp.log(v) + (v - 1) * mp.log(-mp.expm1(-z) / z) - z),
             ("burr", (1.0,), lambda mp, v, z: mp.log(v) - 2 * mp.log1p(z ** v))]


@pytest.mark.parametrize("family, others, log_rest", _AT_Y_ONE, ids=[c[0] for c in _AT_Y_ONE])
def test_pdf_shape_derivatives_below_the_subnormals(family, others, log_rest):
    # (x = 5e-324, scale 3: z = 1.6e-324 rounds to 0 and the density z R / s (5.5e-325 for gamma) to 0, but its
    # derivatives in the shape, the density times log z ..., are subnormals: d/da of gamma.pdf(5e-324, a, 0, 3) at a =
    # 2 was 0 for -4.095e-322, as each of these (through z = 0, the end's 0 ** 1; mielke's, gengamma's and exponweib's
    # t^c of the rest taken for overflowing there). Truths: mpmath at 50 digits, the exact z; within 2 subnormal steps)
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        z = mp.mpf(5e-324) / 3

        def pdf(v):  # (chi2: z / 2 at the scale 3 is gamma's of the scale 6)
            y = v / 2 - 1 if family == "chi2" else v - 1
            return mp.exp(y * mp.log(z / 2 if family == "chi2" else z) + log_rest(mp, v, z)) / (
                6 if family == "chi2" else 3)
        truth = [float(mp.diff(pdf, mp.mpf(2 if family != "chi2" else 4), n)) for n in (1, 2)]
    assert truth[0] < 0 < truth[1]
    fn = getattr(stats, family).pdf

    def f(v):
        return fn(5e-324, v, *others, 0.0, 3.0)
    v = 4.0 if family == "chi2" else 2.0
    assert float(f(v)) == 0.0
    for got, want in ((wg.grad(f)(v), truth[0]), (wg.jvp(f, (v,), (1.0,))[1], truth[0]),
                      (wg.grad(wg.grad(f))(v), truth[1]), (wg.jacfwd(wg.grad(f))(v), truth[1])):
        assert abs(got - want) <= 1e-323, (got, want)
    if family in ("gamma", "mielke"):
        replay = wg.jit(wg.grad(f))
        replay(v)
        assert abs(replay(v) - truth[0]) <= 1e-323
