"""SciPy functions: ``scipy.stats.sem`` (every axis, ``ddof``,
``nan_policy``, ``keepdims``); ``scipy.linalg``'s ``hessenberg`` (real, where the Householder
reduction is smooth; refused where LAPACK's reflections switch), ``eigh_tridiagonal``
(eigenvalues always, eigenvectors of distinct eigenvalues) and ``qr_multiply`` (tall, square
and wide ``a``, both modes); ``scipy.ndimage.map_coordinates`` (order 0 and 1, every mode; in
``input``, ``coordinates`` and ``cval``) and ``scipy.interpolate``'s ``RegularGridInterpolator``
and ``interpn`` (linear and nearest; in ``values``, ``xi`` and the grid's points);
``scipy.signal``'s ``stft``, ``istft``, ``csd`` and ``welch`` (every boundary, detrend, scaling,
side and average; real and complex signals).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode); below, the values against SciPy's and
the refusals at the points where a rule does not hold.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.interpolate as si  # noqa: E402
import scipy.linalg as sl  # noqa: E402
import scipy.ndimage as snd  # noqa: E402
import scipy.signal as ss  # noqa: E402
import scipy.stats as ST  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy  # noqa: E402
import wengert.scipy.interpolate as wsi  # noqa: E402
import wengert.scipy.linalg as wsl  # noqa: E402
import wengert.scipy.ndimage as wnd  # noqa: E402
import wengert.scipy.signal as wss  # noqa: E402
from opcheck import case, crand, gradient_test, rand  # noqa: E402
from wengert.ops.scipy_linalg import eigenvector_driver  # noqa: E402
from wengert.scipy import stats  # noqa: E402

STATS = ("sem",)
LINALG = ("hessenberg", "eigh_tridiagonal", "qr_multiply")
SIGNAL = ("stft", "istft", "csd", "welch")
MODES = ("constant", "grid-constant", "nearest", "reflect", "grid-mirror", "mirror", "wrap", "grid-wrap")

X = rand((3, 4), seed=120)
X_NAN = X.copy()
X_NAN[1, 2] = np.nan


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
    # -- sem: default axis 0, other and negative axes, ddof, None (all), keepdims, NaNs left out
    case(stats.sem, stats.sem, X, id="sem"),
    case(stats.sem, lambda a: stats.sem(a, axis=-1, ddof=0), X, id="sem-axis-1-ddof0"),
    case(stats.sem, lambda a: stats.sem(a, axis=None), X, id="sem-all"),
    case(stats.sem, lambda a: stats.sem(a, axis=1, keepdims=True), X, id="sem-keepdims"),
    case(stats.sem, lambda a: stats.sem(a, axis=None, keepdims=True), X, id="sem-all-keepdims"),
    case(stats.sem, lambda a: stats.sem(a, nan_policy="omit"), X_NAN, id="sem_nan_policy-omit"),
    case(stats.sem, stats.sem, rand((5,), seed=121), id="sem-vector"),
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



def _coordinates(shape, count, seed, low=-1.7, high=None):
    """Coordinates inside and around an input of ``shape``, each at least 0.05 from the
    integers and the half-integers (where the interpolants switch)."""
    rng = np.random.default_rng(seed)
    rows = []
    for n in shape:
        x = rng.uniform(low, (n + 0.7) if high is None else high, count)
        x = np.round(x * 4.0) / 4.0 + 0.125 * np.sign(rng.uniform(-1.0, 1.0, count))  # k/4 +- 1/8
        rows.append(x)
    return np.array(rows)


IMAGE_1D, IMAGE_2D, IMAGE_3D = rand((4,), seed=160), rand((3, 4), seed=161), rand((2, 3, 2), seed=162)
AT_1D, AT_2D, AT_3D = _coordinates((4,), 9, 163), _coordinates((3, 4), 8, 164), _coordinates((2, 3, 2), 5, 165)
INSIDE_2D = _coordinates((3, 4), 6, 166, low=0.0, high=1.9)

#: a rectilinear grid (uneven steps), its values (with a trailing axis) and query points
GRID = (np.array([-1.0, 0.0, 0.5, 2.0]), np.array([0.0, 1.0, 3.0]))
VALUES = rand((4, 3), seed=170)
VALUES_3 = rand((4, 3, 2), seed=171)
XI = np.array([[-0.7, 0.3], [0.2, 2.1], [1.3, 0.6], [1.9, 2.9]])
XI_AROUND = np.array([[-1.6, 0.3], [0.2, 3.4], [1.3, 0.6], [2.8, -0.5]])


def _interpolated(method="linear", **kwargs):
    return lambda values, xi: wsi.RegularGridInterpolator(GRID, values, method=method, **kwargs)(xi)


CASES += [
    # -- map_coordinates, order 1: every mode, 1-d to 3-d, in the input and the coordinates
    *[case(wnd.map_coordinates, lambda a, x, mode=mode: wnd.map_coordinates(a, x, order=1, mode=mode, cval=0.3),
           image, at, id=f"map_coordinates-{image.ndim}d-{mode}")
      for mode in MODES for image, at in ((IMAGE_1D, AT_1D), (IMAGE_2D, AT_2D))],
    case(wnd.map_coordinates, lambda a, x: wnd.map_coordinates(a, x, order=1, mode="reflect"), IMAGE_3D, AT_3D,
         id="map_coordinates-3d"),
    case(wnd.map_coordinates, lambda c: wnd.map_coordinates(IMAGE_2D, AT_2D, order=1, cval=c), 0.4,
         id="map_coordinates-cval"),
    case(wnd.map_coordinates, lambda c: wnd.map_coordinates(IMAGE_2D, AT_2D, order=1, mode="grid-constant", cval=c),
         0.4, id="map_coordinates-grid-constant-cval"),
    case(wnd.map_coordinates, lambda a, x: wnd.map_coordinates(a, x, order=1), rand((1, 3), seed=167),
         _coordinates((1, 3), 4, 168, low=-0.4, high=0.9), id="map_coordinates-size-1-axis"),
    case(wnd.map_coordinates, lambda a: wnd.map_coordinates(a, INSIDE_2D, order=1), crand((3, 4), seed=169),
         id="map_coordinates-complex"),
    case(wnd.map_coordinates, lambda a, x: wnd.map_coordinates(a, x, order=1), IMAGE_2D, INSIDE_2D.reshape(2, 2, 3),
         id="map_coordinates-coordinates-2d"),
    # -- order 0: a gather from the input (the coordinates get 0)
    *[case(wnd.map_coordinates, lambda a, x, mode=mode: wnd.map_coordinates(a, x, order=0, mode=mode, cval=0.3),
           IMAGE_2D, AT_2D + 0.13, id=f"map_coordinates-order0-{mode}") for mode in MODES],
    # -- RegularGridInterpolator and interpn: linear in values, xi, points; nearest in values
    case(wsi.RegularGridInterpolator, _interpolated(), VALUES, XI, id="RegularGridInterpolator-linear"),
    case(wsi.RegularGridInterpolator, _interpolated(), VALUES_3, XI, id="RegularGridInterpolator-trailing-axis"),
    case(wsi.RegularGridInterpolator, _interpolated(bounds_error=False, fill_value=None), VALUES, XI_AROUND,
         id="RegularGridInterpolator-extrapolated"),
    case(wsi.RegularGridInterpolator, _interpolated(bounds_error=False, fill_value=0.25), VALUES, XI_AROUND,
         id="RegularGridInterpolator-filled"),
    case(wsi.RegularGridInterpolator, _interpolated("nearest"), VALUES, XI, id="RegularGridInterpolator-nearest"),
    case(wsi.RegularGridInterpolator,
         lambda x0, x1: wsi.RegularGridInterpolator((x0, x1), VALUES)(XI * 0.9 + np.array([0.1, 0.15])),
         GRID[0], GRID[1], id="RegularGridInterpolator-points"),
    case(wsi.RegularGridInterpolator,
         lambda values, xi: wsi.RegularGridInterpolator((GRID[0][::-1],), values)(xi), VALUES[:, 0],
         np.array([-0.5, 0.25, 1.9]), id="RegularGridInterpolator-descending"),
    case(wsi.RegularGridInterpolator, lambda values: wsi.RegularGridInterpolator(GRID, values)(XI[0]), VALUES,
         id="RegularGridInterpolator-one-point"),
    case(wsi.RegularGridInterpolator, lambda values, x: wsi.RegularGridInterpolator(GRID, values)((x, 1.5)),
         VALUES, np.array([0.1, 1.2]), id="RegularGridInterpolator-tuple-xi"),
    case(wsi.interpn, lambda values, xi: wsi.interpn(GRID, values, xi), VALUES, XI, id="interpn"),
    case(wsi.interpn, lambda values, xi: wsi.interpn(GRID, values, xi, method="nearest"), VALUES, XI,
         id="interpn-nearest"),
]


SIG, SIG_Y = rand((29,), seed=180), rand((25,), seed=181)
SIG_2D = rand((2, 21), seed=182)
SIG_COMPLEX = crand((21,), seed=183)


def _power(z):
    """|z|^2 written without abs (whose kink at 0 has no second derivative)."""
    return np.real(z) ** 2 + np.imag(z) ** 2


def _spectrum(kwargs):
    return lambda x: _power(wss.stft(x, **kwargs)[2])


def _inverse(kwargs, stft_kwargs):
    return lambda x: wss.istft(wss.stft(x, **stft_kwargs)[2], **kwargs)[1]


STFT_OPTIONS = [{"nperseg": 8}, {"nperseg": 8, "noverlap": 3}, {"nperseg": 7, "nfft": 10},
                {"nperseg": 8, "boundary": "even"}, {"nperseg": 8, "boundary": "odd"},
                {"nperseg": 8, "boundary": "constant"}, {"nperseg": 8, "boundary": None, "padded": False},
                {"nperseg": 8, "detrend": "linear"}, {"nperseg": 8, "scaling": "psd", "fs": 3.0},
                {"nperseg": 8, "return_onesided": False}, {"window": "hamming", "nperseg": 9},
                {"window": np.hanning(6), "nperseg": 6}, {"nperseg": 1, "noverlap": 0}]
WELCH_OPTIONS = [{"nperseg": 8}, {"nperseg": 8, "noverlap": 2}, {"nperseg": 7, "nfft": 9},
                 {"nperseg": 8, "detrend": "linear"}, {"nperseg": 8, "detrend": False},
                 {"nperseg": 8, "scaling": "spectrum"}, {"nperseg": 8, "return_onesided": False},
                 {"nperseg": 8, "average": "median"}, {"nperseg": 6, "average": "median", "nfft": 11},
                 {"nperseg": 29}]

CASES += [
    # -- stft (linear: squared magnitudes), istft of it (linear), welch (quadratic), csd (bilinear)
    *[case(wss.stft, _spectrum(kw), SIG, id=f"stft-{k}") for k, kw in enumerate(STFT_OPTIONS)],
    case(wss.stft, lambda x: _power(wss.stft(x, nperseg=8, axis=0)[2]), SIG_2D.T, id="stft-axis0"),
    case(wss.istft, _inverse({"nperseg": 8}, {"nperseg": 8}), SIG, id="istft"),
    case(wss.istft, _inverse({"nperseg": 8, "noverlap": 5}, {"nperseg": 8, "noverlap": 5}), SIG, id="istft-noverlap"),
    case(wss.istft, _inverse({"nperseg": 7, "nfft": 10, "scaling": "psd"}, {"nperseg": 7, "nfft": 10, "scaling": "psd"}),
         SIG, id="istft-nfft-psd"),
    case(wss.istft, _inverse({"nperseg": 8, "input_onesided": False}, {"nperseg": 8, "return_onesided": False}),
         SIG, id="istft-twosided"),
    case(wss.istft, lambda z: wss.istft(z, nperseg=8, freq_axis=0, time_axis=2)[1],
         np.moveaxis(ss.stft(SIG_2D, nperseg=8)[2], 1, 0), id="istft-axes"),
    *[case(wss.welch, lambda x, kw=kw: wss.welch(x, **kw)[1], SIG, id=f"welch-{k}") for k, kw in enumerate(WELCH_OPTIONS)],
    case(wss.welch, lambda x: wss.welch(x, nperseg=8, axis=-1)[1], SIG_2D, id="welch-2d"),
    *[case(wss.csd, lambda x, y, kw=kw: _power(wss.csd(x, y, **kw)[1]), SIG, SIG_Y, id=f"csd-{k}")
      for k, kw in enumerate(WELCH_OPTIONS[:8])],
    case(wss.csd, lambda x, y: _power(wss.csd(x, y, nperseg=8, return_onesided=False)[1]), SIG_COMPLEX, SIG_COMPLEX[::-1],
         id="csd-complex"),
    case(wss.welch, lambda x: wss.welch(x, nperseg=8, return_onesided=False)[1], SIG_COMPLEX, id="welch-complex"),
    case(wss.stft, lambda x: _power(wss.stft(x, nperseg=8, return_onesided=False)[2]), SIG_COMPLEX, id="stft-complex"),
]

test_gradient = gradient_test(CASES)


def test_every_function_is_listed_and_has_a_case():
    table = wengert.scipy.supported()
    names = ([f"stats.{n}" for n in STATS] + [f"linalg.{n}" for n in LINALG] + ["ndimage.map_coordinates"]
             + [f"signal.{n}" for n in SIGNAL]
             + ["interpolate.RegularGridInterpolator", "interpolate.interpn"])
    assert [n for n in names if table.get(n) != "gradient"] == []
    covered = {id(fn) for c in CASES for fn in c.covers}
    functions = ([getattr(stats, n) for n in STATS] + [getattr(wsl, n) for n in LINALG]
                 + [wnd.map_coordinates, wsi.RegularGridInterpolator, wsi.interpn]
                 + [getattr(wss, n) for n in SIGNAL])
    assert [f for f in functions if id(f) not in covered] == []


# -- values: SciPy's ------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs", [{}, {"axis": 1}, {"axis": -1, "ddof": 0}, {"axis": None}, {"axis": None, "keepdims": True},
                                    {"axis": 0, "keepdims": True}, {"ddof": 2}], ids=repr)
def test_sem_is_scipys(kwargs):
    ours, theirs = stats.sem(X, **kwargs), ST.sem(X, **kwargs)
    assert np.shape(ours) == np.shape(theirs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-14)


def test_sem_nan_policies():
    np.testing.assert_allclose(stats.sem(X_NAN, nan_policy="omit"), ST.sem(X_NAN, nan_policy="omit"), rtol=1e-14)
    np.testing.assert_array_equal(np.isnan(stats.sem(X_NAN)), np.isnan(ST.sem(X_NAN)))
    with pytest.raises(ValueError, match="contains nan"):
        stats.sem(X_NAN, nan_policy="raise")
    with pytest.raises(ValueError, match="nan_policy"):
        stats.sem(X, nan_policy="ignore")
    # a NaN left out: it gets no gradient; the others, that of the slice without it
    g = wg.grad_bp(lambda a: np.sum(stats.sem(a, nan_policy="omit")), X_NAN)
    assert g[1, 2] == 0.0
    np.testing.assert_allclose(g[[0, 2], 2], wg.grad_bp(lambda c: stats.sem(c), X[[0, 2], 2]), rtol=1e-12)


def test_sem_of_a_constant_slice_has_std_s_gradient_there():
    """At equal values (a size-1 slice with ddof=0 too) std's derivative does not exist (sqrt
    at 0); sem inherits np.std's rule: 0 at first order, its second order refused."""
    for a, ddof in ((np.ones(3), 1), (np.array([2.0]), 0)):
        n = float(np.size(a))
        np.testing.assert_array_equal(wg.grad_bp(lambda a: stats.sem(a, ddof=ddof), a),
                                      wg.grad_bp(lambda a: np.std(a, ddof=ddof) / np.sqrt(n), a))
        with pytest.raises(wg.NoGradientRule):
            wg.hessian(lambda a: stats.sem(a, ddof=ddof))(a)


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
                               2 * d)
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


# -- map_coordinates: SciPy's values, the side of the derivative, the refusals ---------------------

def _value_with_vars(f, *args):
    """``f(*args)`` computed with Vars (wengert's own formula, not SciPy's plain call)."""
    box = {}

    def record(*traced):
        out = f(*traced)
        box["value"] = np.asarray(wg.stop_gradient(out))
        return np.sum(np.real(out))
    wg.grad_bp(record, *args)
    return box["value"]


@pytest.mark.parametrize("order", [0, 1])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("shape", [(4,), (1,), (2,), (3, 4), (2, 3, 2)])
def test_map_coordinates_is_scipys(shape, mode, order):
    """On a grid of coordinates through the samples, the half-integers and beyond both ends."""
    image = rand(shape, seed=len(shape))
    axes = [np.arange(-2.5, n + 1.75, 0.25) for n in shape]
    at = np.stack(np.meshgrid(*axes, indexing="ij")).reshape(len(shape), -1)
    want = snd.map_coordinates(image, at, order=order, mode=mode, cval=0.7)
    ours = _value_with_vars(lambda a: wnd.map_coordinates(a, at, order=order, mode=mode, cval=0.7), image)
    np.testing.assert_allclose(ours, want, rtol=1e-14, atol=1e-15)


def test_map_coordinates_plain_is_scipys_call():
    at = AT_2D
    for order in (0, 1, 3, 5):
        np.testing.assert_array_equal(wnd.map_coordinates(IMAGE_2D, at, order=order, mode="mirror"),
                                      snd.map_coordinates(IMAGE_2D, at, order=order, mode="mirror"))


def test_map_coordinates_at_a_sample_takes_the_right_hand_derivative():
    image = np.array([1.0, 2.0, 4.0, 3.0])
    for x, right_slope in ((1.0, 2.0), (2.0, -1.0), (0.0, 1.0)):
        g = wg.grad_bp(lambda x: wnd.map_coordinates(image, x, order=1)[0], np.array([[x]]))
        assert g[0, 0] == right_slope
    # 'nearest' at the first sample: the right-hand one (inside), not the 0 of the clamped left
    g = wg.grad_bp(lambda x: wnd.map_coordinates(image, x, order=1, mode="nearest")[0], np.array([[0.0]]))
    assert g[0, 0] == 1.0
    # in 2-d, the cell to the right along each axis
    g = wg.grad_bp(lambda x: wnd.map_coordinates(IMAGE_2D, x, order=1)[0], np.array([[1.0], [2.0]]))
    np.testing.assert_allclose(g[:, 0], [IMAGE_2D[2, 2] - IMAGE_2D[1, 2], IMAGE_2D[1, 3] - IMAGE_2D[1, 2]])


def test_map_coordinates_refusals():
    image = np.array([1.0, 2.0, 4.0, 3.0])
    # constant: beyond the last sample the value is cval (a jump just right of it)
    with pytest.raises(wg.NoGradientRule, match="jumps just right"):
        wg.grad_bp(lambda x: wnd.map_coordinates(image, x, order=1)[0], np.array([[3.0]]))
    with pytest.raises(wg.NoGradientRule, match="jumps just right"):
        wg.grad_bp(lambda x: wnd.map_coordinates(image, x, order=1, mode="wrap")[0], np.array([[-3.0]]))
    with pytest.raises(wg.NoGradientRule, match="nearest sample switches"):
        wg.grad_bp(lambda x: wnd.map_coordinates(image, x, order=0)[0], np.array([[1.5]]))
    with pytest.raises(RuntimeError, match="spline order not supported"):  # (orders 2 to 5 are: tests/test_ops_scipy_gennorm_splines.py)
        wg.grad_bp(lambda a: wnd.map_coordinates(a, np.array([[1.2]]), order=6)[0], image)
    # the input alone is differentiable there (linear in it); the coordinates, held, are not traced
    np.testing.assert_array_equal(
        wg.grad_bp(lambda a: wnd.map_coordinates(a, np.array([[3.0, 1.5]]), order=1)[0], image), [0, 0, 0, 1])
    with pytest.raises(RuntimeError, match="boundary mode"):
        wg.grad_bp(lambda a: wnd.map_coordinates(a, np.array([[1.2]]), order=1, mode="edge")[0], image)
    with pytest.raises(RuntimeError, match="invalid shape"):
        wg.grad_bp(lambda a: wnd.map_coordinates(a, np.array([[1.2]]), order=1)[0], IMAGE_2D)
    # order 0: the coordinates' derivative is 0 away from the switches
    np.testing.assert_array_equal(
        wg.grad_bp(lambda x: wnd.map_coordinates(image, x, order=0)[0], np.array([[1.3]])), [[0.0]])


# -- RegularGridInterpolator and interpn: SciPy's values, the side of the derivative, refusals ----

@pytest.mark.parametrize("method", ["linear", "nearest"])
@pytest.mark.parametrize("options", [{}, {"bounds_error": False}, {"bounds_error": False, "fill_value": None},
                                     {"bounds_error": False, "fill_value": -2.0}], ids=repr)
def test_regular_grid_interpolator_is_scipys(method, options):
    nodes = np.stack(np.meshgrid(*GRID, indexing="ij"), axis=-1).reshape(-1, 2)
    midpoints = np.stack(np.meshgrid(*(0.5 * (p[1:] + p[:-1]) for p in GRID), indexing="ij"), axis=-1).reshape(-1, 2)
    inside = np.concatenate([nodes, midpoints, XI])
    xi = inside if options == {} else np.concatenate([inside, XI_AROUND, [[np.nan, 0.5]]])
    for values in (VALUES, VALUES_3, VALUES + 1j * VALUES[::-1]):
        want = si.RegularGridInterpolator(GRID, values, method=method, **options)(xi)
        ours = _value_with_vars(lambda v: wsi.RegularGridInterpolator(GRID, v, method=method, **options)(xi), values)
        assert ours.shape == want.shape
        np.testing.assert_allclose(ours, want, rtol=1e-14, atol=1e-15)
    want = si.interpn(GRID, VALUES, xi, method=method, **options)
    np.testing.assert_allclose(_value_with_vars(lambda v: wsi.interpn(GRID, v, xi, method=method, **options), VALUES),
                               want, rtol=1e-14, atol=1e-15)
    if method == "linear":  # (nearest refuses a traced xi at the midpoints)
        ours = _value_with_vars(lambda x: wsi.interpn(GRID, VALUES, x, method=method, **options), xi)
        np.testing.assert_allclose(ours, want, rtol=1e-14, atol=1e-15)


def test_regular_grid_interpolator_plain_is_scipys_call():
    for method in ("linear", "nearest", "slinear_legacy"):
        np.testing.assert_array_equal(wsi.RegularGridInterpolator(GRID, VALUES, method=method)(XI),
                                      si.RegularGridInterpolator(GRID, VALUES, method=method)(XI))
    np.testing.assert_array_equal(wsi.interpn(GRID, VALUES, XI), si.interpn(GRID, VALUES, XI))


def test_regular_grid_interpolator_at_a_grid_point_takes_the_cell_scipy_takes():
    """The cell to the right at every grid point but the last, to the left at the last."""
    values = np.array([0.0, 2.0, 3.0, 7.0])
    interpolant = wsi.RegularGridInterpolator((GRID[0],), values)  # steps 1, 0.5, 1.5
    slopes = [wg.grad_bp(lambda x: interpolant(x)[0], np.array([[x]]))[0, 0] for x in GRID[0]]
    np.testing.assert_allclose(slopes, [2.0, 2.0, 8.0 / 3.0, 8.0 / 3.0])


def test_regular_grid_interpolator_refusals():
    nearest = wsi.RegularGridInterpolator(GRID, VALUES, method="nearest")
    with pytest.raises(wg.NoGradientRule, match="halfway"):
        wg.grad_bp(lambda x: nearest(x)[0], np.array([[-0.5, 0.3]]))
    # away from the midpoints: 0 in xi
    np.testing.assert_array_equal(wg.grad_bp(lambda x: nearest(x)[0], np.array([[-0.4, 0.3]])), [[0.0, 0.0]])
    # (the splines slinear, cubic, quintic are differentiated; pchip, not linear in the values, is not)
    with pytest.raises(wg.NoGradientRule, match="'quintic' only"):
        wg.grad_bp(lambda v: wsi.RegularGridInterpolator(GRID[:1], v, method="pchip")(XI[:, :1])[0], VALUES[:, 0])
    with pytest.raises(wg.NoGradientRule, match="'quintic' only"):
        wg.grad_bp(lambda x: wsi.RegularGridInterpolator(GRID[:1], VALUES[:, 0], method="pchip")(x)[0], XI[:, :1])
    with pytest.raises(ValueError, match="out of bounds"):
        wg.grad_bp(lambda x: wsi.RegularGridInterpolator(GRID, VALUES)(x)[0], XI_AROUND)
    with pytest.raises(ValueError, match="strictly ascending"):
        wg.grad_bp(lambda v: wsi.RegularGridInterpolator((np.array([0.0, 2.0, 1.0, 3.0]), GRID[1]), v)(XI)[0], VALUES)
    with pytest.raises(ValueError, match="dimension"):
        wg.grad_bp(lambda v: wsi.RegularGridInterpolator(GRID, v)(np.ones((2, 3)))[0], VALUES)


# -- stft, istft, csd, welch: SciPy's values ---------------------------------------------------------

def _outputs_with_vars(f, *args):
    """Every output of ``f(*args)``, computed with Vars (wengert's formula)."""
    box = {}

    def record(*traced):
        out = f(*traced)
        box["value"] = tuple(np.asarray(wg.stop_gradient(o)) for o in out)
        return np.sum(_power(out[-1]))
    wg.grad_bp(record, *args)
    return box["value"]


def _same(ours, theirs):
    assert len(ours) == len(theirs)
    for o, t in zip(ours, theirs):
        assert o.shape == t.shape
        np.testing.assert_allclose(o, t, rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("kwargs", STFT_OPTIONS, ids=repr)
def test_stft_and_istft_are_scipys(kwargs):
    _same(_outputs_with_vars(lambda x: wss.stft(x, **kwargs), SIG), ss.stft(SIG, **kwargs))
    if kwargs.get("nperseg") == 1 or kwargs.get("padded") is False:
        return  # (not invertible: SciPy's NOLA warning)
    back = {k: v for k, v in kwargs.items() if k not in ("boundary", "padded", "detrend", "return_onesided")}
    back["input_onesided"] = kwargs.get("return_onesided", True)
    z = ss.stft(SIG, **kwargs)[2]
    _same(_outputs_with_vars(lambda z: wss.istft(z, **back), z), ss.istft(z, **back))


@pytest.mark.parametrize("axes", [(-2, -1), (1, 2), (2, 1), (0, 2)])
def test_istft_axes_and_stft_axis_are_scipys(axes):
    z = np.moveaxis(ss.stft(SIG_2D, nperseg=8)[2], (1, 2), axes)
    kw = {"nperseg": 8, "freq_axis": axes[0], "time_axis": axes[1]}
    _same(_outputs_with_vars(lambda z: wss.istft(z, **kw), z), ss.istft(z, **kw))
    _same(_outputs_with_vars(lambda x: wss.stft(x, nperseg=8, axis=0), SIG_2D.T), ss.stft(SIG_2D.T, nperseg=8, axis=0))


@pytest.mark.parametrize("kwargs", WELCH_OPTIONS, ids=repr)
def test_welch_and_csd_are_scipys(kwargs):
    _same(_outputs_with_vars(lambda x: wss.welch(x, **kwargs), SIG), ss.welch(SIG, **kwargs))
    _same(_outputs_with_vars(lambda x, y: wss.csd(x, y, **kwargs), SIG, SIG_Y), ss.csd(SIG, SIG_Y, **kwargs))
    _same(_outputs_with_vars(lambda x: wss.welch(x, axis=0, **kwargs), np.tile(SIG, (2, 1)).T),
          ss.welch(np.tile(SIG, (2, 1)).T, axis=0, **kwargs))


def test_spectral_functions_of_complex_signals_are_scipys():
    with pytest.warns(UserWarning, match="switching to return_onesided=False"):
        ours = _outputs_with_vars(lambda x: wss.stft(x, nperseg=8), SIG_COMPLEX)
    with pytest.warns(UserWarning, match="switching to return_onesided=False"):
        theirs = ss.stft(SIG_COMPLEX, nperseg=8)
    _same(ours, theirs)
    _same(_outputs_with_vars(lambda x, y: wss.csd(x, y, nperseg=8, return_onesided=False), SIG_COMPLEX, SIG_COMPLEX[::-1]),
          ss.csd(SIG_COMPLEX, SIG_COMPLEX[::-1], nperseg=8, return_onesided=False))


def test_spectral_functions_refuse_what_scipy_refuses():
    with pytest.raises(ValueError, match="noverlap must be less than nperseg"):
        wg.grad_bp(lambda x: np.sum(wss.welch(x, nperseg=4, noverlap=4)[1]), SIG)
    with pytest.raises(ValueError, match="nfft must be greater"):
        wg.grad_bp(lambda x: np.sum(_power(wss.stft(x, nperseg=8, nfft=4)[2])), SIG)
    with pytest.raises(ValueError, match="average"):
        wg.grad_bp(lambda x: np.sum(wss.welch(x, nperseg=8, average="mode")[1]), SIG)
    with pytest.raises(ValueError, match="Unknown boundary"):
        wg.grad_bp(lambda x: np.sum(_power(wss.stft(x, nperseg=8, boundary="wrap")[2])), SIG)
    with pytest.raises(ValueError, match="at least 2d"):
        wg.grad_bp(lambda z: np.sum(wss.istft(z)[1]), SIG)
    with pytest.warns(UserWarning, match="nperseg = 256 is greater than input length"):
        f, p = wss.welch(SIG, nperseg=256)
    assert p.shape == (15,)


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
