"""Second derivatives at an end of a support, forward over forward against reverse mode.

``gamma.pdf``, ``beta.pdf`` and ``poisson.pmf`` (and the other densities written with powers
at the ends of their support, :func:`wengert.scipy.stats._common._exp_at_ends`) gave the one-sided
second derivative from inside the support by reverse over reverse and forward over reverse,
but forward over forward refused it with ``numpy.absolute has no second derivative at its
kink`` (a function the user never called): the distance to the end, which only chose the
formula, was computed on the nested Dual. Every path now gives the one-sided value, the
documented convention at the ends (the truths are the polynomials' derivatives at the end:
``x e^-x`` is ``-2`` at 0, ``12 x (1 - x)^2`` is ``-48`` at 0 and ``24`` at 1, ``mu^2 e^-mu / 2``
is 1 at 0).

:func:`paths2` (every second-order path of a function of one float) is shared with the other
``test_exact_*`` files of the same kind.
"""
import math

import numpy as np
import pytest

import wengert as wg
from wengert.scipy import stats


def paths2(f, x):
    """The second derivative of ``f`` at the float ``x`` along every path: reverse over reverse,
    forward over reverse, forward over forward (floats), reverse over reverse (a one-element array)."""
    def jvp1(y):
        return wg.jvp(f, (y,), (1.0,))[1]
    return {"grad of grad": wg.grad(wg.grad(f))(x),
            "jvp of grad": wg.jvp(wg.grad(f), (x,), (1.0,))[1],
            "jvp of jvp": wg.jvp(jvp1, (x,), (1.0,))[1],
            "grad of grad, array": wg.grad(lambda y: np.sum(wg.grad(lambda z: np.sum(f(z)))(y)))(np.array([x]))[0]}


def paths1(f, x):
    """The first derivative of ``f`` at ``x``: reverse and forward, on a float and an array."""
    return {"grad": wg.grad(f)(x), "jvp": wg.jvp(f, (x,), (1.0,))[1],
            "grad, array": wg.grad(lambda y: np.sum(f(y)))(np.array([x]))[0]}


def assert_close(paths, want, rtol):
    """Each path within ``rtol`` of ``want`` (exactly ``want`` where it is 0 or infinite)."""
    for path, got in paths.items():
        got = float(np.asarray(got))
        if math.isinf(want) or want == 0.0:
            assert got == want, (path, got, want)
        else:
            assert abs(got - want) <= rtol * abs(want), (path, got, want)


ENDS = [
    ("gamma.pdf a=2", lambda x: stats.gamma.pdf(x, 2.0), 0.0, -2.0),
    ("gamma.pdf a=3", lambda x: stats.gamma.pdf(x, 3.0), 0.0, 1.0),
    ("gamma.pdf a=1", lambda x: stats.gamma.pdf(x, 1.0), 0.0, 1.0),
    ("beta.pdf 2, 3 at 0", lambda x: stats.beta.pdf(x, 2.0, 3.0), 0.0, -48.0),
    ("beta.pdf 2, 3 at 1", lambda x: stats.beta.pdf(x, 2.0, 3.0), 1.0, 24.0),
    ("beta.pdf 3, 3 at 0", lambda x: stats.beta.pdf(x, 3.0, 3.0), 0.0, 60.0),
    ("poisson.pmf(0, mu) at 0", lambda m: stats.poisson.pmf(0, m), 0.0, 1.0),
    ("poisson.pmf(1, mu) at 0", lambda m: stats.poisson.pmf(1, m), 0.0, -2.0),
    ("poisson.pmf(2, mu) at 0", lambda m: stats.poisson.pmf(2, m), 0.0, 1.0),
    ("chi2.pdf df=4", lambda x: stats.chi2.pdf(x, 4.0), 0.0, -0.25),
]


@pytest.mark.parametrize("f, x, want", [c[1:] for c in ENDS], ids=[c[0] for c in ENDS])
def test_forward_over_forward_at_an_end_of_the_support(f, x, want):
    assert_close(paths2(f, x), want, 1e-14)


#: densities infinite at an end (a power with a negative exponent): d/dx and d2/dx2 from inside, those of
#: z^(a - 1) (1 - z)^(b - 1): -inf and +inf at z = 0 (a < 1), +inf and +inf at z = 1 (b < 1). d/dx was NaN where the
#: other factor's exponent is not positive (exp(log density)'s infinite cotangent times -inf and a partial >= 0)
INFINITE_ENDS = [
    ("beta.pdf 0.5, 0.5 at 0", lambda x: stats.beta.pdf(x, 0.5, 0.5), 0.0, -np.inf, np.inf),
    ("beta.pdf 0.5, 1 at 0", lambda x: stats.beta.pdf(x, 0.5, 1.0), 0.0, -np.inf, np.inf),
    ("beta.pdf 0.5, 0.9 at 1", lambda x: stats.beta.pdf(x, 0.5, 0.9), 1.0, np.inf, np.inf),
    ("arcsine.pdf at 0", stats.arcsine.pdf, 0.0, -np.inf, np.inf),
    ("arcsine.pdf at 1", stats.arcsine.pdf, 1.0, np.inf, np.inf),
    ("rdist.pdf c=1.5 at -1", lambda x: stats.rdist.pdf(x, 1.5), -1.0, -np.inf, np.inf),
    ("rdist.pdf c=1.5 at 1", lambda x: stats.rdist.pdf(x, 1.5), 1.0, np.inf, np.inf),
]


@pytest.mark.parametrize("f, x, first, second", [c[1:] for c in INFINITE_ENDS], ids=[c[0] for c in INFINITE_ENDS])
def test_a_density_infinite_at_an_end(f, x, first, second):
    assert_close(paths1(f, x), first, 0.0)
    assert_close(paths2(f, x), second, 0.0)


#: densities infinite at z = 0 through _exp_at_ends (a power z^e, e < 0): d/dx -inf and d2/dx2 +inf from inside. d/dx
#: was NaN for nakagami (2 nu < 1), chi (df < 1) and exponpow (b < 1): exp(log density)'s infinite cotangent met the
#: log's -inf and another term's partial 0 (-nu z^2's); gamma's and weibull_min's were right but warned (0 ** -1.5 in
#: the powers' pullback)
INFINITE_AT_ZERO = [
    ("nakagami.pdf nu=0.3", lambda x: stats.nakagami.pdf(x, 0.3)),
    ("chi.pdf df=0.5", lambda x: stats.chi.pdf(x, 0.5)),
    ("exponpow.pdf b=0.5", lambda x: stats.exponpow.pdf(x, 0.5)),
    ("gamma.pdf a=0.5", lambda x: stats.gamma.pdf(x, 0.5)),
    ("weibull_min.pdf c=0.5", lambda x: stats.weibull_min.pdf(x, 0.5)),
]


@pytest.mark.parametrize("f", [c[1] for c in INFINITE_AT_ZERO], ids=[c[0] for c in INFINITE_AT_ZERO])
def test_a_density_infinite_at_zero(f):
    assert_close(paths1(f, 0.0), -np.inf, 0.0)
    assert_close(paths2(f, 0.0), np.inf, 0.0)


def test_gamma_tails_at_zero_with_a_below_one_in_every_argument():
    # gamma.cdf(x, a, loc, scale) at (0, 0.5, 0, 2): the one-sided limits from inside. mpmath (dps 60, gammainc
    # regularized, mp.diff) at x = 1e-20 and 1e-40: the entries below grow as x^-1.5, x^-0.5 or -log(x) x^-0.5
    # (d2/dx2 -1.99e29 and -1.99e59, d2/dx da -1.79e11 and -3.62e21, d2/dx dscale -9.97e8 and -9.97e18) or vanish as
    # x^0.5 (d2/da2 1.75e-7 and 6.88e-17, d2/da dscale 8.93e-10 and 1.81e-19, d2/dscale2 1.5e-11 and 1.5e-21).
    # Through z the scale's live 0 met the density's +inf: d2/dx dscale 0 by hessian and jacfwd(grad), the scale's row
    # NaN by jacfwd(jacfwd) and jacrev(jacfwd)
    inf = np.inf
    limits = np.array([[-inf, -inf, inf, -inf], [-inf, 0, inf, 0], [inf, inf, -inf, inf], [-inf, 0, inf, 0]])
    point = np.array([0.0, 0.5, 0.0, 2.0])
    for f, sign in ((lambda v: stats.gamma.cdf(v[0], v[1], v[2], v[3]), 1.0),
                    (lambda v: stats.gamma.sf(v[0], v[1], v[2], v[3]), -1.0),
                    (lambda v: stats.chi2.cdf(v[0], 2.0 * v[1], v[2], 0.5 * v[3]), 1.0)):
        for path in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacrev(wg.jacfwd(f)),
                     lambda f: wg.jacfwd(wg.grad(f))):
            np.testing.assert_array_equal(np.asarray(path(f)(point)), sign * limits)


def test_beta_tails_at_their_infinite_density_ends_in_every_argument():
    # beta.cdf(x, a, b, loc, scale) at (0, 0.5, 2, 0, 2) and at (2, 2, 0.5, 0, 2): the one-sided limits from inside.
    # mpmath (dps 50, betainc regularized, mp.diff) at x = 1e-20 and 1e-40 from the end: the infinite entries grow
    # (at 0: d2/dx2 -2.65e29, -2.65e59; d2/dx da -2.34e11, -4.78e21; d2/dx db 1.49e9, 1.49e19; d2/dx dscale -1.33e9,
    # -1.33e19), the zeros shrink (d2/da2 2.25e-7, 9.0e-17; d2/db2 -8.06e-12, -8.06e-22), and the upper end the
    # same with a and b exchanged and the scale moving the end (d2/dx dscale -2.65e29, -2.65e59). Before: NaN in d2/dx
    # db (d2/dx da at 1) on every path, and in whole rows by forward over forward and reverse over forward
    inf = np.inf
    at_zero = np.array([[-inf, -inf, inf, inf, -inf], [-inf, 0, 0, inf, 0], [inf, 0, 0, -inf, 0],
                        [inf, inf, -inf, -inf, inf], [-inf, 0, 0, inf, 0]])
    at_one = np.array([[inf, inf, -inf, -inf, -inf], [inf, 0, 0, -inf, -inf], [-inf, 0, 0, inf, inf],
                       [-inf, -inf, inf, inf, inf], [-inf, -inf, inf, inf, inf]])
    for point, limits in (([0.0, 0.5, 2.0, 0.0, 2.0], at_zero), ([2.0, 2.0, 0.5, 0.0, 2.0], at_one)):
        for f, sign in ((lambda v: stats.beta.cdf(v[0], v[1], v[2], v[3], v[4]), 1.0),
                        (lambda v: stats.beta.sf(v[0], v[1], v[2], v[3], v[4]), -1.0)):
            for path in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacrev(wg.jacfwd(f)),
                         lambda f: wg.jacfwd(wg.grad(f))):
                np.testing.assert_array_equal(np.asarray(path(f)(np.array(point))), sign * limits)


def test_gamma_density_at_its_pole_in_every_argument():
    # gamma.pdf(x, a, loc, scale) at (0, 0.5, 0, 2), +inf: the one-sided limits from inside. mpmath (dps 50, z^(a - 1)
    # e^-z / (gamma(a) scale), mp.diff) at x = 1e-20 and 1e-40: every entry grows (gradient -1.99e29, -1.79e11,
    # 1.99e29, -9.97e8 at 1e-20; d2/dx2 2.99e49, d2/da2 7.98e12, d2/dscale2 7.48e8, d2/da dscale 4.27e10). Before:
    # d/da and d/dscale 0, NaN in the scale's and a's rows by jacfwd(jacfwd) (and the scale's by jacrev(jacfwd)), 0 in
    # them by hessian and jacfwd(grad)
    inf = np.inf
    point = np.array([0.0, 0.5, 0.0, 2.0])
    limits = np.array([[inf, inf, -inf, inf], [inf, inf, -inf, inf], [-inf, -inf, inf, -inf], [inf, inf, -inf, inf]])
    f = lambda v: stats.gamma.pdf(v[0], v[1], v[2], v[3])  # noqa: E731
    np.testing.assert_array_equal(wg.grad(f)(point), [-inf, -inf, inf, -inf])
    for path in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacrev(wg.jacfwd(f)),
                 lambda f: wg.jacfwd(wg.grad(f))):
        np.testing.assert_array_equal(np.asarray(path(f)(point)), limits)


def test_beta_density_at_its_poles_in_every_argument():
    # beta.pdf(x, a, b, loc, scale) at (0, 0.5, 2, 0, 2) and (2, 2, 0.5, 0, 2), +inf: the one-sided limits from
    # inside. mpmath (dps 50, z^(a - 1) (1 - z)^(b - 1) / (B(a, b) scale), mp.diff) at 1e-20 and 1e-40 from the end:
    # every entry grows (at 0 the gradient -2.65e29, -2.34e11, 1.49e9, 2.65e29, -1.33e9 at 1e-20, d2/db2 -4.03e8;
    # at 1 a and b exchanged, the scale moving the end: d/dscale -2.65e29). Before: d/da, d/db and d/dscale 0, NaN in
    # the shapes', loc's and the scale's rows by jacfwd(jacfwd)
    inf = np.inf
    at_zero = np.array([[inf, inf, -inf, -inf, inf], [inf, inf, -inf, -inf, inf], [-inf, -inf, -inf, inf, -inf],
                        [-inf, -inf, inf, inf, -inf], [inf, inf, -inf, -inf, inf]])
    at_one = np.array([[inf, inf, -inf, -inf, -inf], [inf, -inf, -inf, -inf, -inf], [-inf, -inf, inf, inf, inf],
                       [-inf, -inf, inf, inf, inf], [-inf, -inf, inf, inf, inf]])
    f = lambda v: stats.beta.pdf(v[0], v[1], v[2], v[3], v[4])  # noqa: E731
    for point, grad, limits in (([0.0, 0.5, 2.0, 0.0, 2.0], [-inf, -inf, inf, inf, -inf], at_zero),
                                ([2.0, 2.0, 0.5, 0.0, 2.0], [inf, inf, -inf, -inf, -inf], at_one)):
        np.testing.assert_array_equal(wg.grad(f)(np.array(point)), grad)
        for path in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacrev(wg.jacfwd(f)),
                     lambda f: wg.jacfwd(wg.grad(f))):
            np.testing.assert_array_equal(np.asarray(path(f)(np.array(point))), limits)


def test_weibull_densities_at_their_pole_in_every_argument():
    # weibull_min.pdf(x, c, loc, scale) at (0, 0.5, 0, 2) and weibull_max's (its pole at x = loc from below), +inf:
    # the one-sided limits from inside. mpmath (dps 50, c z^(c - 1) exp(-z^c) / scale, mp.diff) at 1e-20 and 1e-40:
    # every entry grows (weibull_min's gradient -1.77e29, -1.58e11, 1.77e29, -8.84e8 at 1e-20, d2/dc2 7.06e12).
    # Before: d/dc and d/dscale 0, NaN in c's, loc's and the scale's rows by jacfwd(jacfwd)
    inf = np.inf
    low = np.array([[inf, inf, -inf, inf], [inf, inf, -inf, inf], [-inf, -inf, inf, -inf], [inf, inf, -inf, inf]])
    high = np.array([[inf, -inf, -inf, -inf], [-inf, inf, inf, inf], [-inf, inf, inf, inf], [-inf, inf, inf, inf]])
    point = np.array([0.0, 0.5, 0.0, 2.0])
    for fn, grad, limits in ((stats.weibull_min.pdf, [-inf, -inf, inf, -inf], low),
                             (stats.weibull_max.pdf, [inf, -inf, -inf, -inf], high)):
        f = lambda v, fn=fn: fn(v[0], v[1], v[2], v[3])  # noqa: E731
        np.testing.assert_array_equal(wg.grad(f)(point), grad)
        for path in (wg.hessian, lambda f: wg.jacfwd(wg.jacfwd(f)), lambda f: wg.jacrev(wg.jacfwd(f)),
                     lambda f: wg.jacfwd(wg.grad(f))):
            np.testing.assert_array_equal(np.asarray(path(f)(point)), limits)
