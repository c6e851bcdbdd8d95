"""wengert.jit's fused replays of the sigmoid and the log-softmax as a user writes them,
``c / (k + np.exp(-z))`` and ``z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))``, and
of the log-softmax's weighted sum ``np.sum(t * log_p)`` (four or six recorded nodes replayed
as one step whose pullback computes the cotangent of ``z`` in one pass where it can): every
replayed value and gradient is the recording's, bit for bit, on
the fast path and on the rules' own path (zeros in the cotangent or made, saturation,
overflow, NaN, a transposed cotangent), and at second order.
"""
import sys
import weakref

import numpy as np
import pytest

import wengert as wg
import wengert.numpy as wnp
from bits import same
from wengert import runners

JIT = sys.modules["wengert.jit"]  # (wengert.jit the attribute is the function)


def _counting(monkeypatch, name, taken):
    """wengert.jit's one-pass kernel ``name`` patched to append to ``taken`` whether it took
    the one pass (True) or refused it (False) at each call."""
    one_pass = getattr(JIT, name)

    def counted(*args):
        out = one_pass(*args)
        taken.append(out is not None)
        return out
    monkeypatch.setattr(JIT, name, counted)


def _chain(c, k, k_first):
    def f(z, w):
        e = np.exp(-z)
        return np.sum(w * (c / ((k + e) if k_first else (e + k))))
    return f


def _fused_steps(jf):
    return [step.fun for entry in jf._cache.entries.values() if entry.program
            for step in entry.program if isinstance(step.fun, JIT._LogisticChain)]


_RNG = np.random.default_rng(45)
_Z = _RNG.normal(0.0, 2.0, (3, 4))
_W = _RNG.normal(0.0, 1.0, (3, 4))
_SATURATED = np.array([[800.0, 1.0, -1.0, 2.0], [-800.0, 0.5, 3.0, -2.0], [40.0, -40.0, 0.0, 1.0]])

# (z, w, whether the one-pass pullback takes every entry): the rules' path where the cotangent
# has a zero (w), where exp(-z) is 0 (z = 800: a product that vanishes, reported live) or
# infinite (z = -800: 0 * inf), where the cotangent underflows (w = 1e-307) or is NaN
CASES = {
    "moderate": (_Z, _W, True),
    "zero in the cotangent": (_Z, np.where(_W > 0.5, 0.0, _W), False),
    "saturated": (_SATURATED, _W, False),
    "underflow": (_Z, 1e-307 * _W, False),
    "nan": (np.where(_Z > 1.0, np.nan, _Z), _W, False),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("c, k, k_first", [(1.0, 1.0, True), (2.5, 3.0, False)])
def test_the_fused_chain_replays_the_recording_bit_for_bit(monkeypatch, case, c, k, k_first):
    f = _chain(c, k, k_first)
    z, w, one_pass = CASES[case]
    taken = []
    jf = wg.jit(f)
    with np.errstate(over="ignore", invalid="ignore"):  # (exp(800), and 0 * inf where z = -800)
        wg.value_and_grad(jf, argnums=(0, 1))(_Z + 0.5, _W)  # records
        jf(_Z + 0.5, _W)                                     # records the values only
        _counting(monkeypatch, "logistic_chain", taken)
        got = wg.value_and_grad(jf, argnums=(0, 1))(z, w)   # replays
        got_value = jf(z, w)                                 # replays the values only
        monkeypatch.undo()
        want = wg.value_and_grad(f, argnums=(0, 1))(z, w)
    # (fused in the gradient's program; the values' program stages no pullback: not fused)
    assert jf.stats["replays"] == 2 and len(_fused_steps(jf)) == 1
    assert taken == [one_pass]
    same(want, got, "value and gradient")
    same(want[0], got_value, "value")


def test_a_network_of_fused_chains_replays_the_recording():
    # (the chain's input made by a rule, its output read by the next layer's product)
    def loss(w1, w2, x):
        h = 1.0 / (1.0 + np.exp(-(x @ w1)))
        return np.sum(1.0 / (1.0 + np.exp(-(h @ w2))))
    rng = np.random.default_rng(3)
    jf = wg.jit(loss)
    for i in range(4):
        args = (rng.normal(size=(5, 4)), rng.normal(size=(4, 2)), rng.normal(size=(6, 5)))
        same(wg.value_and_grad(loss, argnums=(0, 1))(*args), wg.value_and_grad(jf, argnums=(0, 1))(*args))
        if i == 2:  # (weak references: a reference held here would make the chain take new buffers)
            buffers = [weakref.ref(b) for chain in _fused_steps(jf) for b in (chain.nb, chain.eb, chain.yb)]
    assert jf.stats["replays"] == 3 and len(_fused_steps(jf)) == 2
    # the buffers of -z, exp(-z) and 1 + exp(-z) are kept from one replay to the next
    now = [b for chain in _fused_steps(jf) for b in (chain.nb, chain.eb, chain.yb)]
    assert len(now) == len(buffers) == 6 and all(ref() is b for ref, b in zip(buffers, now))


def test_the_chain_is_not_fused_where_its_inner_values_are_read():
    def f(z):
        e = np.exp(-z)
        return np.sum(1.0 / (1.0 + e)) + np.sum(e)
    jf = wg.jit(f)
    for z in (_Z, _Z + 1.0):
        same(wg.grad(f)(z), wg.grad(jf)(z))
    assert jf.stats["replays"] == 1 and not _fused_steps(jf)


def test_second_order_and_a_kept_pullback():
    f = _chain(1.0, 1.0, True)
    jf = wg.jit(f)
    hvp = wg.jacfwd(wg.grad(jf))
    for z in (_Z[0], _Z[1]):
        same(wg.jacfwd(wg.grad(f))(z, _W[0]), hvp(z, _W[0]), "Hessian")
    # a vjp's pullback, called twice, and the function replayed while it is alive (its
    # buffers are the pullback's: the replay takes others)
    for z in (_Z, _Z + 1.0):
        out, pullback = wg.vjp(jf, z, _W)
        first = pullback(1.0)
        wg.grad(jf)(z - 1.0, _W)
        same(wg.vjp(f, z, _W)[1](1.0), pullback(1.0), "pullback")
        same(first, pullback(1.0), "pullback called again")
    assert _fused_steps(jf)


# -- the log-softmax --------------------------------------------------------------------------

def _log_softmax(z, shift, axis):
    if shift:
        z = z - np.max(wg.stop_gradient(z), axis=axis, keepdims=True)
    return z - np.log(np.sum(np.exp(z), axis=axis, keepdims=True))


def _log_softmax_loss(shift, axis, transposed=False):
    if transposed:  # (the cotangent of the log-softmax a transposed view: w * lp.T's)
        return lambda z, w: np.sum(w * _log_softmax(z, shift, axis).T)
    return lambda z, w: np.sum(w * _log_softmax(z, shift, axis))


def _log_softmax_steps(jf):
    return [step.fun for entry in jf._cache.entries.values() if entry.program
            for step in entry.program if isinstance(step.fun, JIT._LogSoftmaxChain)]


_ONE_HOT = -np.eye(4)[[2, 0, 3]] / 3.0  # (a cross-entropy's cotangent: a lone entry in each row)
_EQUAL = np.array([[0.5, 0.5, 0.5, 0.5], [1.0, 2.0, 3.0, 4.0], [0.25, 0.25, 0.25, 0.25]])
_LEVEL = np.array([[1.0, 1.0, 1.0, 1.0], [0.5, 2.0, -1.0, 0.0], [3.0, 3.0, 3.0, 3.0]])

# (z, w, what the one-pass pullback gives: True it takes every entry, False the rules' path,
# None not tried): the rules' path where a zero is made (a level row under an equal cotangent:
# g - e * (S / s) is 0), where exp underflows to 0 (e * q is 0), where z is NaN or the
# cotangent infinite, and where the cotangent is not C-contiguous (w.T * lp.T: lp's is a view)
LOG_SOFTMAX_CASES = {
    "one-hot": (_Z, _ONE_HOT, True),
    "dense": (_Z, _W, True),
    "a zero made": (_LEVEL, _EQUAL, False),
    "underflow": (np.where(_Z > 1.0, 800.0, _Z), _W, False),
    "nan": (np.where(_Z > 1.0, np.nan, _Z), _W, False),
    "infinite cotangent": (_Z, np.where(np.arange(12).reshape(3, 4) == 6, np.inf, _W), False),
}


@pytest.mark.parametrize("case", list(LOG_SOFTMAX_CASES) + ["transposed cotangent"])
@pytest.mark.parametrize("shift, axis", [(True, 1), (False, -1)])
def test_the_fused_log_softmax_replays_the_recording_bit_for_bit(monkeypatch, case, shift, axis):
    f = _log_softmax_loss(shift, axis, case == "transposed cotangent")
    z, w, one_pass = LOG_SOFTMAX_CASES.get(case, (_Z, _W.T, None))
    w0 = _W.T if one_pass is None else _W
    taken = []
    jf = wg.jit(f)
    with np.errstate(over="ignore", invalid="ignore"):  # (exp(800), inf - inf)
        wg.value_and_grad(jf, argnums=(0, 1))(_Z + 0.5, w0)  # records
        jf(_Z + 0.5, w0)                                     # records the values only
        _counting(monkeypatch, "log_softmax_chain", taken)
        got = wg.value_and_grad(jf, argnums=(0, 1))(z, w)   # replays
        got_value = jf(z, w)                                 # replays the values only
        monkeypatch.undo()
        want = wg.value_and_grad(f, argnums=(0, 1))(z, w)
    # (fused in the gradient's program; the values' program stages no pullback: not fused)
    assert jf.stats["replays"] == 2 and len(_log_softmax_steps(jf)) == 1
    assert taken == ([] if one_pass is None else [one_pass])
    same(want, got, "value and gradient")
    same(want[0], got_value, "value")


def _exp_read_twice(z, w):
    e = np.exp(z)
    return np.sum(w * (z - np.log(np.sum(e, axis=1, keepdims=True)))) + np.sum(e)


# (f, z): not the chain, or not one whose pullback the one pass computes (rows along another
# axis, float32, exp(z) read again, a last axis of length 1): replayed node by node
NOT_FUSED = {
    "axis 0": (lambda z, w: np.sum(w * (z - np.log(np.sum(np.exp(z), axis=0, keepdims=True)))), _Z),
    "float32": (_log_softmax_loss(True, 1), _Z.astype(np.float32)),
    "exp read again": (_exp_read_twice, _Z),
    "rows of one": (_log_softmax_loss(False, 1), _Z[:, :1]),
}


@pytest.mark.parametrize("case", list(NOT_FUSED))
def test_the_log_softmax_is_not_fused_where_its_pattern_differs(case):
    f, z = NOT_FUSED[case]
    w = _W[:, :z.shape[1]]
    jf = wg.jit(f)
    for shift in (0.0, 0.5):
        same(wg.value_and_grad(f, argnums=(0, 1))(z + shift, w), wg.value_and_grad(jf, argnums=(0, 1))(z + shift, w))
    assert jf.stats["replays"] == 1 and not _log_softmax_steps(jf)


def test_the_fused_log_softmax_at_second_order_and_in_a_kept_pullback(monkeypatch):
    f = _log_softmax_loss(True, 1)
    jf = wg.jit(f)
    hessian = wg.jacfwd(wg.grad(jf))
    for z in (_Z, _Z + 1.0):
        same(wg.jacfwd(wg.grad(f))(z, _W), hessian(z, _W), "Hessian")
    # a vjp's pullback (its tape kept), called again, with another seed, and after the function
    # was replayed on another signature (the one-pass pullback taken each time)
    taken = []
    _counting(monkeypatch, "log_softmax_chain", taken)
    for z in (_Z, _Z + 1.0, _Z - 1.0):
        out, pullback = wg.vjp(jf, z, _ONE_HOT)
        first = pullback(1.0)
        wg.grad(jf)(z - 1.0, _W)
        same(wg.vjp(f, z, _ONE_HOT)[1](1.0), pullback(1.0), "pullback")
        same(first, pullback(1.0), "pullback called again")
        same(wg.vjp(f, z, _ONE_HOT)[1](np.float64(-2.5)), pullback(np.float64(-2.5)), "another seed")
        del out, pullback  # (else the next call's replay takes a spare tape)
    # (the vjp's and the gradient's signatures each recorded once, then replayed twice)
    assert jf.stats["replays"] == 4 and len(taken) == 2 * 4 + 2 and all(taken)


# -- the log-softmax's weighted sum (a cross-entropy) ------------------------------------------

def _cross_entropy(shift, w_first=True, constant=None):
    def f(z, w):
        lp = _log_softmax(z, shift, 1)
        w = w if constant is None else constant
        return -np.sum(w * lp if w_first else lp * w) / 3
    return f


def _cross_entropy_steps(jf):
    return [step.fun for entry in jf._cache.entries.values() if entry.program
            for step in entry.program if isinstance(step.fun, JIT._CrossEntropyChain)]


# (f, z, w, seed, what the one pass gives, in order): G * w in one pass from t ([True]), or
# the rules' path (from t, then again at p: [False, False]); a seed that is an array is not
# taken at t, and the log-softmax's own one pass takes the rules' cotangent of p ([True])
CROSS_ENTROPY_CASES = {
    "one-hot": (_cross_entropy(True), _Z, -_ONE_HOT, 1.0, [True]),
    "dense, p * w": (_cross_entropy(False, w_first=False), _Z, _W, 1.0, [True]),
    "constant weights": (_cross_entropy(True, constant=_W), _Z, _W, 1.0, [True]),
    "a float64 seed": (_cross_entropy(True), _Z, -_ONE_HOT, np.float64(-2.5), [True]),
    "an array seed": (_cross_entropy(True), _Z, -_ONE_HOT, np.array(2.0), [True]),
    "a zero made": (_cross_entropy(False), _LEVEL, _EQUAL, 1.0, [False, False]),
    "underflow": (_cross_entropy(True), np.where(_Z > 1.0, 800.0, _Z), _W, 1.0, [False, False]),
    "G * w underflows": (_cross_entropy(True), _Z, 1e-300 * _W, 1e-20, [False]),
    "nan": (_cross_entropy(True), np.where(_Z > 1.0, np.nan, _Z), -_ONE_HOT, 1.0, [False, False]),
    "a zero seed": (_cross_entropy(True), _Z, -_ONE_HOT, 0.0, [False]),  # (G * w refused at t)
}


@pytest.mark.parametrize("case", list(CROSS_ENTROPY_CASES))
def test_the_fused_cross_entropy_replays_the_recording_bit_for_bit(monkeypatch, case):
    f, z, w, seed, passes = CROSS_ENTROPY_CASES[case]
    taken = []
    jf = wg.jit(f)
    with np.errstate(over="ignore", invalid="ignore"):  # (exp(800), inf - inf)
        # (the gradient in z alone, from the seed: the weights w get none)
        runners.run(jf, (_Z + 0.5, _W), {}, (0,), 1.0)  # records
        _counting(monkeypatch, "log_softmax_chain", taken)
        got = runners.run(jf, (z, w), {}, (0,), seed)  # replays
        monkeypatch.undo()
        want = runners.run(f, (z, w), {}, (0,), seed)
    assert jf.stats["replays"] == 1 and len(_cross_entropy_steps(jf)) == 1 and not _log_softmax_steps(jf)
    assert taken == passes
    same(want, got, "value and gradient")


def test_the_cross_entropy_is_not_fused_where_the_weights_get_a_gradient():
    f = _cross_entropy(True)
    jf = wg.jit(f)
    for shift in (0.0, 0.5):
        same(wg.value_and_grad(f, argnums=(0, 1))(_Z + shift, _ONE_HOT), wg.value_and_grad(jf, argnums=(0, 1))(_Z + shift, _ONE_HOT))
    # (the log-softmax alone is)
    assert jf.stats["replays"] == 1 and not _cross_entropy_steps(jf) and len(_log_softmax_steps(jf)) == 1


def test_the_fused_cross_entropy_at_second_order():
    f = _cross_entropy(True)
    jf = wg.jit(f)
    for z in (_Z, _Z + 1.0, _Z - 1.0):
        same(wg.value_and_grad(f)(z, -_ONE_HOT), wg.value_and_grad(jf)(z, -_ONE_HOT), "gradient")
        same(wg.jacfwd(wg.grad(f))(z, -_ONE_HOT), wg.jacfwd(wg.grad(jf))(z, -_ONE_HOT), "Hessian")
    assert jf.stats["replays"] == 2 and _cross_entropy_steps(jf)


# -- wnp.logistic on a float64 array: one step, its pullback in one pass -----------------------

def _logistic_loss(z, w):
    return np.sum(w * wg.logistic(z))


def _logistic_steps(jf):
    return [step.fun for entry in jf._cache.entries.values() if entry.program
            for step in entry.program if isinstance(step.fun, JIT._LogisticArrayStep)]


_NEAR = np.array([[708.5, 1.0, -708.5, 2.0], [-708.3, 0.5, 3.0, 708.3], [40.0, -40.0, 0.0, 1.0]])

# (z, w, what the one-pass pullback gives: [True] every entry, [False] the rule's path, []
# not tried: logistic_array itself computes the value): the rule's path where the cotangent has a
# zero, where an entry is far (|z| > 708.4: _far_exp_rule's product apart) or e = exp(-z) is 0,
# where the product underflows, and logistic_array's own where exp(-z) would overflow or z is NaN
LOGISTIC_CASES = {
    "moderate": (_Z, _W, [True]),
    "zero in the cotangent": (_Z, np.where(_W > 0.5, 0.0, _W), [False]),
    "far": (_NEAR, _W, [False]),
    "saturated": (np.where(_Z > 1.0, 800.0, _Z), _W, [False]),
    "underflow": (_Z, 1e-307 * _W, [False]),
    "below -709": (np.where(_Z > 1.0, -800.0, _Z), _W, []),
    "nan": (np.where(_Z > 1.0, np.nan, _Z), _W, []),
}


@pytest.mark.parametrize("case", list(LOGISTIC_CASES))
def test_the_replayed_logistic_gives_the_recording_bit_for_bit(monkeypatch, case):
    z, w, one_pass = LOGISTIC_CASES[case]
    taken = []
    jf = wg.jit(_logistic_loss)
    wg.value_and_grad(jf, argnums=(0, 1))(_Z + 0.5, _W)  # records
    jf(_Z + 0.5, _W)                                     # records the values only
    _counting(monkeypatch, "logistic_cotangent", taken)
    got = wg.value_and_grad(jf, argnums=(0, 1))(z, w)   # replays (the one pass read when built)
    got_value = jf(z, w)                                 # replays the values only
    monkeypatch.undo()
    want = wg.value_and_grad(_logistic_loss, argnums=(0, 1))(z, w)
    assert jf.stats["replays"] == 2 and len(_logistic_steps(jf)) == 1
    assert taken == one_pass
    same(want, got, "value and gradient")
    same(want[0], got_value, "value")


def test_the_replayed_logistic_at_second_order_in_a_kept_pullback_and_not_fused(monkeypatch):
    jf = wg.jit(_logistic_loss)
    for z in (_Z, _Z + 1.0, _NEAR):
        same(wg.jacfwd(wg.grad(_logistic_loss))(z, _W), wg.jacfwd(wg.grad(jf))(z, _W), "Hessian")
    # a vjp's pullback called twice (the second time e is used up: the rule's path), with a
    # cotangent in Fortran order (the rule's path), and after a gradient of a call of it
    taken = []
    _counting(monkeypatch, "logistic_cotangent", taken)
    jh = wg.jit(wg.logistic)
    for z in (_Z, _Z + 1.0, _NEAR):
        out, pullback = wg.vjp(jh, z)
        first = pullback(_W)
        wg.grad(lambda z: np.sum(jh(z)))(z - 1.0)
        want = wg.vjp(wg.logistic, z)[1]
        same(want(_W), first, "pullback")
        same(want(_W), pullback(_W), "pullback called again")
        same(want(np.asfortranarray(_W)), pullback(np.asfortranarray(_W)), "a cotangent in Fortran order")
        del out, pullback
    monkeypatch.undo()
    # (recorded at _Z, replayed twice: the one pass at the replays' first calls, _NEAR's refused)
    assert jh.stats["replays"] == 2 and _logistic_steps(jh)
    assert taken == [True, False]
    # not fused: float32, a 0-d array
    for z in (_Z.astype(np.float32), np.float64(0.5) * np.ones(())):
        jg = wg.jit(_logistic_loss)
        for shift in (0.0, 0.5):
            same(wg.value_and_grad(_logistic_loss)(z + shift, 2.0), wg.value_and_grad(jg)(z + shift, 2.0))
        assert jg.stats["replays"] == 1 and not _logistic_steps(jg)


# -- a cross-entropy written with wnp.log_softmax ---------------------------------------------

def _own_cross_entropy(w_first=True, constant=None, axis=None):
    def f(z, w):
        lp = wnp.log_softmax(z) if axis is None else wnp.log_softmax(z, axis=axis)
        w = w if constant is None else constant
        return -np.sum(w * lp if w_first else lp * w) / 3
    return f


def _own_cross_entropy_steps(jf):
    return [step.fun for entry in jf._cache.entries.values() if entry.program
            for step in entry.program if isinstance(step.fun, JIT._OwnCrossEntropyChain)]


_INFINITE = np.where(np.arange(12).reshape(3, 4) == 5, -np.inf, _Z)

# (f, z, w, seed, what the one pass gives): [True] G * w and the log-softmax's rule in one pass,
# [False] the rules' path, [] not tried (G * w refused); p computed by log_softmax itself where a
# row's maximum is not finite (NaN, +inf). (A 0-d array seed reaches t as a float64: taken.)
OWN_CROSS_ENTROPY_CASES = {
    "one-hot": (_own_cross_entropy(), _Z, -_ONE_HOT, 1.0, [True]),
    "dense, p * w, axis=1": (_own_cross_entropy(False, axis=1), _Z, _W, 1.0, [True]),
    "constant weights, axis=-1": (_own_cross_entropy(constant=_W, axis=-1), _Z, _W, 1.0, [True]),
    "a float64 seed": (_own_cross_entropy(), _Z, -_ONE_HOT, np.float64(-2.5), [True]),
    "an array seed": (_own_cross_entropy(), _Z, -_ONE_HOT, np.array(2.0), [True]),
    "a zero made": (_own_cross_entropy(), _LEVEL, _EQUAL, 1.0, [False]),
    "exp(p) underflows": (_own_cross_entropy(), np.where(_Z > 1.0, 800.0, _Z), _W, 1.0, [False]),
    "G * w underflows": (_own_cross_entropy(), _Z, 1e-300 * _W, 1e-20, []),
    "an entry -inf": (_own_cross_entropy(), _INFINITE, -_ONE_HOT, 1.0, [False]),  # (exp(p) 0 there)
    "a row's maximum inf": (_own_cross_entropy(), -_INFINITE, -_ONE_HOT, 1.0, [False]),
    "nan": (_own_cross_entropy(), np.where(_Z > 1.0, np.nan, _Z), -_ONE_HOT, 1.0, [False]),
    "a zero seed": (_own_cross_entropy(), _Z, -_ONE_HOT, 0.0, []),
}


@pytest.mark.parametrize("case", list(OWN_CROSS_ENTROPY_CASES))
def test_the_fused_cross_entropy_of_wnp_log_softmax_replays_the_recording_bit_for_bit(monkeypatch, case):
    f, z, w, seed, passes = OWN_CROSS_ENTROPY_CASES[case]
    taken = []
    jf = wg.jit(f)
    with np.errstate(over="ignore", invalid="ignore"):  # (exp(800), inf - inf)
        # (the gradient in z alone, from the seed: the weights w get none)
        runners.run(jf, (_Z + 0.5, _W), {}, (0,), 1.0)  # records
        jf(_Z + 0.5, _W)                                 # records the values only
        _counting(monkeypatch, "log_softmax_chain", taken)
        got = runners.run(jf, (z, w), {}, (0,), seed)  # replays
        got_value = jf(z, w)                            # replays the values only
        monkeypatch.undo()
        want = runners.run(f, (z, w), {}, (0,), seed)
        want_value = f(z, w)
    assert jf.stats["replays"] == 2 and len(_own_cross_entropy_steps(jf)) == 1
    assert taken == passes
    same(want, got, "value and gradient")
    same(want_value, got_value, "value")


def test_the_cross_entropy_of_wnp_log_softmax_at_second_order_and_not_fused():
    f = _own_cross_entropy()
    jf = wg.jit(f)
    for z in (_Z, _Z + 1.0, _Z - 1.0):
        same(wg.value_and_grad(f)(z, -_ONE_HOT), wg.value_and_grad(jf)(z, -_ONE_HOT), "gradient")
        same(wg.jacfwd(wg.grad(f))(z, -_ONE_HOT), wg.jacfwd(wg.grad(jf))(z, -_ONE_HOT), "Hessian")
        # a vjp's pullback called twice and with another seed
        out, pullback = wg.vjp(jf, z, -_ONE_HOT)
        want = wg.vjp(f, z, -_ONE_HOT)[1]
        same(want(1.0), pullback(1.0), "pullback")
        same(want(1.0), pullback(1.0), "pullback called again")
        same(want(np.float64(-2.5)), pullback(np.float64(-2.5)), "another seed")
        del out, pullback
    assert jf.stats["replays"] >= 4 and _own_cross_entropy_steps(jf)
    # not fused: the weights get a gradient, the rows along axis 0, float32, p read again
    for g, argnums, z in ((f, (0, 1), _Z), (_own_cross_entropy(axis=0), 0, _Z), (f, 0, _Z.astype(np.float32)),
                          (lambda z, w: (lambda lp: np.sum(w * lp) + np.sum(lp))(wnp.log_softmax(z)), 0, _Z)):
        jg = wg.jit(g)
        for shift in (0.0, 0.5):
            same(wg.value_and_grad(g, argnums=argnums)(z + shift, _W), wg.value_and_grad(jg, argnums=argnums)(z + shift, _W))
        assert jg.stats["replays"] == 1 and not _own_cross_entropy_steps(jg)
