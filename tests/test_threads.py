"""Two runners in two threads at once: no shared mutable state but a thread-local stack."""
import threading

import numpy as np

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
