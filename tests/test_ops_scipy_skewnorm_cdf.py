"""SciPy functions: ``scipy.stats.skewnorm.cdf`` and ``sf``, whose
value is SciPy's own and whose derivatives are closed forms (the density in x, loc and
scale; ``-2 dT(z, a)/da = -exp(-z^2 (1 + a^2) / 2) / (pi (1 + a^2))`` in the shape ``a``,
through Owen's T).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode); below, the values against SciPy's
and the derivatives against closed forms at ``a = 0`` (the normal's cdf) and ``z = 0``
(``1/2 - arctan(a) / pi``).
"""
import math

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy  # noqa: E402
from opcheck import case, gradient_test  # noqa: E402
from wengert.scipy import stats  # noqa: E402
from wengert.testing import check_grads  # noqa: E402

Z = np.array([-2.5, -0.4, 0.0, 0.3, 1.7])
A = np.array([[-4.0], [-0.5], [0.0], [1.0], [6.0]])

CASES = [
    case(stats.skewnorm.cdf, stats.skewnorm.cdf, Z, A, 0.2, 1.3, id="skewnorm.cdf"),
    case(stats.skewnorm.cdf, lambda a: stats.skewnorm.cdf(0.0, a), np.array([-3.0, 0.0, 0.7]), id="skewnorm.cdf-at-z-0"),
    case(stats.skewnorm.cdf, lambda x: stats.skewnorm.cdf(x, 0.0), Z, id="skewnorm.cdf-normal"),
    case(stats.skewnorm.cdf, lambda x, a: stats.skewnorm.cdf(x, a), 0.8, -1.5, id="skewnorm.cdf-floats"),
    case(stats.skewnorm.cdf, lambda x, scale: stats.skewnorm.cdf(x, 2.0, -0.3, scale), Z, 0.7, id="skewnorm.cdf-loc-scale"),
    case(stats.skewnorm.sf, stats.skewnorm.sf, Z, A, 0.2, 1.3, id="skewnorm.sf"),
    case(stats.skewnorm.sf, lambda a: stats.skewnorm.sf(0.0, a), np.array([-3.0, 0.0, 0.7]), id="skewnorm.sf-at-z-0"),
]

test_gradient = gradient_test(CASES)


#: (distribution.function, arguments) whose values are checked against SciPy's (tests/test_ops_scipy.py
#: checks that every function of wengert.scipy.stats has one)
VALUE_CHECKS = [(f"skewnorm.{name}", args) for name in ("cdf", "sf")
                for args in ((Z, A, 0.2, 1.3), (Z, A), (np.array([-8.0, 8.0]), np.array([[-20.0], [20.0]])))]


@pytest.mark.parametrize("name, args", VALUE_CHECKS, ids=[n for n, _ in VALUE_CHECKS])
def test_stats_values_are_scipys_to_the_bit(name, args):
    function = name.split(".")[1]
    ours = wg.eval_bp(getattr(stats.skewnorm, function), *args)
    np.testing.assert_array_equal(ours, getattr(ST.skewnorm, function)(*args))  # SciPy's own value


@pytest.mark.parametrize("name", ["cdf", "sf"])
def test_skewnorm_cdf_and_sf_are_listed(name):
    assert wengert.scipy.supported()[f"stats.skewnorm.{name}"] == "gradient"
    with pytest.raises(ValueError, match="scale must be positive"):
        getattr(stats.skewnorm, name)(0.5, 1.0, 0.0, -1.0)
    # the sf's derivatives are the cdf's, negated
    g_cdf = wg.grad_bp(lambda x, a: np.sum(stats.skewnorm.cdf(x, a)), Z, A)
    g_sf = wg.grad_bp(lambda x, a: np.sum(stats.skewnorm.sf(x, a)), Z, A)
    np.testing.assert_array_equal(g_sf[0], -g_cdf[0])
    np.testing.assert_array_equal(g_sf[1], -g_cdf[1])


def test_skewnorm_cdf_derivatives_are_the_closed_forms():
    # in x: the density; in a at z = 0: d/da (1/2 - arctan(a) / pi) = -1 / (pi (1 + a^2))
    for a in (-3.0, 0.0, 0.5, 4.0):
        for x in (-1.2, 0.0, 0.9):
            assert wg.grad_bp(lambda v: stats.skewnorm.cdf(v, a), x) == pytest.approx(ST.skewnorm.pdf(x, a), rel=1e-13, abs=0)
        assert wg.grad_bp(lambda b: stats.skewnorm.cdf(0.0, b), a) == pytest.approx(-1.0 / (math.pi * (1 + a * a)),
                                                                                   rel=1e-14)
    # at a = 0 the cdf is the normal's, and its derivative in a is -exp(-z^2/2) / pi
    for z in (-1.0, 0.5, 2.0):
        assert wg.grad_bp(lambda b: stats.skewnorm.cdf(z, b), 0.0) == pytest.approx(-math.exp(-z * z / 2) / math.pi,
                                                                                  rel=1e-14)
    # loc and scale through z = (x - loc) / scale
    x, a, loc, scale = 0.7, 1.5, -0.2, 1.4
    g = wg.grad_bp(lambda l, s: stats.skewnorm.cdf(x, a, l, s), loc, scale)
    z = (x - loc) / scale
    density = ST.skewnorm.pdf(z, a)
    assert g == pytest.approx((-density / scale, -z * density / scale), rel=1e-13, abs=0)


def test_skewnorm_cdf_against_differences_of_scipys_cdf_in_a():
    # central differences of SciPy's own cdf (the value wengert returns), in a, where SciPy's
    # closed form holds its digits
    for z, a in ((0.3, 2.0), (-0.8, -1.0), (1.5, 0.25)):
        h = 1e-5
        fd = (ST.skewnorm.cdf(z, a + h) - ST.skewnorm.cdf(z, a - h)) / (2 * h)
        assert wg.grad_bp(lambda b: stats.skewnorm.cdf(z, b), a) == pytest.approx(fd, rel=1e-7, abs=0)
    check_grads(lambda x, b: stats.skewnorm.cdf(x, b), 0.4, 2.0, order=2)
