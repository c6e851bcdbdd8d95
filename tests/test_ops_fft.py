"""``numpy.fft``: exact transposes, and gradients against central finite differences.

Every transform is linear, so its VJP is checked exactly: ``Re <g, f(v)> == Re <vjp(g), v>``
for random (complex) cotangents ``g`` and directions ``v`` (autograd's convention pairs a
cotangent with a tangent without a conjugate). ``CASES`` check each transform inside a
real-valued function at first and second order and in forward mode: complex values pass
from one transform to the next (``rfft`` makes them, ``irfft`` turns them back to real).
"""
import itertools

import numpy as np
import pytest

import wengert as wg
from opcheck import case, crand, gradient_test, rand
from wengert.primitive import lookup

F = np.fft
NORMS = [None, "backward", "ortho", "forward"]
#: (input shape, n, axis): even and odd lengths, padding, truncation, negative axes, n = 1 and 2.
ONE_D = [((6,), None, -1), ((7,), None, -1), ((2, 5), 4, 0), ((2, 5), 8, -1), ((3, 4), 3, 1),
         ((3, 4), 7, -2), ((4,), 1, 0), ((4,), 2, 0)]
#: (input shape, s, axes): defaults, padding and truncation, negative, unordered and repeated
#: axes, and -1 (the input's length) in s.
N_D = [((4, 5), None, None), ((3, 4, 5), (3, 6), (0, -1)), ((3, 4, 5), (5, 3), (-1, 1)),
       ((3, 4, 5), None, (2, 0)), ((3, 4), (2, 3, 5), (0, 1, 0))]
NUMPY_2 = np.lib.NumpyVersion(np.__version__) >= "2.0.0"
if NUMPY_2:  # -1 in s (the input's length) and out= are NumPy 2's
    N_D.append(((3, 4, 5), (-1, 7), (1, 2)))
REAL_INPUT = {"rfft", "ihfft", "rfftn", "rfft2"}  # NumPy drops the imaginary part of these inputs


def _random(shape, complex_, rng):
    x = rng.standard_normal(shape)
    return x + 1j * rng.standard_normal(shape) if complex_ else x


def _transposes():
    for name, (shape, n, axis), norm, complex_ in itertools.product(
            ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"], ONE_D, NORMS, [False, True]):
        if not (complex_ and name in REAL_INPUT):
            yield pytest.param(name, shape, dict(n=n, axis=axis, norm=norm), complex_,
                               id=f"{name}-{shape}-n{n}-axis{axis}-{norm}-{'complex' if complex_ else 'real'}")
    for name, (shape, s, axes), norm, complex_ in itertools.product(
            ["fftn", "ifftn", "rfftn", "irfftn", "fft2", "ifft2", "rfft2", "irfft2"], N_D, NORMS, [False, True]):
        if name.endswith("2") and axes is None:
            axes = (-2, -1)
        if not (complex_ and name in REAL_INPUT):
            yield pytest.param(name, shape, dict(s=s, axes=axes, norm=norm), complex_,
                               id=f"{name}-{shape}-s{s}-axes{axes}-{norm}-{'complex' if complex_ else 'real'}")
    for name, axes, complex_ in itertools.product(["fftshift", "ifftshift"], [None, 0, -1, (0, -1)], [False, True]):
        yield pytest.param(name, (3, 5), dict(axes=axes), complex_, id=f"{name}-axes{axes}-{complex_}")


@pytest.mark.parametrize("name, shape, kwargs, complex_", list(_transposes()))
def test_vjp_is_the_exact_transpose(name, shape, kwargs, complex_):
    f = getattr(F, name)
    rng = np.random.default_rng(0)
    x, v = _random(shape, complex_, rng), _random(shape, complex_, rng)
    y = f(x, **kwargs)
    g = _random(y.shape, np.iscomplexobj(y), rng)
    out, pullback = wg.vjp(lambda a: f(a, **kwargs), x)
    np.testing.assert_array_equal(out, y)
    gx = pullback(g)[0]
    assert gx.dtype == x.dtype and gx.shape == x.shape  # a real input gets a real gradient
    np.testing.assert_allclose(np.real(np.sum(gx * v)), np.real(np.sum(g * f(v, **kwargs))), rtol=1e-10, atol=1e-10)


# -- real-valued functions through complex intermediates --------------------------------------

def _phases(shape):
    """A fixed complex array of ``shape``: weighs real and imaginary parts differently."""
    k = np.arange(int(np.prod(shape))).reshape(shape)
    return (1.0 + 0.1 * k) * np.exp(0.7j * k)


def _real(z, axis=-1):
    """A real function of every real and imaginary part of ``z``: irfft of ``z`` times fixed
    phases, one bin longer than it needs, so that only the DC bin's imaginary part is lost
    (and the phases mix it into the real parts)."""
    z = np.moveaxis(z, axis, -1)
    return F.irfft(z * _phases(z.shape), 2 * z.shape[-1])


def _complex(x, axis=-1):
    """A complex array from a real one: its rfft along ``axis``."""
    return F.rfft(x, axis=axis)


def _sandwich(name, kwargs, axis=-1):
    """``name`` (c2c or c2r) applied to the complex ``_complex(x)``, then made real."""
    f = getattr(F, name)

    def run(x):
        y = f(_complex(x, axis), **kwargs)
        return y if not np.iscomplexobj(y) else _real(y)
    return run


CASES = [
    # complex to complex, fed by rfft, read through irfft
    *[case(getattr(F, name), _sandwich(name, dict(n=n, axis=ax, norm=norm)), rand(shape, seed=i),
           id=f"{name}-{shape}-n{n}-axis{ax}-{norm}")
      for name in ["fft", "ifft"]
      for i, ((shape, n, ax), norm) in enumerate(zip([((6,), None, -1), ((2, 7), 5, 0), ((3, 6), 9, -1),
                                                      ((2, 5), 2, -2)], NORMS))],
    *[case(getattr(F, name), _sandwich(name, dict(s=s, axes=axes, norm=norm)), rand(shape, seed=i),
           id=f"{name}-{shape}-s{s}-axes{axes}-{norm}")
      for name in ["fftn", "ifftn", "fft2", "ifft2"]
      for i, ((shape, s, axes), norm) in enumerate(zip([((3, 6), None, (0, 1)), ((2, 3, 6), (3, 2), (-3, -1)),
                                                        ((3, 4), (2, 5), (1, 0)), ((4, 3), (3, 3), (0, 0))], NORMS))],
    # complex to real, fed by rfft: irfft with odd and even n; hfft
    *[case(getattr(F, name), _sandwich(name, dict(n=n, axis=ax, norm=norm), axis=ax), rand(shape, seed=i),
           id=f"{name}-{shape}-n{n}-axis{ax}-{norm}")
      for name in ["irfft", "hfft"]
      for i, ((shape, n, ax), norm) in enumerate(zip([((6,), None, -1), ((2, 7), 5, 0), ((3, 6), 9, -1),
                                                      ((2, 5), 2, -2)], NORMS))],
    *[case(getattr(F, name), _sandwich(name, dict(s=s, axes=axes, norm=norm)), rand(shape, seed=i),
           id=f"{name}-{shape}-s{s}-axes{axes}-{norm}")
      for name in ["irfftn", "irfft2"]
      for i, ((shape, s, axes), norm) in enumerate(zip([((3, 6), None, (0, 1)), ((2, 3, 6), (3, 7), (-3, -1)),
                                                        ((3, 4), (2, 5), (1, 0)), ((4, 3), (3, 3), (0, 0))], NORMS))],
    # real to complex, read through irfft
    *[case(getattr(F, name),
           lambda x, _f=getattr(F, name), _k=dict(n=n, axis=ax, norm=norm), _a=ax: _real(_f(x, **_k), _a),
           rand(shape, seed=i), id=f"{name}-{shape}-n{n}-axis{ax}-{norm}")
      for name in ["rfft", "ihfft"]
      for i, ((shape, n, ax), norm) in enumerate(zip([((6,), None, -1), ((2, 7), 5, 0), ((3, 7), 10, -1),
                                                      ((2, 5), 1, -2)], NORMS))],
    *[case(getattr(F, name), lambda x, _f=getattr(F, name), _k=dict(s=s, axes=axes, norm=norm): _real(_f(x, **_k)),
           rand(shape, seed=i), id=f"{name}-{shape}-s{s}-axes{axes}-{norm}")
      for name in ["rfftn", "rfft2"]
      for i, ((shape, s, axes), norm) in enumerate(zip([((3, 6), None, (0, 1)), ((2, 3, 6), (3, 5), (-3, -1)),
                                                        ((3, 4), (2, 5), (1, 0)), ((4, 3), (3, 3), (0, 0))], NORMS))],
    # directly, with complex outputs, and complex inputs where NumPy takes them
    *[case(getattr(F, name), lambda x, _f=getattr(F, name), _k=dict(n=n, axis=ax, norm=norm): _f(x, **_k),
           make(shape, seed=i), id=f"{name}-direct-{make.__name__}-{shape}-n{n}-axis{ax}-{norm}")
      for name in ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"]
      for make in ([rand] if name in REAL_INPUT else [rand, crand])
      for i, ((shape, n, ax), norm) in enumerate(zip([((6,), None, -1), ((2, 7), 5, 0), ((3, 6), 9, -1),
                                                      ((2, 5), 2, -2)], NORMS))],
    *[case(getattr(F, name), lambda x, _f=getattr(F, name), _k=dict(s=s, axes=axes, norm=norm): _f(x, **_k),
           make(shape, seed=i), id=f"{name}-direct-{make.__name__}-{shape}-s{s}-axes{axes}-{norm}")
      for name in ["fftn", "ifftn", "fft2", "ifft2", "rfftn", "rfft2", "irfftn", "irfft2"]
      for make in ([rand] if name in REAL_INPUT else [rand, crand])
      for i, ((shape, s, axes), norm) in enumerate(zip([((3, 4), None, (0, 1)), ((2, 3, 6), (3, 5), (-3, -1)),
                                                        ((3, 4), (2, 5), (1, 0)), ((4, 3), (3, 3), (0, 0))], NORMS))],
    *[case(getattr(F, name), lambda x, _f=getattr(F, name): _f(x, axes=(0, -1)), crand((3, 4), seed=9),
           id=f"{name}-complex") for name in ["fftshift", "ifftshift"]],
    case(F.fftn, lambda x: F.fftn(x, axes=()), rand((3,), seed=10), id="fftn-no-axes"),  # x itself
    # shifts: real to real
    *[case(getattr(F, name), lambda x, _f=getattr(F, name), _a=axes: _f(x, axes=_a), rand((3, 4), seed=i),
           id=f"{name}-axes{axes}") for name in ["fftshift", "ifftshift"]
      for i, axes in enumerate([None, 0, -1, (1, 0)])],
]


test_gradient = gradient_test(CASES)


def test_rfft_gradient_weighs_the_dc_and_nyquist_bins_once():
    # sum |rfft(x)|^2 is half of Parseval's n sum x^2, plus half of the bins counted once
    # (DC, and Nyquist for even n): its gradient is n x + sum(x) + [n even] X_nyq (-1)^k.
    for n in (6, 7):
        x = rand((n,), seed=n)
        alternating = (-1.0) ** np.arange(n)
        expected = n * x + np.sum(x) + (alternating * (x @ alternating) if n % 2 == 0 else 0.0)
        y, pullback = wg.vjp(F.rfft, x)
        np.testing.assert_allclose(pullback(2 * np.conj(y))[0], expected, rtol=1e-12)  # cotangent of sum |y|^2


def test_primitives_are_named_as_numpy_fft_functions():
    assert lookup(F.fft).name == "numpy.fft.fft"
    assert lookup(F.irfft2).name == "numpy.fft.irfft2"
    assert lookup(F.fftshift).name == "numpy.fft.fftshift"
    assert lookup(np.linalg.eig).name == "numpy.linalg.eig"
    assert lookup(np.diff).name == "numpy.diff"


@pytest.mark.skipif(not NUMPY_2, reason="numpy.fft takes out= from NumPy 2.0")
def test_errors_name_the_fft_function_in_full():
    with pytest.raises(TypeError, match=r"numpy\.fft\.rfft\(\.\.\., out=\.\.\.\)"):
        wg.grad_bp(lambda x: np.sum(F.irfft(F.rfft(x, out=np.zeros(3, complex)))), np.ones(4))
