"""Derivatives of ``wengert.scipy.stats`` at and very near the ends of a support, where a
formula that is right inside gave NaN, a wrong finite number, or a number where no derivative
exists (session 11). Expected values: closed forms, checked with mpmath at 40 digits.
"""
import numpy as np
import pytest

import wengert as wg
from wengert.scipy import stats


def _hessian(f, *args):
    """The Hessian of ``f`` at ``args`` twice: reverse over reverse, and forward over reverse."""
    n = len(args)
    rev = np.array([[float(v) for v in wg.grad(lambda *a: wg.grad(f, argnums=i)(*a), argnums=tuple(range(n)))(*args)]
                    for i in range(n)])
    fwd = np.array([[float(wg.jvp(lambda *a: wg.grad(f, argnums=i)(*a), args,
                                  tuple(1.0 if k == j else 0.0 for k in range(n)))[1]) for j in range(n)]
                    for i in range(n)])
    return rev, fwd


# truncnorm with one infinite end, at its finite end: the cdf (sf) there is 0 and written as
# a difference of ndtr; the unused branch was evaluated at (a + b) / 2 = inf, whose ndtr''
# (inf * 0) made the second derivatives in a (b) NaN, in both modes.
TRUNCNORM_AT_AN_END = [
    # (function of (x, end), the point, the Hessian: mpmath's, one-sided from inside)
    ("cdf at a, b = inf", lambda x, a: stats.truncnorm.cdf(x, a, np.inf), (-1.0, -1.0),
     [[0.28759997093917836, 0.08271374328421624], [0.08271374328421624, -0.45302745750761084]]),
    ("sf at b, a = -inf", lambda x, b: stats.truncnorm.sf(x, -np.inf, b), (2.0, 2.0),
     [[0.11049572535797992, 0.0030523263305965316], [0.0030523263305965316, -0.11660037801917298]]),
    ("sf at a, b = inf", lambda x, a: stats.truncnorm.sf(x, a, np.inf), (-1.0, -1.0),
     [[-0.28759997093917836, -0.08271374328421624], [-0.08271374328421624, 0.45302745750761084]]),
    ("cdf at b, a = -inf", lambda x, b: stats.truncnorm.cdf(x, -np.inf, b), (2.0, 2.0),
     [[-0.11049572535797992, -0.0030523263305965316], [-0.0030523263305965316, 0.11660037801917298]]),
]


@pytest.mark.parametrize("name, f, at, want", TRUNCNORM_AT_AN_END, ids=[c[0] for c in TRUNCNORM_AT_AN_END])
def test_truncnorm_tails_at_the_finite_end_of_a_half_infinite_support(name, f, at, want):
    for got in _hessian(f, *at):
        np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.parametrize("fn", ["logcdf", "logsf", "logpdf", "pdf"])
def test_truncnorm_second_derivatives_with_an_infinite_end_are_never_nan(fn):
    f = getattr(stats.truncnorm, fn)
    for x, a, b in ((-1.0, -1.0, np.inf), (2.0, -np.inf, 2.0), (-3.0, -1.0, np.inf), (0.5, -np.inf, 2.0)):
        end = (lambda x, e: f(x, e, b)) if np.isfinite(a) else (lambda x, e: f(x, a, e))
        for h in _hessian(end, x, a if np.isfinite(a) else b):
            assert np.all(np.isfinite(h)), (fn, x, a, b, h)
