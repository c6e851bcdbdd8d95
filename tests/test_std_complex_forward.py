"""Forward mode through np.std and np.nanstd of a complex array: the tangent is real.

Their JVP summed ``t conj(z - mean) / ((N - ddof) std)``, whose real part is the tangent; the
imaginary part was kept (np.var's JVP drops it), and a complex constant times the std put it
into real results: ``real(std(z) * (1 - 2j))`` along x[0] gave -0.6147 by jvp and jacfwd for
the truth 0.1495. Truths: the closed forms of sqrt(var) in the real and imaginary parts.
"""
import numpy as np
import pytest

import wengert as wg

X = np.array([1.0, 0.5, -0.3, 2.0, -1.0, 0.4])


def _truth(ddof):
    """The gradient and Hessian of std(x[:3] + 1j x[3:], ddof) in x, from var's closed form."""
    r = np.concatenate([X[:3] - X[:3].mean(), X[3:] - X[3:].mean()])
    d = 3 - ddof
    var = r @ r / d
    centering = np.eye(3) - 1.0 / 3
    hvar = 2.0 / d * np.kron(np.eye(2), centering)
    std = np.sqrt(var)
    g = r / (d * std)
    return g, hvar / (2 * std) - np.outer(g, g) / std


PATHS = {
    "rev-rev": lambda f: wg.jacrev(wg.jacrev(f))(X),
    "fwd-rev": lambda f: wg.jacfwd(wg.jacrev(f))(X),
    "rev-fwd": lambda f: wg.jacrev(wg.jacfwd(f))(X),
    "fwd-fwd": lambda f: wg.jacfwd(wg.jacfwd(f))(X),
    "hvp": lambda f: np.stack([wg.hvp(f, X, e) for e in np.eye(6)], axis=1),
}


@pytest.mark.parametrize("std, ddof", [(np.std, 0), (np.nanstd, 1)])
def test_real_tangent_through_a_complex_constant(std, ddof):
    f = lambda x: np.real(std(x[:3] + 1j * x[3:], ddof=ddof) * (1 - 2j))
    g, h = _truth(ddof)
    np.testing.assert_allclose(wg.jacfwd(f)(X), g, rtol=1e-13)
    np.testing.assert_allclose([wg.jvp(f, (X,), (e,))[1] for e in np.eye(6)], g, rtol=1e-13)
    for path, hessian in PATHS.items():
        np.testing.assert_allclose(hessian(f), h, rtol=1e-12, atol=1e-14, err_msg=path)
