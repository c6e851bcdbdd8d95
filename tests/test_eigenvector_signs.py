"""Eigenvector and singular-vector signs at structured inputs (diagonal, triangular,
tridiagonal, bidiagonal, block-diagonal matrices).

LAPACK's reductions skip a reflection at a column that is already zero, take a reflection's
sign from an entry that is exactly zero, and split a tridiagonal or bidiagonal matrix at a
zero entry; a perturbation of those zeros, however small, flips the sign of some vectors
(measured below: ``test_lapack_vectors_jump_at_structured_inputs``). A function of the
vectors that sees their signs is then discontinuous, and the rules used to return the
derivative of one side without an error (a 4x4 tridiagonal eigh: 0.30 against -1.65 by
central differences). They refuse now (``LinAlgError``) wherever the input has an exact
zero (conservative); losses blind to the signs through the eigenvalues or singular values
alone, and every loss at inputs without zeros, keep their gradients, to every order.
"""
import numpy as np
import pytest

import wengert as wg
from wengert.testing import check_grads

sl = pytest.importorskip("scipy.linalg")
wsl = pytest.importorskip("wengert.scipy.linalg")

N = 4
RNG = np.random.default_rng(7)
C = RNG.standard_normal((N, N))
_R = RNG.standard_normal((N, N))
SYM = _R + _R.T
BLOCKS = np.kron(np.eye(2), np.ones((N // 2, N // 2)))

#: symmetric inputs with exact zeros (distinct eigenvalues), each a point where LAPACK's
#: eigh jumps (diagonal, tridiagonal, block-diagonal, a zero subdiagonal entry, a first
#: column already reduced)
SYMMETRIC = {
    "diagonal": np.diag([1.3, -0.4, 2.6, 0.9]),
    "tridiagonal": np.triu(np.tril(SYM, 1), -1),
    "block-diagonal": SYM * BLOCKS,
    "zero-subdiagonal": np.where(np.isin(np.add.outer(np.arange(N), np.arange(N)), [1]) & (np.abs(
        np.subtract.outer(np.arange(N), np.arange(N))) == 1), 0.0, SYM),
    "first-column-reduced": np.where((np.add.outer(np.arange(N), np.arange(N)) >= 2)
                                     & (np.minimum.outer(np.arange(N), np.arange(N)) == 0), 0.0, SYM),
}
#: general inputs with exact zeros (distinct singular values), where LAPACK's svd jumps
GENERAL = {
    "diagonal": np.diag([1.3, -0.4, 2.6, 0.9]),
    "upper-triangular": np.triu(_R) + np.diag([3.0, -2.0, 1.0, 4.0]),
    "bidiagonal": np.triu(np.tril(_R, 1)) + np.diag([3.0, -2.0, 1.0, 4.0]),
    "block-diagonal": _R * BLOCKS,
}
#: inputs with exact zeros and real, distinct eigenvalues, where LAPACK's eig jumps
EIG = {
    "diagonal": np.diag([1.3, -0.4, 2.6, 0.9]),
    "upper-triangular": np.triu(_R) + np.diag([3.0, -2.0, 1.0, 4.0]),
    "lower-triangular": np.tril(_R) + np.diag([3.0, -2.0, 1.0, 4.0]),
    "symmetric-tridiagonal": SYMMETRIC["tridiagonal"],
}


def _dense_symmetric(seed=3):
    r = np.random.default_rng(seed).standard_normal((N, N))
    return r + r.T


def _dense_real_spectrum(seed=4):
    rng = np.random.default_rng(seed)
    s = rng.standard_normal((N, N)) + 3.0 * np.eye(N)
    return s @ np.diag([1.0, 2.0, 3.5, -1.5]) @ np.linalg.inv(s)


def _flips(decompose, a, h=1e-9):
    """Directions (entries of ``a``, both signs) in which the vectors change sign."""
    here = decompose(a)
    found = []
    for index in np.ndindex(a.shape):
        for side in (h, -h):
            step = np.zeros_like(a)
            step[index] = side
            overlap = np.real(np.sum(np.conj(here) * decompose(a + step), axis=-2))
            if np.any(overlap < 0.5):
                found.append((index, side))
    return found


# -- the measurement: the vectors LAPACK returns do jump there ------------------------------

@pytest.mark.parametrize("kind", ["diagonal", "block-diagonal"])
def test_lapack_vectors_jump_at_structured_inputs(kind):
    # the premise of the refusals (on the LAPACK NumPy ships); at a dense input no jump
    assert _flips(lambda a: np.linalg.eigh(a)[1], SYMMETRIC[kind])
    assert _flips(lambda a: np.linalg.svd(a)[0], GENERAL[kind])
    assert not _flips(lambda a: np.linalg.eigh(a)[1], _dense_symmetric())
    assert not _flips(lambda a: np.linalg.svd(a)[0], np.random.default_rng(5).standard_normal((N, N)))


# -- sign-dependent losses at jumping inputs: refused --------------------------------------

EIGH_LOSSES = {
    "numpy": lambda a: np.sum(np.linalg.eigh(a)[1] * C),
    "numpy-upper": lambda a: np.sum(np.linalg.eigh(np.transpose(a), UPLO="U")[1] * C),  # zeros read
    "scipy": lambda a: np.sum(wsl.eigh(a)[1] * C),
    "svd-hermitian": lambda a: np.sum(np.linalg.svd(a + 10.0 * np.eye(N), hermitian=True)[0] * C),
}
SVD_LOSSES = {
    "numpy-U": lambda a: np.sum(np.linalg.svd(a)[0] * C),
    "numpy-Vh": lambda a: np.sum(np.linalg.svd(a, full_matrices=False)[2] * C),
    "scipy-U": lambda a: np.sum(wsl.svd(a)[0] * C),
}
EIG_LOSSES = {
    "numpy": lambda a: np.real(np.sum(np.linalg.eig(a)[1] * C)),
    "scipy": lambda a: np.real(np.sum(wsl.eig(a)[1] * C)),
}
#: (input, loss) pairs: each family's losses at each of its structured inputs
REFUSED = {f"{family}-{kind}-{name}": (inputs[kind], loss)
           for family, inputs, losses in (("eigh", SYMMETRIC, EIGH_LOSSES), ("svd", GENERAL, SVD_LOSSES),
                                          ("eig", EIG, EIG_LOSSES))
           for kind in inputs for name, loss in losses.items()}
MODES = {"grad": lambda f, a: wg.grad(f)(a),
         "jvp": lambda f, a: wg.jvp(f, (a,), (np.ones_like(a),)),
         "hessian-vector": lambda f, a: wg.grad(lambda x: np.sum(wg.grad(f)(x) * C))(a)}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", REFUSED)
def test_sign_dependent_loss_refused(case, mode):
    a, loss = REFUSED[case]
    # (eig's eigenvalues reached too, as SciPy's wrapper's w + 0j is in forward mode on
    # NumPy 2.0: the order's refusal)
    with pytest.raises(np.linalg.LinAlgError, match="flips the sign of some|in an order that changes"):
        MODES[mode](loss, a)


def test_eig_eigenvalue_order_jump_refused():
    # at a triangular matrix LAPACK returns the diagonal's order, which a perturbation of
    # the zeros changes: w[0] itself jumps
    a = EIG["upper-triangular"]
    order = np.linalg.eig(a)[0]
    nudged = np.linalg.eig(a + 1e-9 * np.random.default_rng(0).standard_normal((N, N)))[0]
    assert not np.allclose(order, nudged, atol=1e-6)  # the premise, measured
    with pytest.raises(np.linalg.LinAlgError, match="order"):
        wg.grad(lambda m: np.real(np.linalg.eig(m)[0][0]))(a)


def test_eigh_tridiagonal_sign_dependent_loss_refused():
    d, e = np.array([1.0, 2.0, 3.5, -1.0]), np.array([0.5, 0.0, 0.3])
    with pytest.raises(np.linalg.LinAlgError, match="flips the sign"):
        wg.grad(lambda e: np.sum(wsl.eigh_tridiagonal(d, e)[1] * C))(e)
    # blind to the signs: the eigenvalues, also at second order (eigvals_only=True)
    check_grads(lambda d: np.sum(wsl.eigh_tridiagonal(d, e, eigvals_only=True) ** 3), d,
                order=2, modes=("rev", "fwd"))


@pytest.mark.parametrize("driver", ["stemr", "stev", "auto"])
def test_eigh_tridiagonal_stemr_signs_refused_at_any_input(driver):
    # stemr's eigenvector signs flip under tiny changes of a generic e (measured: about half
    # of the nudges of 1e-7 flip one); stev's and stevd's (wengert's 'auto') do not
    from wengert.ops.scipy_linalg import eigenvector_driver
    rng = np.random.default_rng(11)
    d, e = rng.standard_normal(5), rng.standard_normal(4)
    weights = rng.standard_normal((5, 5))

    def loss(e):
        return np.sum(wsl.eigh_tridiagonal(d, e, lapack_driver=driver)[1] * weights)
    if eigenvector_driver(driver) == "stemr":
        with pytest.raises(np.linalg.LinAlgError, match="stemr"):
            wg.grad(loss)(e)
        flips = 0
        for i in range(4):
            step = np.zeros(4)
            step[i] = 1e-7
            for side in (step, -step):
                v0 = wsl.eigh_tridiagonal(d, e, lapack_driver=driver)[1]
                v1 = wsl.eigh_tridiagonal(d, e + side, lapack_driver=driver)[1]
                flips += bool(np.any(np.sum(v0 * v1, axis=0) < 0.5))
        assert flips  # the premise
    else:
        check_grads(loss, e, order=2, modes=("rev", "fwd"))
    # the eigenvalues, and sign-blind uses of stev's vectors, keep their gradients
    check_grads(lambda e: np.sum(wsl.eigh_tridiagonal(d, e, eigvals_only=True) ** 3), e, order=2)


def test_batched_stack_with_one_structured_matrix_refused():
    stack = np.stack([_dense_symmetric(1), SYMMETRIC["tridiagonal"], _dense_symmetric(2)])
    with pytest.raises(np.linalg.LinAlgError, match="flips the sign"):
        wg.grad(lambda a: np.sum(np.linalg.eigh(a)[1] * C))(stack)
    general = np.stack([np.random.default_rng(6).standard_normal((N, N)), GENERAL["bidiagonal"]])
    with pytest.raises(np.linalg.LinAlgError, match="flips the sign"):
        wg.grad(lambda a: np.sum(np.linalg.svd(a)[0] * C))(general)
    # a stack without zeros: the gradient, checked
    dense = np.stack([_dense_symmetric(1), _dense_symmetric(2)])
    check_grads(lambda a: np.sum(np.linalg.eigh(a)[1] * C), dense, order=2, modes=("rev", "fwd"))


def test_complex_hermitian_with_real_vectors_refused():
    # real eigenvectors in a complex type: the phase check sees no phase dependence of
    # Re(sum(V C)) there, but the signs still jump
    a = SYMMETRIC["tridiagonal"] + 0j
    with pytest.raises(np.linalg.LinAlgError, match="flips the sign"):
        wg.grad(lambda m: np.real(np.sum(np.linalg.eigh(m)[1] * C)))(a)


# -- what keeps its gradient ----------------------------------------------------------------

@pytest.mark.parametrize("loss", EIGH_LOSSES)
def test_eigh_dense_input_keeps_sign_dependent_gradient(loss):
    check_grads(EIGH_LOSSES[loss], _dense_symmetric(), order=2, modes=("rev", "fwd"))


@pytest.mark.parametrize("loss", SVD_LOSSES)
def test_svd_dense_input_keeps_sign_dependent_gradient(loss):
    check_grads(SVD_LOSSES[loss], np.random.default_rng(5).standard_normal((N, N)), order=2, modes=("rev", "fwd"))


@pytest.mark.parametrize("loss", EIG_LOSSES)
def test_eig_dense_input_keeps_sign_dependent_gradient(loss):
    check_grads(EIG_LOSSES[loss], _dense_real_spectrum(), order=2, modes=("rev", "fwd"))


def test_zeros_in_the_unread_triangle_are_not_refused():
    # eigh reads the lower triangle: zeros above it do not change what LAPACK sees
    a = np.tril(_dense_symmetric())
    check_grads(lambda m: np.sum(np.linalg.eigh(m)[1] * C), a, order=1)


@pytest.mark.parametrize("kind", SYMMETRIC)
def test_eigenvalues_at_structured_inputs_keep_their_gradient(kind):
    # the eigenvalues' gradient uses the vectors blind to their signs, at every order
    a = SYMMETRIC[kind]
    check_grads(lambda m: np.sum(np.linalg.eigh(m)[0] ** 3), a, order=2, modes=("rev", "fwd"))
    check_grads(lambda m: np.sum(np.linalg.eigvalsh(m) ** 3), a, order=2, modes=("rev", "fwd"))
    check_grads(lambda m: np.sum(wsl.eigh(m, eigvals_only=True) ** 3), a, order=2, modes=("rev", "fwd"))


@pytest.mark.parametrize("kind", GENERAL)
def test_singular_values_at_structured_inputs_keep_their_gradient(kind):
    a = GENERAL[kind]
    check_grads(lambda m: np.sum(np.linalg.svd(m)[1] ** 3), a, order=2, modes=("rev", "fwd"))
    check_grads(lambda m: np.sum(np.linalg.svd(m, compute_uv=False) ** 3), a, order=2, modes=("rev", "fwd"))
    check_grads(lambda m: np.linalg.norm(m, "nuc") ** 2, a, order=2, modes=("rev", "fwd"))
    check_grads(lambda m: np.linalg.norm(m, 2) ** 2, a, order=2, modes=("rev", "fwd"))


def test_eig_eigenvalues_keep_their_gradient_where_the_order_holds():
    a = _dense_real_spectrum()
    check_grads(lambda m: np.real(np.sum(np.linalg.eig(m)[0] ** 3)), a, order=2, modes=("rev", "fwd"))
    # repeated but diagonalizable, the order meaningless: the sum is the trace
    np.testing.assert_allclose(wg.grad(lambda m: np.real(np.sum(np.linalg.eigvals(m))))(np.eye(3)),
                               np.eye(3), atol=1e-15)


def test_eig_eigenvalues_of_structured_input_refused_unless_all_equal():
    # an order-dependent function of the eigenvalues jumps at a diagonal matrix too
    for a in (EIG["diagonal"], EIG["lower-triangular"]):
        with pytest.raises(np.linalg.LinAlgError, match="order"):
            wg.grad(lambda m: np.real(np.sum(np.linalg.eigvals(m) * np.arange(N))))(a)
        with pytest.raises(np.linalg.LinAlgError, match="order"):
            wg.grad(lambda m: np.real(np.sum(wsl.eigvals(m) * np.arange(N))))(a)


def test_polar_of_rectangular_input_with_zeros_keeps_its_gradient():
    # u = w @ vh and p are blind to the singular vectors' signs
    a = np.array([[2.0, 0.0, 0.5], [0.0, 3.0, 0.0]])
    weights = np.arange(6.0).reshape(2, 3)
    check_grads(lambda m: np.sum(wsl.polar(m)[0] * weights), a, order=2, modes=("rev", "fwd"))


# -- forward mode and the free phase of complex vectors --------------------------------------
# Reverse mode checks that a loss is blind to the phase of complex eigenvectors / singular
# vectors (Im diag(V^H Vbar) = 0). Forward mode transposes the pullback at a zero cotangent and
# cannot check: it computed the tangent for one phase, silently wrong for a phase-dependent
# loss (eig: -0.0047 against 0.078 by central differences; eigh 0.89 against 1.15; svd 0.20
# against -0.36). The vectors' tangent is now refused (raised where it is used); the values'
# tangents stay, and reverse over reverse gives second derivatives.

_RNG = np.random.default_rng(13)
_A = _RNG.standard_normal((3, 3)) + 1j * _RNG.standard_normal((3, 3))
_PHASE_CASES = {"eig": (lambda a: np.linalg.eig(a), _A), "eigh": (lambda a: np.linalg.eigh(a), _A + _A.conj().T),
                "svd": (lambda a: np.linalg.svd(a), _A)}
_WEIGHTS = _RNG.standard_normal((3, 3))


def _phase_losses(name):
    decompose, a = _PHASE_CASES[name]
    vectors = lambda re: decompose(re + 1j * a.imag)[0 if name == "svd" else 1]
    values = lambda re: decompose(re + 1j * a.imag)[1 if name == "svd" else 0]
    return (a.real, lambda re: np.sum(_WEIGHTS * np.real(vectors(re))),
            lambda re: np.sum(_WEIGHTS * np.abs(vectors(re)) ** 2),
            lambda re: np.sum(np.real(values(re)) * np.arange(3.0)))


@pytest.mark.parametrize("name", _PHASE_CASES)
def test_forward_mode_refuses_the_tangent_of_complex_vectors(name):
    x, dependent, blind, of_values = _phase_losses(name)
    t = np.ones_like(x) if name != "eigh" else np.eye(3) + 1.0
    for loss in (dependent, blind):
        with pytest.raises(wg.NoGradientRule, match="forward mode through the"):
            wg.jvp(loss, (x,), (t,))
    with pytest.raises(wg.NoGradientRule, match="phase"):
        wg.grad(dependent)(x)  # reverse mode: the dependence is seen and refused
    check_grads(blind, x, order=1, modes=("rev",))
    check_grads(of_values, x, order=1, modes=("rev", "fwd"))
    # second derivatives of a phase-blind loss: reverse over reverse (forward over reverse refuses)
    second = wg.jacrev(wg.grad(blind))(x)
    h = 1e-5
    e = np.zeros_like(x)
    e[0, 1] = 1.0
    central = (wg.grad(blind)(x + h * e) - wg.grad(blind)(x - h * e)) / (2 * h)
    np.testing.assert_allclose(second[..., 0, 1], central, rtol=1e-5, atol=1e-7)


# -- the opt-in: wengert.numpy.linalg.assume_sign_blind ------------------------------------

import threading  # noqa: E402

import wengert.numpy as wnp  # noqa: E402

#: losses blind to the vectors' signs (a column of V, or a column of U with its row of Vh,
#: flipping leaves them unchanged), at inputs where LAPACK's signs jump
SIGN_BLIND = {
    "eigh-function": (SYMMETRIC["diagonal"], lambda a: np.sum(
        (np.linalg.eigh(a)[1] * np.tanh(np.linalg.eigh(a)[0])) @ np.linalg.eigh(a)[1].T * C)),
    "eigh-squares": (SYMMETRIC["tridiagonal"], lambda a: np.sum(np.linalg.eigh(a)[1] ** 2 * C)),
    "eigh-scipy": (SYMMETRIC["block-diagonal"], lambda a: np.sum(wsl.eigh(a)[1] ** 2 * C)),
    "svd-polar": (GENERAL["upper-triangular"], lambda a: np.sum(
        np.linalg.svd(a)[0] @ np.linalg.svd(a)[2] * C)),
    "svd-squares": (GENERAL["bidiagonal"], lambda a: np.sum(np.linalg.svd(a)[0] ** 2 * C)
                    + np.sum(np.linalg.svd(a)[2] ** 2 * C.T)),
    "svd-scipy": (GENERAL["diagonal"], lambda a: np.sum(wsl.svd(a)[2] ** 2 * C)),
}


@pytest.mark.parametrize("case", SIGN_BLIND)
def test_sign_blind_loss_refused_unless_asserted(case):
    a, loss = SIGN_BLIND[case]
    with pytest.raises(np.linalg.LinAlgError, match="assume_sign_blind"):
        wg.grad(loss)(a)
    with wnp.linalg.assume_sign_blind():
        # right against central differences (the loss is smooth there), both modes, order 2
        check_grads(loss, a, order=2, modes=("rev", "fwd"))
    with pytest.raises(np.linalg.LinAlgError, match="assume_sign_blind"):
        wg.grad(loss)(a)  # the setting ends with the context


def test_eigh_tridiagonal_sign_blind_loss_at_a_split():
    d, e = np.array([1.0, 2.0, 3.5, -1.0]), np.array([0.5, 0.0, 0.3])
    weights = np.random.default_rng(17).standard_normal((4, 4))

    def loss(e):
        return np.sum(wsl.eigh_tridiagonal(d, e, lapack_driver="stev")[1] ** 2 * weights)
    with pytest.raises(np.linalg.LinAlgError, match="assume_sign_blind"):
        wg.grad(loss)(e)
    with wnp.linalg.assume_sign_blind():
        check_grads(loss, e, order=2, modes=("rev", "fwd"))


def test_assume_sign_blind_keeps_the_other_conditions():
    # eig: the eigenvalues' order still jumps at a triangular input, so it stays refused
    with wnp.linalg.assume_sign_blind():
        with pytest.raises(np.linalg.LinAlgError, match="flips the sign|in an order that changes") as info:
            wg.grad(lambda a: np.real(np.sum(np.abs(np.linalg.eig(a)[1]) ** 2 * C)))(EIG["upper-triangular"])
        assert "assume_sign_blind" not in str(info.value)
        # a repeated eigenvalue: the vectors are not unique, whatever their signs
        with pytest.raises(np.linalg.LinAlgError, match="repeated"):
            wg.grad(lambda a: np.sum(np.linalg.eigh(a)[1] ** 2 * C))(np.diag([1.0, 1.0, 2.0, 3.0]))


def test_assume_sign_blind_is_per_thread():
    a, loss = SIGN_BLIND["eigh-squares"]
    seen = []

    def other_thread():
        try:
            wg.grad(loss)(a)
            seen.append("gradient")
        except np.linalg.LinAlgError:
            seen.append("refused")
    with wnp.linalg.assume_sign_blind():
        worker = threading.Thread(target=other_thread)
        worker.start()
        worker.join()
        wg.grad(loss)(a)
    assert seen == ["refused"]


def test_assume_sign_blind_under_jit_is_read_at_each_call():
    a, loss = SIGN_BLIND["eigh-squares"]
    jitted = wg.jit(wg.grad(loss))
    dense = _dense_symmetric()
    np.testing.assert_allclose(jitted(dense), wg.grad(loss)(dense), rtol=1e-15)  # recorded, no zeros
    with pytest.raises(np.linalg.LinAlgError, match="assume_sign_blind"):
        jitted(a)  # replayed at the structured input, outside the context
    with wnp.linalg.assume_sign_blind():
        expected = wg.grad(loss)(a)
        np.testing.assert_allclose(jitted(a), expected, rtol=1e-15)
