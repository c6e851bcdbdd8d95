"""``scipy.fft``'s discrete cosine transforms ``dct``, ``idct``, ``dctn``, ``idctn`` (every type and
norm).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, forward mode); below, the values against SciPy's (to
the bit), the pullback against the transform's matrix, and the refused options.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.fft as sf  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.scipy.fft as wsf  # noqa: E402
from opcheck import case, check_both_modes, crand, family_tests, rand  # noqa: E402
from wengert.testing import check_grads  # noqa: E402

FFT = ("dct", "idct", "dctn", "idctn")
NORMS = (None, "ortho", "forward")
X = rand((3, 4), seed=90)


def _dct_call(name, **kwargs):
    return lambda x: getattr(wsf, name)(x, **kwargs)


CASES = [
    *[case(getattr(wsf, name), _dct_call(name, type=t, norm=norm, **{"axes" if name.endswith("n") else "axis": ax}), X,
           id=f"{name}-type{t}-{norm}-{ax}")
      for name in FFT for t in (1, 2, 3, 4) for norm in NORMS for ax in ((None, 0) if name.endswith("n") else (-1, 0))],
    *[case(getattr(wsf, name), _dct_call(name, norm=norm), crand((4,), seed=91), id=f"{name}-complex-{norm}")
      for name in ("dct", "idct") for norm in NORMS],
    case(wsf.dct, _dct_call("dct", type=1), rand((2,), seed=92), id="dct-type1-two-points"),
    case(wsf.dct, _dct_call("dct"), rand((1,), seed=93), id="dct-one-point"),
]
test_gradient, test_every_function_is_listed_and_has_a_case, test_values_are_scipys = family_tests(
    "fft", wsf, sf, FFT, CASES, exact=True)


def test_the_dct_transposes_are_the_matrices_transposes():
    # D^T g from the pullback equals the explicit matrix (the transform of the identity's columns)
    g = rand((5,), seed=96)
    for t in (1, 2, 3, 4):
        for norm in NORMS:
            for name in ("dct", "idct"):
                matrix = getattr(sf, name)(np.eye(5), type=t, norm=norm, axis=0)
                pullback = wg.vjp(lambda x: getattr(wsf, name)(x, type=t, norm=norm), np.zeros(5))[1]
                np.testing.assert_allclose(pullback(g)[0], matrix.T @ g, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("call, match", [
    (lambda x: wsf.dct(x, n=6), "n=None / s=None"),
    (lambda x: wsf.dctn(x, s=(6,)), "n=None / s=None"),
    (lambda x: wsf.dct(x, norm="ortho", orthogonalize=False), "orthogonalize=None"),
    (lambda x: wsf.dct(x, type=5), "type must be 1, 2, 3 or 4"),
    (lambda x: wsf.idct(x, norm="other"), "norm must be"),
], ids=["n", "s", "orthogonalize", "type", "norm"])
def test_dct_options_wengert_does_not_differentiate_are_refused(call, match):
    with pytest.raises(ValueError, match=match):
        wg.grad_bp(lambda x: np.sum(call(x)), np.ones(4))


# -- the discrete cosine transforms (found right) ----------------------------------------

DCT_SHAPES = [((5,), -1), ((3, 4), -2), ((2,), 0), ((3, 2), 1)]


@pytest.mark.parametrize("inverse", [False, True], ids=["dct", "idct"])
@pytest.mark.parametrize("kind", [1, 2, 3, 4])
@pytest.mark.parametrize("norm", [None, "ortho", "forward"])
def test_dct_every_type_and_norm(inverse, kind, norm):
    ours, theirs = (wsf.idct, sf.idct) if inverse else (wsf.dct, sf.dct)
    rng = np.random.default_rng(kind)
    for shape, axis in DCT_SHAPES:
        x, w = rng.normal(size=shape), rng.normal(size=shape)
        np.testing.assert_array_equal(ours(x, type=kind, norm=norm, axis=axis),
                                      theirs(x, type=kind, norm=norm, axis=axis))
        check_both_modes(lambda x: np.sum(w * ours(x, type=kind, norm=norm, axis=axis) ** 2), x)
        z = x + 1j * rng.normal(size=shape)
        check_grads(lambda z: ours(z, type=kind, norm=norm, axis=axis), z, modes=("rev", "fwd"))


@pytest.mark.parametrize("inverse", [False, True], ids=["dctn", "idctn"])
@pytest.mark.parametrize("kind", [1, 2, 3, 4])
def test_dctn_axes(inverse, kind):
    ours, theirs = (wsf.idctn, sf.idctn) if inverse else (wsf.dctn, sf.dctn)
    rng = np.random.default_rng(kind)
    for shape, axes in [((3, 4), None), ((3, 4, 2), (0, -1)), ((3, 4), 1), ((3, 3), (1, 0))]:
        for norm in (None, "ortho", "forward"):
            x, w = rng.normal(size=shape), rng.normal(size=shape)
            np.testing.assert_array_equal(ours(x, type=kind, norm=norm, axes=axes),
                                          theirs(x, type=kind, norm=norm, axes=axes))
            check_both_modes(lambda x: np.sum(w * ours(x, type=kind, norm=norm, axes=axes) ** 2), x)
