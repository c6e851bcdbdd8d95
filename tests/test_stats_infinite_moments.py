"""An infinite moment (lomax's mean for c <= 1, genpareto's variance for 1/2 <= c < 1, f's mean
for dfd <= 2, ...) is ``inf`` on a neighbourhood of the point: a constant, with derivative 0 in
every argument, at every order, in both modes (so exp(-mean), 0 there, has its true derivative 0).
They were 0 in the shapes but 1 in loc and inf in scale (d/d scale of loc + scale inf: lomax.mean
at c = 0.5, loc 0, scale 2 had the gradient [0, 1, inf]). A finite moment next to it in the same
array keeps its own derivatives."""
import numpy as np
import pytest

import wengert as wg
from wengert.scipy import stats

INFINITE = [
    ("lomax", "mean", (0.5, 0.0, 2.0)),  # before: grad [0, 1, inf]
    ("lomax", "var", (1.5, 0.0, 2.0)),
    ("lomax", "std", (1.5, 0.0, 2.0)),
    ("genpareto", "var", (0.7, 0.0, 2.0)),
    ("f", "mean", (3.0, 1.5, 0.0, 2.0)),
    ("f", "var", (3.0, 3.0, 0.0, 2.0)),
]


@pytest.mark.parametrize("name, method, args", INFINITE, ids=[f"{c[0]}.{c[1]}" for c in INFINITE])
def test_infinite_moment_is_a_constant(name, method, args):
    f = getattr(getattr(stats, name), method)
    v = np.array(args)

    def g(v):
        return f(*v)
    assert g(v) == np.inf
    eye = np.eye(len(v))
    for path, got in {"rev": wg.grad(g)(v), "fwd": [wg.jvp(g, (v,), (e,))[1] for e in eye],
                      "rev(rev)": wg.hessian(g)(v), "fwd(rev)": [wg.jvp(wg.grad(g), (v,), (e,))[1] for e in eye]}.items():
        assert np.all(np.asarray(got) == 0), (path, got)


def test_finite_moment_beside_an_infinite_one_keeps_its_derivative():
    c = np.array([0.5, 3.0])  # lomax.mean: inf, then scale / (c - 1) = 1 at scale 2
    for jacobian in (wg.jacobian, wg.jacfwd):
        got = jacobian(lambda s: stats.lomax.mean(c, 0.0, s))(2.0)
        assert got[0] == 0 and got[1] == 0.5, got
    got = wg.jacobian(lambda c: stats.lomax.mean(c, 0.0, 2.0))(c)
    assert got[0, 0] == 0 and got[1, 1] == pytest.approx(-0.5, rel=1e-15) and got[0, 1] == 0 and got[1, 0] == 0
