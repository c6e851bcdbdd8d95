"""What keeps the second order's cost down (benchmarks/second_order_cost.py) without changing a number:
np.where's untaken marks die with their Duals (the rules' checks cost nothing in a computation that
marks none), and the tangent-inside primitives of wengert.scipy.stats take jacfwd's directions in one
call, bit for bit the numbers of one direction at a time."""
import gc
import importlib

import numpy as np

import wengert as wg
from wengert.forward import defjvp
from wengert.ops import _util
from wengert.primitive import Primitive
from wengert.scipy import stats


def _marks_alive():
    # the marks whose arrays or Duals are alive (an earlier test's may be: its objects kept
    # by pytest's reports; only this computation's are asked about)
    gc.collect()
    return [(set(table), {id(ref()) for _, ref in duals if ref() is not None})
            for table, duals in ((_util._UNTAKEN, _util._UNTAKEN_DUALS), (_util._STRUCTURAL, _util._STRUCTURAL_DUALS))]


def test_untaken_marks_die_with_their_duals():
    # (the last 16 Duals marked were held for good: every later computation paid the marks' look-ups)
    def f(x):
        with np.errstate(over="ignore"):
            return np.sum(np.where(x < 700, np.exp(x), 0.0) * x)
    before = _marks_alive()
    h = wg.jacfwd(wg.jacfwd(f))(np.array([1000.0, 1.0]))
    np.testing.assert_allclose(h, [[0.0, 0.0], [0.0, 3 * np.e]], rtol=1e-14)
    for (table, duals), (table_before, duals_before) in zip(_marks_alive(), before):
        assert table <= table_before and duals <= duals_before


def test_a_jvp_takes_the_directions_at_once():
    calls = []
    cube = Primitive(lambda x: x ** 3, name="test cube")
    defjvp(cube, lambda ans, primals, tangents: calls.append(np.shape(tangents[0])) or 3.0 * primals[0] ** 2 * tangents[0])
    _util.directions_at_once(cube)
    np.testing.assert_array_equal(wg.jacfwd(cube)(np.array([1.0, 2.0, 3.0])), np.diag([3.0, 12.0, 27.0]))
    assert calls == [(3, 3)]


#: (the module of wengert.scipy.stats that defines it, its name)
PRIMS = (*(("_common", name) for name in ("_STANDARDIZE", "_LOG_STANDARDIZED", "_C_LOG_STANDARDIZED", "_LOG_POWER_DZ",
                                          "_LOG_POWER", "_Z_POWER_TERMS", "_Z_TERMS")),
         ("_extreme_value", "_GEV_FAR_TERMS"), ("_gamma", "_INVGAMMA_SCALED_DD"))


def test_directions_at_once_are_bit_for_bit_one_at_a_time():
    def f(p):
        return (stats.gamma.logpdf(p[0], p[1], 0.0, p[2]) + stats.weibull_min.logsf(p[0], p[1], 0.0, p[2])
                + stats.invgamma.logpdf(p[0], p[1], 0.0, p[2]) + stats.gengamma.logpdf(p[0], p[1], 0.7, 0.0, p[2]))
    points = [[1.3, 2.5, 1.7], [1e-300, 2.5, 1e-300], [2e280, 1.5, 1e280], [1e-160, 2.0, 1e-180]]
    paths = (wg.hessian, lambda g: wg.jacfwd(wg.jacfwd(g)))
    rules = [getattr(importlib.import_module(f"wengert.scipy.stats.{module}"), name).jvp for module, name in PRIMS]
    with np.errstate(all="ignore"):
        at_once = [path(f)(np.array(p)) for p in points for path in paths]
        held = [rule.live for rule in rules]
        try:
            for rule in rules:
                del rule.live
            one_at_a_time = [path(f)(np.array(p)) for p in points for path in paths]
        finally:
            for rule, live in zip(rules, held):
                rule.live = live
    for a, b in zip(at_once, one_at_a_time):
        assert a.tobytes() == b.tobytes()


def test_the_inner_pass_of_jacfwd_jacfwd_takes_the_directions_at_once():
    # (its primals are the outer pass's Duals: the rule ran once per direction there, jacfwd(jacfwd) of the
    # benchmark's densities 1.24x slower than 4017f06's for it)
    calls = []
    cube = Primitive(lambda x: x ** 3, name="test cube, twice")
    defjvp(cube, lambda ans, primals, tangents: calls.append(np.shape(tangents[0])) or 3.0 * primals[0] ** 2 * tangents[0])
    _util.directions_at_once(cube)
    x = np.array([1.0, 2.0, 3.0])
    truth = np.zeros((3, 3, 3))
    truth[range(3), range(3), range(3)] = 6.0 * x
    np.testing.assert_array_equal(wg.jacfwd(wg.jacfwd(cube))(x), truth)
    assert calls == [(3, 3), (3, 3)]


def test_invalid_ignored_sets_numpys_own_state_or_falls_back_on_errstate(monkeypatch):
    # (ops._util.invalid_ignored sets NumPy's private errstate context variable: np.errstate's with block took 2.3x its
    # time, 140 times in a Hessian of the benchmark's chain; its fallback where NumPy's modules are laid out otherwise)
    seen = []

    def product(a, b):
        seen.append(np.geterr())
        return np.multiply(a, b)
    with np.errstate(divide="raise", invalid="raise"):
        want = np.geterr()
        for private in (True, False):
            if not private:
                monkeypatch.setattr(_util, "_ERRSTATE", None)
            assert np.isnan(_util.invalid_ignored(product, 0.0, np.inf))  # (else FloatingPointError)
            assert np.geterr() == want
    assert seen == [dict(want, invalid="ignore")] * 2
