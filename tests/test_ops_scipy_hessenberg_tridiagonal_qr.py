"""SciPy functions: ``scipy.linalg``'s ``hessenberg`` (real, where the Householder
reduction is smooth; refused where LAPACK's reflections switch), ``eigh_tridiagonal``
(eigenvalues always, eigenvectors of distinct eigenvalues) and ``qr_multiply`` (tall, square
and wide ``a``, both modes); the integer-only constructors (``dft``, ``hadamard``, ...: plain
values inside a differentiated function, a Var refused).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode); below, the values against SciPy's and
the refusals at the points where a rule does not hold.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.linalg as sl  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy.linalg as wsl  # noqa: E402
from opcheck import case, gradient_test, listing_test, rand  # noqa: E402
from wengert.ops.scipy_linalg import eigenvector_driver  # noqa: E402

LINALG = ("hessenberg", "eigh_tridiagonal", "qr_multiply")


def _weighted(f, shape, seed):
    weights = rand(shape, seed=seed)
    return lambda *args: np.sum(weights * f(*args))


def _general(n, seed):
    return np.random.default_rng(seed).normal(size=(n, n))


def _tridiagonal(n, seed):
    rng = np.random.default_rng(seed)
    return rng.normal(size=n), rng.normal(size=max(n - 1, 0))


D4, E4 = _tridiagonal(4, 140)


def _sign_blind(d, e):
    """The eigenvectors, each times its own first entry (blind to their signs)."""
    v = wsl.eigh_tridiagonal(d, e)[1]
    return v * v[:1]


CASES = [
    # -- hessenberg: H, Q, both; sizes 1 to 5 (1 and 2: their own form)
    *[case(wsl.hessenberg, _weighted(wsl.hessenberg, (n, n), seed=130 + n), _general(n, seed=n), id=f"hessenberg-{n}-H")
      for n in (1, 2, 3, 4, 5)],
    *[case(wsl.hessenberg, _weighted(lambda a: wsl.hessenberg(a, calc_q=True)[1], (n, n), seed=135 + n),
           _general(n, seed=n), id=f"hessenberg-{n}-Q") for n in (2, 3, 4, 5)],
    case(wsl.hessenberg, lambda a: wsl.hessenberg(a, calc_q=True)[0] @ wsl.hessenberg(a, calc_q=True)[1],
         _general(4, seed=9), id="hessenberg-both"),
    # -- eigh_tridiagonal: values, vectors, both; sizes 1 to 4; a subset of the values
    *[case(wsl.eigh_tridiagonal, lambda d, e: wsl.eigh_tridiagonal(d, e, eigvals_only=True), *_tridiagonal(n, 141 + n),
           id=f"eigh_tridiagonal-{n}-values") for n in (1, 2, 4)],
    # (functions of the eigenvectors blind to their signs, which LAPACK picks: SciPy 1.13's stemr
    # flips some under perturbations of 1e-6)
    *[case(wsl.eigh_tridiagonal, _weighted(_sign_blind, (n, n), seed=145 + n),
           *_tridiagonal(n, 146 + n), id=f"eigh_tridiagonal-{n}-vectors") for n in (2, 3, 5)],
    case(wsl.eigh_tridiagonal, lambda d, e: wsl.eigh_tridiagonal(d, e)[0] * wsl.eigh_tridiagonal(d, e)[1][0] ** 2,
         D4, E4, id="eigh_tridiagonal-both"),
    case(wsl.eigh_tridiagonal,
         lambda d, e: wsl.eigh_tridiagonal(d, e, eigvals_only=True, select="i", select_range=(1, 2)), D4, E4,
         id="eigh_tridiagonal-select-i"),
    case(wsl.eigh_tridiagonal, lambda d: wsl.eigh_tridiagonal(d, np.array([0.5, 0.0, 0.3]), eigvals_only=True),
         np.array([1.0, 2.0, 1.0, 2.0]), id="eigh_tridiagonal-zero-in-e-repeated-values"),
    # -- qr_multiply: tall, square, wide; left and right; 1-d and 2-d c; conjugate (real: the same)
    *[case(wsl.qr_multiply, lambda a, c, mode=mode: wsl.qr_multiply(a, c, mode=mode)[0] ** 2
           + np.sum(wsl.qr_multiply(a, c, mode=mode)[1]), rand((m, n), seed=150 + m + n), rand(cshape, seed=151),
           id=f"qr_multiply-{m}x{n}-{mode}-{cshape}")
      for (m, n), mode, cshape in (((4, 3), "left", (3, 2)), ((4, 3), "right", (2, 4)), ((4, 3), "right", (4,)),
                                   ((3, 3), "left", (3,)), ((3, 3), "right", (1, 3)), ((2, 4), "left", (2, 3)),
                                   ((2, 4), "right", (3, 2)), ((1, 3), "right", (1,)))],
    case(wsl.qr_multiply, lambda a, c: wsl.qr_multiply(a, c, mode="left", conjugate=True)[0], rand((3, 2), seed=152),
         rand((2,), seed=153), id="qr_multiply-conjugate"),
]

test_gradient = gradient_test(CASES)
test_every_function_is_listed_and_has_a_case = listing_test([f"linalg.{n}" for n in LINALG],
                                                           [getattr(wsl, n) for n in LINALG], CASES)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 6])
def test_hessenberg_is_scipys(n):
    a = _general(n, seed=20 + n)
    np.testing.assert_array_equal(wsl.hessenberg(a), sl.hessenberg(a))
    for ours, theirs in zip(wsl.hessenberg(a, calc_q=True), sl.hessenberg(a, calc_q=True)):
        np.testing.assert_array_equal(ours, theirs)


def test_hessenberg_is_refused_where_the_reduction_jumps():
    tridiagonal = np.diag([1.0, 2.0, 3.0]) + np.diag([0.5, 0.7], 1) + np.diag([0.4, 0.6], -1)
    with pytest.raises(np.linalg.LinAlgError, match="already 0"):
        wg.grad_bp(lambda a: np.sum(wsl.hessenberg(a)), tridiagonal)
    at_zero = np.array([[1.0, 2.0, 3.0], [0.0, 5.0, 6.0], [3.0, 1.0, 2.0]])  # the entry reflected onto
    with pytest.raises(np.linalg.LinAlgError, match="entry it reflects onto is 0"):
        wg.grad_bp(lambda a: np.sum(wsl.hessenberg(a)), at_zero)
    with pytest.raises(wg.NoGradientRule, match="complex"):
        wg.grad_bp(lambda a: np.sum(np.abs(wsl.hessenberg(a))), _general(3, 1) + 1j * _general(3, 2))
    # the jump is real: H[1, 0] changes sign across the refused point
    nudged = [sl.hessenberg(at_zero + s * 1e-9 * np.eye(3, k=-1))[1, 0] for s in (1.0, -1.0)]
    assert nudged[0] * nudged[1] < 0
    # sizes 1 and 2 are their own form: nothing is refused
    two = np.array([[1.0, 2.0], [0.0, 3.0]])
    np.testing.assert_array_equal(wg.grad_bp(lambda a: np.sum(wsl.hessenberg(a)), two), np.ones((2, 2)))


@pytest.mark.parametrize("n", [1, 2, 5])
def test_eigh_tridiagonal_is_scipys(n):
    d, e = _tridiagonal(n, 30 + n)
    ours, theirs = wsl.eigh_tridiagonal(d, e), sl.eigh_tridiagonal(d, e)
    if eigenvector_driver("auto") == "stevd":
        np.testing.assert_array_equal(ours[0], theirs[0])
        np.testing.assert_array_equal(ours[1], theirs[1])
    else:  # SciPy 1.13's 'auto' is stemr, whose signs jump: wengert takes stev's vectors
        np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-13, atol=1e-13)
        signs = np.sign(np.sum(ours[1] * theirs[1], axis=0))
        np.testing.assert_allclose(ours[1] * signs, theirs[1], atol=1e-12)
    np.testing.assert_array_equal(wsl.eigh_tridiagonal(d, e, eigvals_only=True),
                                  sl.eigh_tridiagonal(d, e, eigvals_only=True))
    if n > 2:
        np.testing.assert_array_equal(
            wsl.eigh_tridiagonal(d, e, eigvals_only=True, select="i", select_range=(1, 2)),
            sl.eigh_tridiagonal(d, e, eigvals_only=True, select="i", select_range=(1, 2)))


def test_eigh_tridiagonal_refusals():
    d, e = np.array([1.0, 2.0, 1.0]), np.array([0.0, 0.0])  # diag(1, 2, 1): 1 repeated
    with pytest.raises(np.linalg.LinAlgError, match="repeated"):
        wg.grad_bp(lambda d: np.sum(wsl.eigh_tridiagonal(d, e)[1] ** 3), d)
    # the eigenvalues alone: defined (the diagonal's own)
    np.testing.assert_allclose(wg.grad_bp(lambda d: np.sum(wsl.eigh_tridiagonal(d, e, eigvals_only=True) ** 2), d),
                               2 * d, rtol=1e-15)
    with pytest.raises(ValueError, match="select='v' is not supported"):
        wsl.eigh_tridiagonal(d, e, select="v", select_range=(0.0, 1.5))
    with pytest.raises(ValueError, match="eigvals_only=True only"):
        wsl.eigh_tridiagonal(d, e, select="i", select_range=(0, 1))
    with pytest.raises(ValueError, match="out of bounds"):
        wsl.eigh_tridiagonal(d, e, eigvals_only=True, select="i", select_range=(1, 3))
    with pytest.raises(ValueError, match="one entry"):
        wsl.eigh_tridiagonal(d, np.ones(3))


@pytest.mark.parametrize("shape, mode, cshape", [((4, 3), "left", (3, 2)), ((4, 3), "right", (2, 4)),
                                                  ((4, 3), "right", (4,)), ((3, 3), "left", (3,)),
                                                  ((2, 4), "left", (2, 3)), ((2, 4), "right", (3, 2))])
def test_qr_multiply_is_scipys(shape, mode, cshape):
    a, c = rand(shape, seed=40), rand(cshape, seed=41)
    for conjugate in (False, True):
        for ours, theirs in zip(wsl.qr_multiply(a, c, mode=mode, conjugate=conjugate),
                                sl.qr_multiply(a, c, mode=mode, conjugate=conjugate)):
            assert ours.shape == theirs.shape
            np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)


def test_qr_multiply_refusals():
    a = rand((3, 2), seed=42)
    with pytest.raises(ValueError, match="not compatible"):
        wsl.qr_multiply(a, np.ones(2), mode="right")
    with pytest.raises(ValueError, match="pivoting"):
        wsl.qr_multiply(a, np.ones(3), pivoting=True)
    with pytest.raises(ValueError, match="'left' or 'right'"):
        wsl.qr_multiply(a, np.ones(3), mode="up")
    rank_one = np.outer([1.0, 2.0, 3.0], [1.0, 1.0])
    with pytest.raises(np.linalg.LinAlgError, match="rank"):
        wg.grad_bp(lambda a: np.sum(wsl.qr_multiply(a, np.ones(3))[0]), rank_one)

# -- integer-only constructors: plain values inside a differentiated function; a Var refused --------

@pytest.mark.parametrize("name, call", [("dft", lambda f: f(3)), ("hadamard", lambda f: f(4)), ("helmert", lambda f: f(3)),
                                        ("hilbert", lambda f: f(3)), ("invhilbert", lambda f: f(3)),
                                        ("pascal", lambda f: f(3)), ("invpascal", lambda f: f(3)),
                                        ("special.bernoulli", lambda f: f(4))])
def test_integer_constructors_work_inside_and_refuse_a_var(name, call):
    """They take integers (no gradient): called on plain ones inside a differentiated function
    they give plain values; a Var is refused, as an array SciPy converts (the message names
    the function), as an integer it indexes with, or (special.bernoulli) by SciPy's check."""
    import scipy.special as sc

    f = getattr(sc, "bernoulli") if name == "special.bernoulli" else getattr(sl, name)
    matrix = call(f)
    g = wg.grad_bp(lambda x: np.sum(np.real(x * matrix)), 2.0)
    assert g == np.sum(np.real(matrix))
    refusal = ((ValueError, "n must be a non-negative integer") if name == "special.bernoulli"  # (SciPy's own check)
               else (TypeError, f"a Var cannot be converted.*{name}|a Var cannot be used as an index"))
    with pytest.raises(refusal[0], match=refusal[1]):
        wg.grad_bp(lambda x: np.sum(np.real(f(x))), 3.0)
