"""Two runners in two threads at once: no shared mutable state but a thread-local stack."""
import threading

import numpy as np
import pytest

import wengert as wg


def test_two_runners_in_two_threads():
    results, errors = {}, []
    barrier = threading.Barrier(2, timeout=30)

    def work(name, x0):
        try:
            def f(x):
                barrier.wait()  # both tapes open at the same time
                for _ in range(2000):
                    x = wg.sin(x) * 0.5 + x * 0.5
                return x
            results[name] = wg.grad_bp(f, x0)
            results[name + "_arr"] = wg.grad_bp(lambda v: np.sum(v * v), np.full(3, x0))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n, x)) for n, x in (("a", 0.3), ("b", 0.7))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    for name, x0 in (("a", 0.3), ("b", 0.7)):
        def f(x):
            for _ in range(2000):
                x = wg.sin(x) * 0.5 + x * 0.5
            return x
        assert results[name] == wg.grad_bp(f, x0)
        np.testing.assert_array_equal(results[name + "_arr"], np.full(3, 2 * x0))


def test_many_runners_in_threads_share_the_spare_tape_arrays_safely():
    # Closed tapes hand their arrays to the next tape (a module-level spare) and the scalar
    # sweep runs without the GIL: four threads recording and sweeping in turn must each
    # get exactly the single-threaded answers.
    def f(x):
        for _ in range(3000):
            x = wg.tanh(x) * 0.9 + x * 0.05
        return x
    expected = {x0: wg.grad_bp(f, x0) for x0 in (0.1, 0.2, 0.3, 0.4)}
    seen, errors = [], []

    def work(x0):
        try:
            for _ in range(15):
                seen.append((x0, wg.grad_bp(f, x0)))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
    threads = [threading.Thread(target=work, args=(x0,)) for x0 in expected]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors and len(seen) == 60
    assert all(g == expected[x0] for x0, g in seen)


def _results_from_threads(call, n_threads=4, calls=100):
    """``call()`` made ``calls`` times in each of ``n_threads`` threads at once: the results."""
    results, errors = [], []

    def work():
        try:
            for _ in range(calls):
                results.append(call())
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
    threads = [threading.Thread(target=work) for _ in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors[:1]
    assert len(results) == n_threads * calls
    return results


def test_one_pullback_called_from_four_threads_at_once():
    # The sweep writes the tape's adjoints; concurrent sweeps of one tape take turns.
    def f(x):
        for _ in range(30):
            x = np.sin(x) * 0.5 + x * 0.5
        return np.sum(x)
    _, pullback = wg.vjp(f, np.linspace(0.0, 1.0, 50))
    expected = pullback(1.0)[0]
    results = _results_from_threads(lambda: pullback(1.0)[0])
    wrong = sum(not np.array_equal(g, expected) for g in results)
    assert not wrong, f"{wrong} of {len(results)} gradients were wrong"


def test_one_linearized_jvp_called_from_four_threads_at_once():
    _, f_jvp = wg.linearize(lambda x: np.sin(x) * x, np.linspace(0.0, 1.0, 20))
    v = np.ones(20)
    expected = f_jvp(v)
    for r in _results_from_threads(lambda: f_jvp(v), calls=50):
        np.testing.assert_array_equal(r, expected)


def test_a_pullback_called_from_its_own_sweep_is_refused():
    calls = []

    @wg.primitive
    def echo(x):
        return x

    def rule(ans, x):
        def pullback(g):
            calls.append(1)
            return outer_pullback(g)[0]
        return pullback
    wg.defvjp(echo, rule)
    _, outer_pullback = wg.vjp(lambda x: echo(x) * 2.0, 3.0)
    with pytest.raises(RuntimeError, match="inside its own sweep"):
        outer_pullback(1.0)
