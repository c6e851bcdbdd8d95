"""Forward mode against reverse mode on the same functions (a SciPy transform, NumPy's keyword
arguments, wengert.numpy's logistic): jacfwd, jvp and linearize against the reverse Jacobian,
hvp against the Hessian, and check_grads in both modes.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')

import wengert as wg  # noqa: E402
import wengert.numpy  # noqa: E402
import wengert.scipy.fft as wsf  # noqa: E402
import wengert.scipy.signal as wss  # noqa: E402
from opcheck import check_both_modes  # noqa: E402

FORWARD_FUNCTIONS = {
    "dct-ortho": lambda x: wsf.dct(x, norm="ortho") ** 3,
    "matmul-kw": lambda x: np.sum(np.matmul(x, x.T) * x[0], axis=-1, keepdims=True),
    "sum-initial": lambda x: np.sum(np.sin(x), axis=0, initial=2.0) * x[1],
    "mean-where": lambda x: np.mean(x ** 2, where=np.array([True, False, True]), axis=1),
    "logistic": lambda x: wg.numpy.logistic(x) * x,
    "cumsum-neg-axis": lambda x: np.cumsum(np.exp(x), axis=-2) * x,
    "detrend": lambda x: wss.detrend(x, axis=0) ** 2,
}


@pytest.mark.parametrize("name", list(FORWARD_FUNCTIONS))
def test_forward_mode_matches_reverse_mode(name):
    f = FORWARD_FUNCTIONS[name]
    rng = np.random.default_rng(7)
    x, v = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
    jac = wg.jacobian(f)(x)
    jac_fwd = wg.jacfwd(f)(x)
    np.testing.assert_allclose(jac_fwd, jac, rtol=1e-12, atol=1e-12)
    _, tangent = wg.jvp(f, (x,), (v,))
    np.testing.assert_allclose(tangent, np.tensordot(jac, v, axes=2), rtol=1e-12, atol=1e-12)
    y, lin = wg.linearize(f, x)
    np.testing.assert_allclose(lin(v), tangent, rtol=1e-12, atol=1e-12)

    def scalar(x):
        return np.sum(f(x) ** 2)
    np.testing.assert_allclose(wg.hvp(scalar, x, v), np.tensordot(wg.hessian(scalar)(x), v, axes=2),
                               rtol=1e-9, atol=1e-9)
    check_both_modes(f, x)
