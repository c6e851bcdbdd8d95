"""A typed use of wengert's public API: mypy --strict checks this file in CI.

The gradients keep their argument's type (``grad_bp(f, x: T) -> T``), so a dataclass of
parameters comes back as that dataclass, and two arguments give a tuple of both types.
tests/test_typing.py runs it too.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Tuple

import numpy as np

import wengert as wg

if TYPE_CHECKING:
    from typing_extensions import assert_type
else:
    def assert_type(value, _type):
        return value


@dataclass
class Params:
    w: np.ndarray
    b: float


def loss(p: Any, x: np.ndarray) -> Any:  # p is a Var holding Params while recorded
    return np.sum((x @ p.w + p.b) ** 2)


def main() -> Tuple[Params, float]:
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    p = Params(np.array([0.5, -0.5]), 0.1)
    g = wg.grad_bp(lambda q: loss(q, x), p)
    assert_type(g, Params)
    value, g2 = wg.backprop(lambda q: loss(q, x), p)
    assert_type(g2, Params)
    ga, gb = wg.grad_bp(lambda a, b: a * b, 2.0, 3.0)
    assert_type(ga, float)
    assert_type(gb, float)
    plain: float = wg.eval_bp(lambda a: a * 2.0, 1.5)
    frozen = wg.stop_gradient(p)
    assert_type(frozen, Params)
    step: Callable[..., Any] = wg.grad(loss)
    opt = wg.optim.Adam(0.1)
    state = opt.init(p)
    state, p = opt.update(g, state, p)
    wg.testing.check_grads(lambda a: a * a, 1.0)  # raises if a derivative is wrong
    return p, plain + ga + gb + float(value) + float(np.sum(step(p, x).w)) + protocol_and_lifts(p)


def protocol_and_lifts(p: Params) -> float:
    """The gradient protocol, lenses, lifted ops and transforms keep or state their types."""
    z = wg.zero(p)
    assert_type(z, Params)
    total = wg.add({"a": 1.0}, {"a": 2.0})
    assert_type(total, dict[str, float])
    assert_type(wg.scale(p, 0.5), Params)
    w_lens: wg.Lens = wg.at.w
    moved = wg.set_var(p, wg.at.b, 2.0)
    assert_type(moved, Params)
    assert_type(wg.over(p, w_lens, lambda w: w * 2.0), Params)
    cube = wg.op1(lambda x: (x ** 3, lambda dy: dy * 3 * x ** 2))
    lifted: Callable[[Any], Any] = cube
    curvature = wg.hvp(lambda v: np.sum(v ** 3), np.array([1.0, 2.0]), np.array([1.0, 1.0]))
    assert_type(curvature, np.ndarray)  # hvp(f, x: T, v: T) -> T
    value, tangent = wg.jvp(lambda a: a * a, (3.0,), (1.0,))
    kinds: dict[str, str] = wg.numpy.supported()
    return (float(wg.view(p, "b")) + float(wg.grad_bp(lifted, 2.0)) + float(tangent)
            + float(np.sum(curvature)) + float(len(kinds) > 0) + float(np.sum(z.w)))


if __name__ == "__main__":
    print(main())
