"""The summaries of every distribution (mean, var, std, entropy, median, interval) keep float32.

Decided: wengert's distributions follow NumPy, as every wengert function does (float32 stays
float32; SciPy's own distributions give float64 for every method, casting their input on entry).
Their densities, tails and quantiles did; the summaries built by the shared helpers gave float64
for float32 input (a float64 constant or zeros in the closed form: norm.var, expon.entropy,
gamma.std, maxwell.median, ..., poisson.entropy) while mean gave float32, and their gradients
came back float32: value and gradient of one call in two dtypes.
"""
import inspect

import numpy as np
import pytest

import wengert as wg

st = pytest.importorskip("wengert.scipy.stats")

METHODS = ("mean", "var", "std", "entropy", "median", "interval")
#: a shape's value where every summary is finite (genpareto's and genextreme's c below 1/2)
SHAPES = {"a": 2.5, "b": 3.5, "c": 3.0, "d": 3.0, "df": 5.0, "dfn": 5.0, "dfd": 9.0, "s": 0.5, "beta": 2.0,
          "mu": 3.0, "nu": 2.5, "p": 0.3, "n": 7.0, "N": 7.0, "M": 20.0, "r": 12.0,
          "low": 2.0, "high": 7.0}
SMALL_C = ("genpareto", "genextreme", "triang", "trapezoid", "wrapcauchy")  # (and triang's mode c in [0, 1]; trapezoid's c
# <= d; wrapcauchy's c in (0, 1))
#: the counts of the discrete distributions (constants: refused as a Var)
COUNTS = {name: ("loc", "N") if name == "boltzmann"
          else ("loc", "n") if name in ("binom", "betabinom", "betanbinom", "zipfian")
          else ("loc",)
          for name in ("poisson", "bernoulli", "binom", "geom", "nbinom", "betabinom", "betanbinom", "planck",
                       "dlaplace", "yulesimon", "logser", "skellam", "zipf", "zipfian", "boltzmann")}
COUNTS.update({"randint": ("loc", "low", "high"), "hypergeom": ("loc", "M", "n", "N"),  # (every parameter a count)
               "nhypergeom": ("loc", "M", "n", "r"), "nchypergeom_fisher": ("loc", "M", "n", "N"),
               "irwinhall": ("n",), "ksone": ("n",)})  # (continuous distributions: only their counts are constants)


def _cases():
    for name, cls in sorted(vars(st).items()):
        if not isinstance(cls, type) or name.startswith("_"):
            continue
        for method in METHODS:
            if isinstance(vars(cls).get(method), staticmethod):
                yield pytest.param(name, method, id=f"{name}.{method}")


def _call(name, method, dtype):
    """The method, summed to one scalar (interval's two ends), and its arguments in ``dtype``."""
    fn = getattr(getattr(st, name), method)
    params = [p for p in inspect.signature(fn).parameters]
    if name in ("multivariate_normal", "multivariate_t"):  # (mean and cov, or loc and shape: arrays; df)
        return fn, [np.zeros(2, dtype), np.array([[2.0, 0.5], [0.5, 1.0]], dtype)] + [dtype(5.0)] * (name[-1] == "t")
    values = []
    for p in params:
        if p == "confidence":
            values.append(0.8)
        elif p == "loc":
            values.append(0.25)
        elif p == "scale":
            values.append(1.5)
        elif p == "c" and name in SMALL_C:
            values.append(0.2)
        elif p == "d" and name == "trapezoid":
            values.append(0.8)
        elif p == "a" and name == "erlang":  # (an integer: elsewhere erlang warns, as SciPy)
            values.append(3.0)
        elif p == "a" and name == "skewcauchy":  # (a in (-1, 1))
            values.append(0.4)
        elif p == "b" and name == "norminvgauss":  # (|b| < a)
            values.append(1.0)
        else:
            values.append(SHAPES.get(p, 2.5))  # (a shape not named above: 2.5)

    def f(*args):
        out = fn(*args)
        return out[0] + 2.0 * out[1] if isinstance(out, tuple) else out  # (not a sum: its d/d confidence is 0)
    return f, [dtype(v) for v in values]


@pytest.mark.parametrize("name, method", list(_cases()))
def test_float32_in_float32_out(name, method):
    f, args = _call(name, method, np.float32)
    _, args64 = _call(name, method, np.float64)
    want = f(*args64)
    assert np.asarray(want).dtype == np.float64
    got = f(*args)
    assert np.asarray(got).dtype == np.float32
    np.testing.assert_allclose(got, want, rtol=2e-5)  # (float32 arithmetic in the quantiles)
    differentiable = [i for i, p in enumerate(inspect.signature(getattr(getattr(st, name), method)).parameters)
                      if i < len(args) and p not in COUNTS.get(name, ())]  # (a count, a count's shift: constants)
    for i in differentiable:
        g = wg.grad(f, argnums=i)(*args)
        assert np.asarray(g).dtype == np.float32, i
        np.testing.assert_allclose(g, wg.grad(f, argnums=i)(*args64), rtol=2e-5, atol=1e-6)
    tangents = [np.ones_like(a) if i in differentiable else np.zeros_like(a) for i, a in enumerate(args)]
    value, _ = wg.jvp(f, args, tangents)  # (the tangent's dtype is its rules': float64 in some, e.g. ndtri's)
    assert np.asarray(value).dtype == np.float32


@pytest.mark.parametrize("name, method", [("norm", "var"), ("expon", "entropy"), ("gamma", "median"),
                                          ("maxwell", "median"), ("lomax", "std"), ("beta", "entropy")])
def test_python_floats_beside_float32_give_float32(name, method):
    """loc and scale left at their Python defaults: weak, as in NumPy (float32 * 1.5 is float32)."""
    fn = getattr(getattr(st, name), method)
    shapes = [p for p in inspect.signature(fn).parameters if p not in ("loc", "scale")]
    assert np.asarray(fn(*(np.float32(SHAPES[p]) for p in shapes), scale=np.float32(2.0))).dtype == np.float32
    assert np.asarray(fn(*(SHAPES[p] for p in shapes))).dtype == np.float64
