"""Every distribution of ``wengert.scipy.stats`` with ``x``, ``loc`` and ``scale`` where ``z = (x - loc) / scale``
is +-inf: ``pdf``, ``logpdf`` and the four tails are their limits there (0, -inf, 1 or 0 and their logs; SciPy's
where SciPy's is not NaN), with derivative 0 in every argument, at first and second order, in both modes.

Before, each distribution's own formula met the infinity: ``gamma.logpdf(inf, 2)`` was ``(a - 1) log z - z`` =
NaN, ``maxwell.logsf(inf)``, ``rayleigh.pdf(inf)``, ``f.cdf(inf, 5, 9)`` NaN, the derivatives in the shapes of
gamma, weibull_min, pareto, lomax, burr12, f, t NaN or infinite, and the derivative in scale of every
distribution NaN (``d/dscale z = -z / scale = -inf`` times the cotangent 0 of a limit). vonmises is periodic: no
limit (NaN, as SciPy's).
"""
import inspect

import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

from opcheck import infinite_ends_check  # noqa: E402
from wengert.scipy import stats  # noqa: E402

FUNCTIONS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
#: a shape's values: below 1 (a density infinite at an end: gamma, weibull_min at a < 1) and above
VALUES = {"a": (0.5, 2.5), "b": (0.7, 3.5), "c": (0.5, 3.0), "d": (0.6, 3.0), "df": (0.8, 5.0), "dfn": (0.8, 5.0),
          "dfd": (0.9, 9.0), "s": (0.5, 1.5), "beta": (0.7, 2.0), "nu": (0.3, 2.5), "mu": (0.4, 3.0), "K": (0.3, 2.5),
          "kappa": (0.5, 2.0), "k": (0.5, 3.0), "chi": (0.5, 3.0), "rho": (0.5, 3.0),
          "m": (1.5, 4.0), "u": (-1.0, 2.5)}
#: where a shape's sign or integrality matters: genpareto's and genextreme's c on both sides of 0 (a bounded
#: support on one; at c = -2 and 2 its end is z = 1/2, where the limits were once computed: NaN there), erlang's
#: integer a, truncnorm's two ends around 0, wrapcauchy's c in (0, 1), triang's c in [0, 1] (its ends too), gengamma's
#: c of both signs (the tails swap), truncpareto's c above 1 and b of both signs, skewcauchy's a in (-1, 1), pearson3's
#: skew of both signs (the finite end swaps sides), 0, and beyond 2 (a = 4 / skew^2 below 1), kappa4's h and k
#: of both signs and 0 (the ends: finite for h > 0 or k != 0), tukeylambda's lam of both signs and 0 (the support
#: bounded for lam > 0), norminvgauss's |b| < a of both signs, ncx2's nc 0 (chi2) and beyond c = nc z / 4 = 1, nct's
#: nc 0 (t) and of both signs
SPECIAL = {"genpareto": [-2.0, -0.4, 0.0, 0.3], "genextreme": [-0.3, 0.0, 0.4, 2.0], "erlang": [1.0, 3.0],
           "truncnorm": [(-1.0, 2.0), (0.5, 4.0)], "wrapcauchy": [0.3, 0.8], "triang": [0.0, 0.4, 1.0],
           "trapezoid": [(0.0, 0.4), (0.2, 0.8), (0.3, 1.0), (0.5, 0.5)],
           "gengamma": [(0.5, 2.0), (2.5, 0.6), (0.5, -3.0), (2.5, -1.3)],
           "truncpareto": [(0.7, 1.5), (3.5, 3.0), (-0.5, 2.0)], "skewcauchy": [-0.5, 0.0, 0.6],
           "pearson3": [-2.5, 0.0, 0.4],
           "kappa4": [(-0.5, 0.0), (0.0, -0.3), (0.3, 0.2), (0.0, 0.0), (2.5, -0.5)],
           "tukeylambda": [-0.5, 0.0, 0.3], "norminvgauss": [(0.5, 0.3), (2.5, -1.5)],
           "geninvgauss": [(0.5, 2.0), (-1.5, 0.7)], "ncx2": [(0.8, 0.0), (5.0, 30.0)], "irwinhall": [3, 20], "ksone": [3, 20],
           "ncf": [(0.8, 0.9, 0.0), (5.0, 9.0, 30.0)],
           "nct": [(3.0, 0.0), (0.7, -2.0), (5.0, 30.0)]}
#: the shapes that are constants (their derivative refused), by index
CONSTANT_SHAPES = {"geninvgauss": (0,), "irwinhall": (0,), "ksone": (0,)}


def _distributions():
    for name in stats.__all__:
        cls = getattr(stats, name)
        if not isinstance(cls, type) or name == "vonmises":
            continue
        params = [list(inspect.signature(getattr(cls, f)).parameters) for f in FUNCTIONS if hasattr(cls, f)]
        if params and all(p[0] == "x" and "loc" in p and "scale" in p for p in params):
            yield name, params[0][1:-2]


DISTRIBUTIONS = dict(_distributions())


def test_every_distribution_of_x_is_here():
    # (the loop cannot pass on an empty list: the old distributions, the ones of _shape_functions, the borrowed)
    assert {"norm", "gamma", "chi2", "beta", "weibull_min", "maxwell", "nakagami", "dweibull", "loggamma", "levy_l",
            "gibrat", "erlang", "powerlaw", "arcsine", "burr12", "f", "genpareto", "wrapcauchy"} <= set(DISTRIBUTIONS)
    assert len(DISTRIBUTIONS) >= 40, sorted(DISTRIBUTIONS)


@pytest.mark.parametrize("name", sorted(DISTRIBUTIONS))
def test_limits_at_infinity(name):
    shapes = DISTRIBUTIONS[name]
    if name in SPECIAL:
        values = SPECIAL[name]
    elif not shapes:
        values = [()]
    elif len(shapes) == 1:
        values = list(VALUES[shapes[0]])
    else:
        values = [tuple(VALUES[s][k] for s in shapes) for k in (0, 1)]
    with np.errstate(over="ignore"):  # (weibull_min's z^c of a finite point, elsewhere in an array: SciPy's warning)
        infinite_ends_check(getattr(stats, name), values, CONSTANT_SHAPES.get(name, ()))


@pytest.mark.parametrize("function", FUNCTIONS)
def test_gamma_at_infinity_was_nan(function):
    # the brief's cases, by name: gamma.logpdf(inf, 2) and pdf NaN (SciPy NaN too; the limits -inf and 0),
    # maxwell.logsf(inf) NaN (SciPy -inf), weibull_min's derivatives in c NaN at +inf
    import wengert as wg
    want = {"logpdf": -np.inf, "pdf": 0.0, "cdf": 1.0, "logcdf": 0.0, "sf": 0.0, "logsf": -np.inf}[function]
    for method, shape in ((stats.gamma, (2.0,)), (stats.weibull_min, (2.0,)), (stats.maxwell, ())):
        f = getattr(method, function)
        assert float(f(np.inf, *shape)) == want
        assert float(wg.grad(lambda s: f(np.inf, *shape, 0.0, s))(1.5)) == 0.0
        if shape:
            assert float(wg.hessian(lambda a: f(np.inf, a))(shape[0])) == 0.0
