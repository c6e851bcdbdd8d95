"""Bad input gets a clear error that says what happened and what to do."""
import threading

import numpy as np
import pytest

import wengert as wg


def test_escaped_var_raises():
    leaked = []
    wg.grad_bp(lambda x: leaked.append(x) or x * 2.0, 1.0)
    with pytest.raises(wg.EscapedVarError, match="escaped its runner"):
        leaked[0] * 2.0
    with pytest.raises(wg.EscapedVarError):
        np.exp(leaked[0] + np.ones(1))


def test_escaped_array_var_raises():
    leaked = []
    wg.grad_bp(lambda x: leaked.append(x) or np.sum(x), np.ones(2))
    with pytest.raises(wg.EscapedVarError):
        np.exp(leaked[0])
    assert "closed" in repr(leaked[0])


def test_missing_rule_names_the_op_and_how_to_register():
    with pytest.raises(wg.NoGradientRule, match=r"numpy\.\w+.*wengert\.defvjp"):
        wg.grad_bp(lambda x: np.sum(np.add.reduceat(x, [0, 2])), np.array([0.1, 0.5, 0.9]))


def test_missing_rule_for_one_argument():
    prim = wg.primitive(lambda x, y: x * y)
    wg.defvjp(prim, lambda ans, x, y: lambda g: g * y)
    assert wg.grad_bp(lambda x: prim(x, 2.0), 3.0) == 2.0
    with pytest.raises(wg.NoGradientRule, match="argument 1"):
        wg.grad_bp(lambda y: prim(2.0, y), 3.0)


def test_non_scalar_output_without_seed():
    with pytest.raises(wg.SeedRequired, match=r"shape \(3,\).*seed="):
        wg.grad_bp(lambda x: x * 2.0, np.ones(3))
    with pytest.raises(wg.SeedRequired):
        wg.grad_bp(lambda x: (x, x), 1.0)


def test_int_argument():
    with pytest.raises(TypeError, match=r"Pass 2\.0"):
        wg.grad_bp(lambda x: x * x, 2)
    with pytest.raises(TypeError, match="floating dtype"):
        wg.grad_bp(lambda x: np.sum(x), np.arange(3))


def test_type_without_protocol_instance():
    class Opaque:
        pass
    with pytest.raises(wg.NoProtocolInstance, match="wengert.register"):
        wg.grad_bp(lambda o: 1.0, Opaque())


def test_float_conversion_of_a_var_is_refused():
    import math
    with pytest.raises(TypeError, match="math.exp"):
        wg.grad_bp(lambda x: math.exp(x), 1.0)


def test_setitem_is_refused_with_a_fix():
    def f(x):
        x[0] = 1.0
        return np.sum(x)
    with pytest.raises(TypeError, match="immutable"):
        wg.grad_bp(f, np.ones(2))


def test_out_argument_is_refused():
    def f(x):
        out = np.empty(2)
        np.exp(x, out=out)
        return np.sum(out)
    with pytest.raises(TypeError, match="out="):
        wg.grad_bp(f, np.ones(2))
    with pytest.raises(TypeError, match="out="):  # array functions too, not only ufuncs
        wg.grad_bp(lambda x: np.sum(x, out=np.empty(())), np.ones(2))


def test_a_var_as_a_keyword_argument_says_so():
    with pytest.raises(wg.NoGradientRule, match="keyword argument"):
        wg.grad_bp(lambda v: np.std(v, mean=np.mean(v, keepdims=True)), np.ones(3))


def test_setting_an_element_names_the_alternatives():
    def f(x):
        x[0] = 1.0
        return np.sum(x)
    with pytest.raises(TypeError, match=r"x\.at\[i\]\.set\(y\).*set_var"):
        wg.grad_bp(f, np.ones(2))


def test_vars_of_another_thread_cannot_be_mixed():
    box = {}
    started, release = threading.Event(), threading.Event()

    def other(x):
        box["var"] = x
        started.set()
        release.wait(10)
        return x * 1.0

    t = threading.Thread(target=wg.grad_bp, args=(other, 1.0))
    t.start()
    started.wait(10)
    try:
        with pytest.raises(wg.MixedTapesError, match="unrelated"):
            wg.grad_bp(lambda y: np.multiply(y, box["var"]) + y, np.ones(2))
    finally:
        release.set()
        t.join()


def test_python_float_semantics_kept():
    with pytest.raises(ZeroDivisionError):
        wg.grad_bp(lambda x: x / 0.0, 1.0)
    with pytest.raises(ValueError, match="domain"):
        wg.grad_bp(lambda x: wg.log(x), -1.0)
    with pytest.raises(ValueError, match="complex"):
        wg.grad_bp(lambda x: x ** 0.5, -1.0)
    with pytest.raises(ValueError):
        wg.log(0.0)


def test_var_cannot_be_constructed_or_pickled():
    import pickle
    with pytest.raises(TypeError, match="runners"):
        wg.Var()
    box = []
    with pytest.raises(TypeError, match="pickle"):
        wg.grad_bp(lambda x: box.append(pickle.dumps(x)) or x, 1.0)


def test_array_conversion_is_refused():
    with pytest.raises(TypeError, match="stack"):
        wg.grad_bp(lambda x, y: np.sum(np.array([x, y])), 1.0, 2.0)


@pytest.mark.parametrize("seed", [np.ones(4), np.ones((2, 4)), 1.0])
def test_a_seed_of_the_wrong_shape_is_refused_with_the_shapes(seed):
    x, b = np.ones((3, 4)), np.ones(4)
    with pytest.raises(ValueError, match=r"seed has shape .* output has shape \(3, 4\)"):
        wg.grad_bp(lambda x, b: x + b, x, b, seed=seed)
    _, pullback = wg.vjp(lambda x, b: x + b, x, b)
    with pytest.raises(ValueError, match="must have its shape"):
        pullback(seed)
