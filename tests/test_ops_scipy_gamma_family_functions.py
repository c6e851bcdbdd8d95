"""SciPy functions: the gamma-family distribution functions
``chdtr chdtrc chdtri gdtr gdtrc pdtr pdtrc pdtri`` (gammainc, gammaincc and gammainccinv of
scaled arguments: their rules, in every continuous argument; the shapes at first order only,
a count refused), ``sindg cosdg tandg cotdg``, ``powm1``, ``yv`` and ``kn`` (in x), and
``scipy.linalg`` ``eigvalsh svdvals norm``.

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode, complex inputs where SciPy takes them);
below, the derivatives in the shape parameters (first order: their second is refused), the
values at the switching points, and the refusals.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.linalg as sl  # noqa: E402
import scipy.special as sc  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy.linalg as wsl  # noqa: E402
from opcheck import case, gradient_test, rand  # noqa: E402
from wengert.testing import check_grads  # noqa: E402

X = np.array([0.3, 1.7, 4.0])
SPD = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, -0.4], [0.5, -0.4, 2.0]])
A = np.array([[1.0, -2.0, 0.5], [0.3, 1.5, 2.0], [-1.2, 0.4, 0.7], [0.6, 0.1, -0.8]])

#: the scipy.linalg functions added here (tests/test_ops_scipy_linalg.py lists them)
LINALG_NAMES = ("eigvalsh", "svdvals", "norm")

CASES = [
    # the distribution functions, in x (their shapes below: first order)
    case(sc.chdtr, lambda x: sc.chdtr(np.array([1.0, 2.0, 5.5]), x), X, id="chdtr-x"),
    case(sc.chdtrc, lambda x: sc.chdtrc(3.3, x), X, id="chdtrc-x"),
    case(sc.chdtri, lambda p: sc.chdtri(np.array([[1.0], [4.5]]), p), np.array([0.1, 0.5, 0.93]), id="chdtri-p"),
    case(sc.gdtr, lambda a, x: sc.gdtr(a, 2.5, x), np.array([0.5, 1.3, 2.0]), X, id="gdtr-rate-x"),
    case(sc.gdtrc, lambda a, x: sc.gdtrc(a, np.array([[0.7], [3.0]]), x), 1.4, X, id="gdtrc-rate-x"),
    case(sc.pdtr, lambda m: sc.pdtr(np.array([0, 2, 7]), m), X, id="pdtr-m"),
    case(sc.pdtrc, lambda m: sc.pdtrc(3, m), X, id="pdtrc-m"),
    case(sc.pdtri, lambda y: sc.pdtri(np.array([0, 2, 7]), y), np.array([0.1, 0.5, 0.93]), id="pdtri-y"),
    # trigonometric functions of degrees (the multiples of 90 included), x^y - 1, Bessel Y and K
    case(sc.sindg, sc.sindg, np.array([-90.0, 0.0, 30.0, 180.0, 271.0])),
    case(sc.cosdg, sc.cosdg, np.array([-90.0, 0.0, 30.0, 90.0, 271.0])),
    case(sc.tandg, sc.tandg, np.array([-45.0, 0.0, 30.0, 180.0, 100.0])),
    case(sc.cotdg, sc.cotdg, np.array([-45.0, 90.0, 30.0, 270.0, 100.0])),
    case(sc.sindg, sc.sindg, 37.0, id="sindg-float"), case(sc.tandg, sc.tandg, np.zeros((0,)), id="tandg-empty"),
    case(sc.powm1, sc.powm1, rand((3,), 0.2, 2.0, seed=1), rand((2, 1), -1.5, 1.5, seed=2), id="powm1"),
    case(sc.powm1, lambda y: sc.powm1(np.array([0.5, 1.0, 3.0]), y), np.array([0.0, 1e-12, -0.7]),
         id="powm1-y-at-0"),
    case(sc.powm1, lambda x: sc.powm1(x, np.array([2.0, 3.0, 1.0])), np.array([-1.5, 0.0, 0.0]),
         id="powm1-x-negative-and-0"),
    case(sc.yv, lambda x: sc.yv(np.array([-1.5, 0.0, 2.3]), x), rand((2, 3), 0.4, 3.0, seed=3), id="yv"),
    case(sc.yv, lambda x: sc.yv(1.0, x), 2.2, id="yv-float"),
    case(sc.kn, lambda x: sc.kn(np.array([-1, 0, 3]), x), rand((3,), 0.4, 3.0, seed=4), id="kn"),
    # scipy.linalg
    case(wsl.eigvalsh, wsl.eigvalsh, SPD, id="eigvalsh"),
    case(wsl.eigvalsh, lambda a: wsl.eigvalsh(a, lower=False), SPD + 0.1 * np.triu(np.ones((3, 3)), 1),
         id="eigvalsh-upper"),
    case(wsl.eigvalsh, wsl.eigvalsh, SPD + 1j * np.array([[0.0, 0.3, -0.2], [-0.3, 0.0, 0.1], [0.2, -0.1, 0.0]]),
         id="eigvalsh-complex"),
    case(wsl.svdvals, wsl.svdvals, A, id="svdvals"), case(wsl.svdvals, wsl.svdvals, A.T + 0.5j * A.T, id="svdvals-complex"),
    case(wsl.norm, wsl.norm, A, id="norm-fro"),
    case(wsl.norm, lambda a: wsl.norm(a, 1, axis=-1), A, id="norm-1-axis-1"),
    case(wsl.norm, lambda a: wsl.norm(a, 2), A, id="norm-2"),
    case(wsl.norm, lambda a: wsl.norm(a, np.inf, axis=0, keepdims=True), A, id="norm-inf-axis0"),
    case(wsl.norm, lambda a: wsl.norm(a, "nuc"), A, id="norm-nuc"),
    case(wsl.norm, wsl.norm, A[0] + 1j * A[1], id="norm-vector-complex"),
]

test_gradient = gradient_test(CASES)


@pytest.mark.parametrize("call, args", [
    (lambda v, x: sc.chdtr(v, x), (np.array([1.0, 3.3, 12.0]), np.array([0.4, 2.0, 30.0]))),
    (lambda v, x: sc.chdtrc(v, x), (np.array([1.0, 3.3, 12.0]), np.array([0.4, 2.0, 30.0]))),
    (lambda v, p: sc.chdtri(v, p), (np.array([1.0, 3.3, 12.0]), np.array([0.1, 0.5, 0.97]))),
    (lambda a, b, x: sc.gdtr(a, b, x), (np.array([0.5, 1.3, 2.0]), np.array([0.7, 2.5, 9.0]), X)),
    (lambda a, b, x: sc.gdtrc(a, b, x), (np.array([0.5, 1.3, 2.0]), np.array([0.7, 2.5, 9.0]), X)),
])
def test_distribution_functions_in_their_shapes(call, args):
    # first order in every argument, both modes, against central differences; the mixed second
    # derivative of the shape with the others, and the shape's own
    check_grads(call, *args, modes=("rev", "fwd"))
    rest = args[:1] + args[2:] if len(args) == 3 else args[1:]
    shape_at = 1 if len(args) == 3 else 0

    def d_shape(*others):
        full = list(others)
        full.insert(shape_at, args[shape_at])
        return wg.grad(lambda s: np.sum(call(*(full[:shape_at] + [s] + full[shape_at + 1:]))))(args[shape_at])
    check_grads(d_shape, *rest, modes=("rev", "fwd"))
    check_grads(lambda s: np.sum(call(*(list(args[:shape_at]) + [s] + list(args[shape_at + 1:])))), args[shape_at],
                order=2, modes=("rev", "fwd"))


def test_distribution_functions_are_the_gamma_functions_and_their_derivatives():
    # mpmath at 50 digits: d/dv gammainc(v/2, x/2) at (3.3, 1.7) (mp.diff); chdtri's d/dv is gammaincinv's
    assert float(wg.grad(lambda v: sc.chdtr(v, 1.7))(3.3)) == pytest.approx(-0.16574378617961632, rel=1e-12, abs=0)
    assert float(wg.grad(lambda v: sc.chdtri(v, 0.4))(3.3)) == pytest.approx(
        float(wg.grad(lambda a: 2.0 * sc.gammainccinv(a / 2.0, 0.4))(3.3)), rel=1e-15)
    # pdtr in m is -density(k + 1, m): e^-m m^k / k!; at m = 0 and k = 0 it is -1
    assert float(wg.grad(lambda m: sc.pdtr(2, m))(1.5)) == pytest.approx(-np.exp(-1.5) * 1.5 ** 2 / 2.0, rel=1e-15, abs=0)
    assert float(wg.grad(lambda m: sc.pdtr(0, m))(0.0)) == -1.0
    # at the end of the support: chdtr(2, x) = 1 - e^(-x/2), so 1/2 at x = 0; 0 for df = 4
    assert float(wg.grad(lambda x: sc.chdtr(2.0, x))(0.0)) == 0.5
    assert float(wg.grad(lambda x: sc.chdtr(4.0, x))(0.0)) == 0.0


def test_switching_points_and_refusals():
    # the multiples of 90 degrees: SciPy's exact zeros, and tan's pole
    assert float(wg.grad(sc.sindg)(90.0)) == 0.0 and float(wg.grad(sc.cosdg)(180.0)) == 0.0
    assert float(wg.grad(sc.tandg)(90.0)) == np.inf
    # powm1 at x = 0: d/dy 0**y = 0 for y > 0, d/dx = y x^(y-1): 1 at y = 1, 0 above; at y = 0, log x
    assert float(wg.grad(lambda y: sc.powm1(0.0, y))(2.0)) == 0.0
    assert float(wg.grad(lambda x: sc.powm1(x, 1.0))(0.0)) == 1.0
    assert float(wg.grad(lambda y: sc.powm1(3.0, y))(0.0)) == pytest.approx(np.log(3.0), rel=1e-15, abs=0)
    with pytest.raises(ValueError, match="powm1.*x < 0"):
        wg.grad(lambda y: sc.powm1(-2.0, y))(2.0)
    for call, argument in ((lambda k: sc.pdtr(k, 1.0), "k (argument 0)"), (lambda k: sc.pdtrc(k, 1.0), "k (argument 0)"),
                           (lambda k: sc.pdtri(k, 0.5), "k (argument 0)"), (lambda n: sc.kn(n, 1.0), "order"),
                           (lambda v: sc.yv(v, 1.0), "order")):
        with pytest.raises(wg.NoGradientRule, match=argument.replace("(", r"\(").replace(")", r"\)")):
            wg.grad(call)(2.0)


def test_linalg_values_are_scipys_and_refusals():
    np.testing.assert_allclose(wsl.eigvalsh(SPD), sl.eigvalsh(SPD), rtol=1e-14)
    np.testing.assert_allclose(wsl.svdvals(A), sl.svdvals(A), rtol=1e-14)
    for args in ((None, None), (1, -1), (2, None), ("nuc", None), (np.inf, 0)):
        np.testing.assert_allclose(wsl.norm(A, *args), sl.norm(A, *args), rtol=1e-14)
    with pytest.raises(ValueError, match="generalized"):
        wsl.eigvalsh(SPD, np.eye(3))
