"""``numpy.fft`` and its VJPs: each transform next to its rule.

Every transform is linear, so its VJP is a transform too. Under autograd's convention for
complex numbers (the transpose, no conjugate), the DFT matrix is symmetric: the VJP of
``fft`` is ``fft`` and that of ``ifft`` is ``ifft``, with the same ``norm``, followed by
the transpose of NumPy's padding or truncation to ``n`` (truncation or zero padding back
to the input's length). A real input gets the real part.

The real transforms pair up so that no conjugate is needed. With ``m = n // 2 + 1``
half-spectrum bins and the Hermitian weights ``w`` (1 for the DC bin and, for even ``n``,
the Nyquist bin; 2 for the others, which stand for two bins of the full spectrum):

* ``rfft``: ``Re fft(pad(g, n))`` is ``hfft(g / w, n)``;
* ``irfft``: NumPy reads only the real part of the DC and Nyquist bins, so the VJP is
  ``w * ifft(g)[:m]``, which for a real ``g`` is ``w * ihfft(g)``;
* ``hfft`` (``irfft`` of the conjugate): ``w * rfft(g, n)``;
* ``ihfft`` (the conjugate of ``rfft``): ``irfft(g / w, n)``;

all with the caller's ``norm``, for even and odd ``n``. The n-dimensional transforms are
NumPy's own sequences of one-dimensional ones (``fftn`` is ``fft`` along each axis,
``rfftn`` is ``rfft`` along the last axis then ``fft`` along the others), pulled back
step by step in reverse, which also covers repeated axes. ``fftshift`` and
``ifftshift`` are rolls: each one's VJP is the other.
"""
import operator

import numpy as np

from ..primitive import defvjp
from ..structured import real_like
from ._util import shape_of

_fft = np.fft


def _fit(x, length, axis):
    """``x`` truncated or zero-padded to ``length`` along ``axis``: the transpose of NumPy's ``n``."""
    have = shape_of(x)[axis]
    if have == length:
        return x
    if have > length:
        index = [slice(None)] * len(shape_of(x))
        index[axis] = slice(0, length)
        return x[tuple(index)]
    widths = [(0, 0)] * len(shape_of(x))
    widths[axis] = (0, length - have)
    return np.pad(x, widths)


def _weights(n, axis, ndim):
    """The Hermitian weights of the ``n // 2 + 1`` half-spectrum bins, along ``axis``."""
    w = np.full(n // 2 + 1, 2.0)
    w[0] = 1.0
    if n % 2 == 0:
        w[-1] = 1.0
    return np.reshape(w, (-1,) + (1,) * (ndim - 1 - axis))


def _step_vjp(g, op, n, axis, length, norm):
    """The VJP of one one-dimensional transform ``op`` of length ``n`` of an input ``length`` long."""
    nd = len(shape_of(g))
    if op == "fft":
        g = _fft.fft(g, axis=axis, norm=norm)
    elif op == "ifft":
        g = _fft.ifft(g, axis=axis, norm=norm)
    elif op == "rfft":
        g = _fft.hfft(g / _weights(n, axis, nd), n, axis=axis, norm=norm)
    elif op == "ihfft":
        g = _fft.irfft(g / _weights(n, axis, nd), n, axis=axis, norm=norm)
    elif op == "irfft":
        g = _weights(n, axis, nd) * _fft.ihfft(g, axis=axis, norm=norm)
    else:  # hfft
        g = _weights(n, axis, nd) * _fft.rfft(g, axis=axis, norm=norm)
    return _fit(g, length, axis)


#: The length of a transform's output, and its default ``n``, from the input's length.
_OUT_LENGTH = {"fft": lambda n: n, "ifft": lambda n: n, "irfft": lambda n: n, "hfft": lambda n: n,
               "rfft": lambda n: n // 2 + 1, "ihfft": lambda n: n // 2 + 1}
_DEFAULT_N = {"fft": lambda m: m, "ifft": lambda m: m, "rfft": lambda m: m, "ihfft": lambda m: m,
              "irfft": lambda m: 2 * (m - 1), "hfft": lambda m: 2 * (m - 1)}


def _lengths(steps, shape):
    """``steps`` ``(op, n or None, axis)`` completed with the default ``n`` and the input's length."""
    shape = list(shape)
    done = []
    for op, n, axis in steps:
        axis = operator.index(axis) % len(shape)
        length = shape[axis]
        n = _DEFAULT_N[op](length) if n is None else operator.index(n)
        done.append((op, n, axis, length))
        shape[axis] = _OUT_LENGTH[op](n)
    return done


def _staged(steps):
    """The pullback of a transform of ``a`` made of the one-dimensional ``steps``."""
    def stage(a, size, where, norm):
        shape = shape_of(a)
        done = _lengths(steps(shape, size, where), shape)

        def pullback(g):
            for op, n, axis, length in reversed(done):
                g = _step_vjp(g, op, n, axis, length, norm)
            return real_like(g, a)
        return pullback
    return stage


def _rule_1d(op):
    stage = _staged(lambda shape, n, axis: [(op, n, axis)])
    return lambda ans, a, n=None, axis=-1, norm=None, out=None: stage(a, n, axis, norm)


def _rule_nd(first, rest, default_axes):
    stage = _staged(_nd(first, rest))
    return lambda ans, a, s=None, axes=default_axes, norm=None, out=None: stage(a, s, axes, norm)


def _nd(first, rest):
    """The steps of an n-dimensional transform, in NumPy's order (``_raw_fftnd``, ``rfftn``,
    ``irfftn``): ``first`` along the last axis, ``rest`` along the others; the inverse real
    transform goes last. ``-1`` in ``s`` is the input's length along that axis."""
    def steps(shape, s, axes):
        nd = len(shape)
        if axes is None:
            axes = range(nd) if s is None else range(-len(s), 0)
        axes = [operator.index(ax) % nd for ax in axes]
        s = [None] * len(axes) if s is None else [shape[ax] if k == -1 else k for k, ax in zip(s, axes)]
        pairs = list(zip(s, axes))
        if not pairs:  # fftn(x, axes=()): NumPy returns x
            return []
        if first == "irfft":
            return [(rest, k, ax) for k, ax in pairs[:-1]] + [(first, *pairs[-1])]
        return [(first, *pairs[-1])] + [(rest, k, ax) for k, ax in reversed(pairs[:-1])]
    return steps


# -- one-dimensional transforms -------------------------------------------------------------

for _name in ("fft", "ifft", "rfft", "irfft", "hfft", "ihfft"):
    defvjp(getattr(_fft, _name), _rule_1d(_name))

# -- n-dimensional transforms ---------------------------------------------------------------

for _name, _first, _rest, _axes in [("fftn", "fft", "fft", None), ("fft2", "fft", "fft", (-2, -1)),
                                    ("ifftn", "ifft", "ifft", None), ("ifft2", "ifft", "ifft", (-2, -1)),
                                    ("rfftn", "rfft", "fft", None), ("rfft2", "rfft", "fft", (-2, -1)),
                                    ("irfftn", "irfft", "ifft", None), ("irfft2", "irfft", "ifft", (-2, -1))]:
    defvjp(getattr(_fft, _name), _rule_nd(_first, _rest, _axes))

# -- shifts ---------------------------------------------------------------------------------

defvjp(_fft.fftshift, lambda ans, x, axes=None: lambda g: _fft.ifftshift(g, axes))
defvjp(_fft.ifftshift, lambda ans, x, axes=None: lambda g: _fft.fftshift(g, axes))


# -- forward mode: every transform is linear (over the reals for rfft/irfft/hfft/ihfft) --------
from ..forward import declare_jvp  # noqa: E402  (after the rules it declares)

declare_jvp("linear", *(getattr(_fft, _name) for _name in (
    "fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fftn", "fft2", "ifftn", "ifft2", "rfftn",
    "rfft2", "irfftn", "irfft2", "fftshift", "ifftshift")))
