"""``scipy.signal``, as wengert differentiates it.

``scipy.signal.convolve`` converts its arguments to arrays, which a Var refuses: call
this one, which takes the same arguments, gives SciPy's values and is differentiable in
both arguments to any order. So are ``correlate``, ``fftconvolve``, ``convolve2d``,
``correlate2d``, ``detrend``, ``savgol_filter`` (in the signal), ``lfilter``, ``sosfilt``, ``lfilter_zi``
and ``filtfilt`` (in the signal, the coefficients and the initial conditions), and the spectral functions
``stft``, ``istft``, ``csd`` and ``welch``.

>>> import numpy as np, wengert as wg, wengert.scipy.signal as wss
>>> wg.grad_bp(lambda k: np.sum(wss.convolve(np.arange(4.0), k, mode="valid")), np.ones(2))
array([6., 3.])

.. versionadded:: 0.1
"""
from typing import Any as _Any

from ..ops import scipy_linalg as _scipy_linalg  # noqa: F401  (declares the functions bound here)
from ..primitive import bind as _bind
from ..primitive import no_such_name as _no_such_name

__all__ = _bind(globals(), "scipy.signal")


def __getattr__(name: str) -> _Any:  # (type checkers see the declared names through this)
    raise _no_such_name(__name__, name)


# -- detrend, a linear projection written with differentiable calls -------------------
import numpy as _np  # noqa: E402

from ..primitive import defcomposite as _defcomposite  # noqa: E402
from ..structured import peek as _peek  # noqa: E402


def detrend(data, axis=-1, type="linear", bp=0, overwrite_data=False):
    """``data`` without its trend along ``axis``, as ``scipy.signal.detrend``:
    ``type='constant'`` subtracts the mean; ``type='linear'`` (the default) subtracts the
    least-squares line of each segment between the break points ``bp``. Both are linear
    projections (``x - P x``, ``P`` symmetric, built from the plain shape), differentiable
    in ``data`` to any order, real or complex; ``data`` is never overwritten.

    >>> import numpy as np, wengert as wg, wengert.scipy.signal as wss
    >>> np.round(wss.detrend(np.array([1.0, 2.0, 4.0])), 12)
    array([ 0.16666667, -0.33333333,  0.16666667])
    >>> wg.grad_bp(lambda x: wss.detrend(x, type="constant")[0], np.zeros(2))
    array([ 0.5, -0.5])

    .. versionadded:: 0.1
    """
    if type not in ("linear", "l", "constant", "c"):
        raise ValueError("Trend type must be 'linear' or 'constant'.")
    shape = _np.shape(_peek(data))
    if type in ("constant", "c"):
        return data - _np.mean(data, axis=axis, keepdims=True)
    n = shape[axis]
    breaks = _np.sort(_np.unique(_np.concatenate(_np.atleast_1d(0, bp, n))))
    if _np.any(breaks > n):
        raise ValueError("Breakpoints must be less than length of data along given axis.")
    moved = _np.moveaxis(data, axis, 0)
    pieces = []
    for start, stop in zip(breaks[:-1], breaks[1:]):
        count = int(stop - start)
        basis = _np.stack([_np.arange(1, count + 1) / count, _np.ones(count)], axis=1)
        projection = basis @ _np.linalg.pinv(basis)  # onto the lines (symmetric)
        segment = moved[int(start):int(stop)]
        pieces.append(segment - _np.tensordot(projection, segment, axes=1))
    out = _np.concatenate(pieces, axis=0) if len(pieces) > 1 else pieces[0]
    if _np.result_type(_peek(out)).char not in "dfDF":
        out = out.astype(float)
    return _np.moveaxis(out, 0, axis)


_defcomposite(detrend, detrend, names=("scipy.signal.detrend",))
__all__ = _bind(globals(), "scipy.signal")


# -- stft, istft, csd, welch (SciPy's legacy spectral functions), written with
# differentiable calls: segments gathered from the signal, SciPy's window, numpy.fft, products
# (linear in the signal for stft and istft, bilinear in x and y for csd, quadratic for welch)

import inspect as _inspect  # noqa: E402
import warnings as _warnings  # noqa: E402

import scipy.signal as _scipy_signal  # noqa: E402

from ..structured import is_complex as _is_complex  # noqa: E402

#: SciPy's default window (``'hann'``; ``'hann_periodic'`` from SciPy 1.17, the same window).
_DEFAULT_WINDOW = _inspect.signature(_scipy_signal.welch).parameters["window"].default


def _segments_and_window(window, nperseg, length, default_nperseg):
    """SciPy's window and segment length: a named window of ``nperseg`` samples (default
    ``default_nperseg``, at most ``length``, as SciPy with its warning), or an array window
    of its own length."""
    if isinstance(window, (str, tuple)):
        if nperseg is None:
            nperseg = default_nperseg
        if nperseg > length:
            _warnings.warn(f"nperseg = {nperseg:d} is greater than input length  = {length:d}, "
                           f"using nperseg = {length:d}", stacklevel=4)
            nperseg = length
        return _scipy_signal.get_window(window, nperseg), nperseg
    window = _np.asarray(window)
    if window.ndim != 1:
        raise ValueError("window must be 1-D")
    if length < window.shape[-1]:
        raise ValueError("window is longer than input signal")
    if nperseg is not None and nperseg != window.shape[0]:
        raise ValueError("value specified for nperseg is different from length of window")
    return window, window.shape[0]


def _segment_lengths(nperseg, noverlap, nfft):
    if nperseg < 1:
        raise ValueError("nperseg must be a positive integer")
    nfft = nperseg if nfft is None else int(nfft)
    if nfft < nperseg:
        raise ValueError("nfft must be greater than or equal to nperseg.")
    noverlap = nperseg // 2 if noverlap is None else int(noverlap)
    if noverlap >= nperseg:
        raise ValueError("noverlap must be less than nperseg.")
    return nfft, noverlap


def _windowed_ffts(x, window, nperseg, noverlap, nfft, detrend, onesided):
    """The FFT of each windowed (detrended) segment of ``x`` along its last axis: shape
    ``(..., segments, frequencies)``."""
    step = nperseg - noverlap
    count = (_np.shape(_peek(x))[-1] - nperseg) // step + 1
    where = _np.arange(count)[:, None] * step + _np.arange(nperseg)[None, :]
    segments = x[..., where]
    if callable(detrend):
        segments = detrend(segments)
    elif detrend:
        segments = globals()["detrend"](segments, type=detrend, axis=-1)
    segments = window * segments
    return _np.fft.rfft(segments, n=nfft) if onesided else _np.fft.fft(segments, n=nfft)


def _onesided(return_onesided, *signals):
    if return_onesided and any(_is_complex(s) for s in signals):
        _warnings.warn("Input data is complex, switching to return_onesided=False", stacklevel=4)
        return False
    return bool(return_onesided)


def _extended(x, width, boundary):
    """``x`` extended by ``width`` samples at both ends of its last axis, as SciPy's
    ``even_ext``, ``odd_ext``, ``const_ext`` and ``zero_ext``."""
    if boundary == "zeros":
        return _np.pad(x, [(0, 0)] * (_np.ndim(_peek(x)) - 1) + [(width, width)])
    if boundary == "constant":
        return _np.pad(x, [(0, 0)] * (_np.ndim(_peek(x)) - 1) + [(width, width)], mode="edge")
    n = _np.shape(_peek(x))[-1]
    if width > n - 1:
        raise ValueError(f"The extension length n ({width}) is too big. It must not exceed "
                         f"x.shape[axis]-1 ({n - 1}).")
    left, right = x[..., width:0:-1], x[..., -2:-(width + 2):-1]
    if boundary == "odd":
        left, right = 2 * x[..., :1] - left, 2 * x[..., -1:] - right
    return _np.concatenate([left, x, right], axis=-1)


def stft(x, fs=1.0, window=_DEFAULT_WINDOW, nperseg=256, noverlap=None, nfft=None, detrend=False,
         return_onesided=True, boundary="zeros", padded=True, axis=-1, scaling="spectrum"):
    """The short-time Fourier transform ``(f, t, Zxx)``, as ``scipy.signal.stft`` (SciPy's
    legacy function: its arguments, its values), differentiable in ``x`` (real or complex)
    to every order: linear, the FFTs of windowed segments of ``x`` (boundary extension and
    padding included). ``detrend`` may be ``False``, ``'constant'``, ``'linear'`` (see
    :func:`detrend`) or a function of the segments written with differentiable calls.

    >>> import numpy as np, wengert as wg, wengert.scipy.signal as wss
    >>> f, t, z = wss.stft(np.arange(8.0), nperseg=4)
    >>> z.shape
    (3, 5)
    >>> wg.grad_bp(lambda x: np.sum(np.abs(wss.stft(x, nperseg=4)[2]) ** 2), np.zeros(8))
    array([0., 0., 0., 0., 0., 0., 0., 0.])

    .. versionadded:: 0.1
    """
    if scaling not in ("spectrum", "psd"):
        raise ValueError(f"Parameter {scaling=} not in ['spectrum', 'psd']!")
    if boundary not in ("even", "odd", "constant", "zeros", None):
        raise ValueError(f"Unknown boundary option '{boundary}', must be one of: "
                         "['even', 'odd', 'constant', 'zeros', None]")
    x = _np.moveaxis(x, axis, -1) if _np.ndim(_peek(x)) > 1 else x
    length = _np.shape(_peek(x))[-1]
    nperseg = int(nperseg)
    if nperseg < 1:
        raise ValueError("nperseg must be a positive integer")
    win, nperseg = _segments_and_window(window, nperseg, length, 256)
    nfft, noverlap = _segment_lengths(nperseg, noverlap, nfft)
    step = nperseg - noverlap
    if boundary is not None:
        x = _extended(x, nperseg // 2, boundary)
    if padded:
        extra = (-(_np.shape(_peek(x))[-1] - nperseg) % step) % nperseg
        x = _np.pad(x, [(0, 0)] * (_np.ndim(_peek(x)) - 1) + [(0, extra)])
    onesided = _onesided(return_onesided, x)
    scale = 1.0 / (fs * (win * win).sum()) if scaling == "psd" else 1.0 / win.sum() ** 2
    result = _windowed_ffts(x, win, nperseg, noverlap, nfft, detrend, onesided) * _np.sqrt(scale)
    extended_length = _np.shape(_peek(x))[-1]
    time = _np.arange(nperseg / 2, extended_length - nperseg / 2 + 1, step) / float(fs)
    if boundary is not None:
        time -= (nperseg / 2) / fs
    freqs = _np.fft.rfftfreq(nfft, 1 / fs) if onesided else _np.fft.fftfreq(nfft, 1 / fs)
    result = _np.swapaxes(result, -1, -2)  # (..., frequencies, segments)
    return freqs, time, _np.moveaxis(result, -2, axis - 1 if axis < 0 else axis)


def csd(x, y, fs=1.0, window=_DEFAULT_WINDOW, nperseg=None, noverlap=None, nfft=None,
        detrend="constant", return_onesided=True, scaling="density", axis=-1, average="mean"):
    """The cross power spectral density ``(f, Pxy)`` by Welch's method, as
    ``scipy.signal.csd``: the mean (``average='mean'``) or median (``'median'``, with SciPy's
    bias correction, through ``np.median``'s rule) over segments of ``conj(X) Y``, ``X`` and
    ``Y`` the FFTs of the windowed, detrended segments. Differentiable in ``x`` and ``y``
    (real or complex) to every order. A shorter signal is zero-padded to the other's length.

    >>> import numpy as np, wengert.scipy.signal as wss
    >>> f, p = wss.csd(np.ones(8), np.arange(8.0), nperseg=4)
    >>> f
    array([0.  , 0.25, 0.5 ])

    .. versionadded:: 0.1
    """
    if scaling not in ("density", "spectrum"):
        raise ValueError(f"Parameter {scaling=} not in ['density', 'spectrum']!")
    if average not in ("mean", "median"):
        raise ValueError(f"Parameter {average=} must be 'median' or 'mean'!")
    same = y is x
    x = _np.moveaxis(x, axis, -1) if _np.ndim(_peek(x)) > 1 else x
    y = x if same else (_np.moveaxis(y, axis, -1) if _np.ndim(_peek(y)) > 1 else y)
    nx, ny = _np.shape(_peek(x))[-1], _np.shape(_peek(y))[-1]
    if nx != ny:  # (SciPy's: the shorter one padded with zeros)
        pad = lambda s, k: _np.pad(s, [(0, 0)] * (_np.ndim(_peek(s)) - 1) + [(0, k)])  # noqa: E731
        x, y = (pad(x, ny - nx), y) if nx < ny else (x, pad(y, nx - ny))
    length = max(nx, ny)
    win, nperseg = _segments_and_window(window, nperseg, length, 256)
    nfft, noverlap = _segment_lengths(nperseg, noverlap, nfft)
    onesided = _onesided(return_onesided, x, y)
    scale = 1.0 / (fs * (win * win).sum()) if scaling == "density" else 1.0 / win.sum() ** 2
    fx = _windowed_ffts(x, win, nperseg, noverlap, nfft, detrend, onesided)
    fy = fx if same else _windowed_ffts(y, win, nperseg, noverlap, nfft, detrend, onesided)
    pxy = _np.conj(fx) * fy * scale  # (..., segments, frequencies)
    if onesided:
        doubled = _np.ones(_np.shape(_peek(pxy))[-1])
        doubled[1:None if nfft % 2 else -1] = 2.0
        pxy = pxy * doubled
    count = _np.shape(_peek(pxy))[-2]
    if count > 1 and average == "median":
        halves = 2 * _np.arange(1.0, (count - 1) // 2 + 1)
        bias = 1 + _np.sum(1.0 / (halves + 1) - 1.0 / halves)
        if _is_complex(pxy):
            pxy = _np.median(_np.real(pxy), axis=-2) + 1j * _np.median(_np.imag(pxy), axis=-2)
        else:
            pxy = _np.median(pxy, axis=-2)
        pxy = pxy / bias
    else:
        pxy = _np.mean(pxy, axis=-2)
    if same:
        pxy = _np.real(pxy)
    freqs = _np.fft.rfftfreq(nfft, 1 / fs) if onesided else _np.fft.fftfreq(nfft, 1 / fs)
    return freqs, _np.moveaxis(pxy, -1, axis)


def welch(x, fs=1.0, window=_DEFAULT_WINDOW, nperseg=None, noverlap=None, nfft=None,
          detrend="constant", return_onesided=True, scaling="density", axis=-1, average="mean"):
    """The power spectral density ``(f, Pxx)`` by Welch's method, as ``scipy.signal.welch``:
    :func:`csd` of ``x`` with itself (real), differentiable in ``x`` to every order
    (quadratic).

    >>> import numpy as np, wengert as wg, wengert.scipy.signal as wss
    >>> f, p = wss.welch(np.array([1.0, -1.0, 1.0, -1.0]), nperseg=4, detrend=False, window="boxcar")
    >>> p  # all the power at the Nyquist frequency: 1 / (fs nperseg) * |4|^2
    array([0., 0., 4.])

    .. versionadded:: 0.1
    """
    return csd(x, x, fs=fs, window=window, nperseg=nperseg, noverlap=noverlap, nfft=nfft,
               detrend=detrend, return_onesided=return_onesided, scaling=scaling, axis=axis,
               average=average)


def istft(Zxx, fs=1.0, window=_DEFAULT_WINDOW, nperseg=None, noverlap=None, nfft=None, input_onesided=True,
          boundary=True, time_axis=-1, freq_axis=-2, scaling="spectrum"):
    """The inverse short-time Fourier transform ``(t, x)``, as ``scipy.signal.istft`` (SciPy's
    legacy function: its arguments, its values, its NOLA warning): the inverse FFT of each
    segment, windowed and overlap-added, divided by the summed squared windows.
    Differentiable in ``Zxx`` to every order (linear).

    >>> import numpy as np, wengert.scipy.signal as wss
    >>> x = np.arange(8.0)
    >>> t, back = wss.istft(wss.stft(x, nperseg=4)[2], nperseg=4)
    >>> np.allclose(back[:8], x)
    True

    .. versionadded:: 0.1
    """
    shape = _np.shape(_peek(Zxx))
    ndim = len(shape)
    if ndim < 2:
        raise ValueError("Input stft must be at least 2d!")
    freq_axis, time_axis = int(freq_axis) % ndim, int(time_axis) % ndim
    if freq_axis == time_axis:
        raise ValueError("Must specify differing time and frequency axes!")
    count = shape[time_axis]
    default = 2 * (shape[freq_axis] - 1) if input_onesided else shape[freq_axis]
    if nperseg is None:
        nperseg = default
    elif int(nperseg) < 1:
        raise ValueError("nperseg must be a positive integer")
    nperseg = int(nperseg)
    if nfft is None:
        nfft = nperseg if input_onesided and nperseg == default + 1 else default
    elif nfft < nperseg:
        raise ValueError("nfft must be greater than or equal to nperseg.")
    nfft = int(nfft)
    noverlap = nperseg // 2 if noverlap is None else int(noverlap)
    if noverlap >= nperseg:
        raise ValueError("noverlap must be less than nperseg.")
    step = nperseg - noverlap
    outer = [k for k in range(ndim) if k not in (freq_axis, time_axis)]
    Zxx = _np.transpose(Zxx, outer + [freq_axis, time_axis])
    if isinstance(window, (str, tuple)):
        win = _scipy_signal.get_window(window, nperseg)
    else:
        win = _np.asarray(window)
        if win.ndim != 1:
            raise ValueError("window must be 1-D")
        if win.shape[0] != nperseg:
            raise ValueError(f"window must have length of {nperseg}")
    if input_onesided:
        pieces = _np.fft.irfft(Zxx, n=nfft, axis=-2)[..., :nperseg, :]
    else:
        pieces = _np.fft.ifft(Zxx, n=nfft, axis=-2)[..., :nperseg, :]
    if scaling == "spectrum":
        pieces = pieces * win.sum()
    elif scaling == "psd":
        pieces = pieces * _np.sqrt(fs * sum(win ** 2))
    else:
        raise ValueError(f"Parameter {scaling=} not in ['spectrum', 'psd']!")
    length = nperseg + (count - 1) * step
    norm = _np.zeros(length)
    x = 0.0
    lead = [(0, 0)] * (_np.ndim(_peek(pieces)) - 2)
    for k in range(count):  # overlap-add, each segment padded to its place
        x = x + _np.pad(pieces[..., k] * win, lead + [(k * step, length - k * step - nperseg)])
        norm[k * step:k * step + nperseg] += win ** 2
    if boundary:
        x = x[..., nperseg // 2:-(nperseg // 2)]
        norm = norm[nperseg // 2:-(nperseg // 2)]
    if _np.sum(norm > 1e-10) != len(norm):
        _warnings.warn("NOLA condition failed, STFT may not be invertible."
                       + (" Possibly due to missing boundary" if not boundary else ""), stacklevel=2)
    x = x / _np.where(norm > 1e-10, norm, 1.0)
    if input_onesided:
        x = _np.real(x)
    if _np.ndim(_peek(x)) > 1 and time_axis != ndim - 1:
        x = _np.moveaxis(x, -1, time_axis - 1 if freq_axis < time_axis else time_axis)
    return _np.arange(_np.shape(_peek(x))[0]) / float(fs), x


for _fn12 in (stft, istft, csd, welch):
    _defcomposite(_fn12, _fn12, names=(f"scipy.signal.{_fn12.__name__}",))
__all__ = _bind(globals(), "scipy.signal")


# -- savgol_filter: a convolution with SciPy's coefficients, and at the edges ('interp') the
# least-squares polynomials of the first and last windows, both linear in the signal

from ..structured import is_traced as _is_traced  # noqa: E402
from .ndimage import convolve1d as _convolve1d  # noqa: E402


def savgol_filter(x, window_length, polyorder, deriv=0, delta=1.0, axis=-1, mode="interp", cval=0.0):
    """The Savitzky-Golay filter of ``x`` along ``axis``, as ``scipy.signal.savgol_filter`` (same
    arguments, values to rounding): linear in ``x`` (and ``cval``), so differentiable in them to
    every order, in every ``mode``. Away from the edges (every mode but ``'interp'`` everywhere) it
    is the convolution with SciPy's ``savgol_coeffs`` (:func:`wengert.scipy.ndimage.convolve1d`,
    the mode's extension); with ``mode='interp'`` (the default) the first and last ``window_length
    // 2`` values are those of the least-squares polynomials of the first and last windows: a
    fixed ``window_length`` x ``window_length`` matrix (SciPy's own filter of the identity)
    applied to them. With a plain ``x`` it is SciPy's own.

    >>> import numpy as np, wengert as wg, wengert.scipy.signal as wss
    >>> wg.grad_bp(lambda x: wss.savgol_filter(x, 3, 1)[2], np.zeros(5))  # the mean of 3
    array([0.        , 0.33333333, 0.33333333, 0.33333333, 0.        ])

    .. versionadded:: 0.1
    """
    if not (_is_traced(x) or _is_traced(cval)):
        return _scipy_signal.savgol_filter(x, window_length, polyorder, deriv=deriv, delta=delta, axis=axis,
                                           mode=mode, cval=cval)
    plain = _np.zeros(_np.shape(_peek(x)), dtype=_np.result_type(_peek(x)))  # (shape and dtype: no jit guard)
    if _np.iscomplexobj(plain):
        raise ValueError("wengert.scipy.signal.savgol_filter: x is complex, whose imaginary part SciPy's "
                         "savgol_filter discards (a ComplexWarning): filter x.real and x.imag apart")
    _scipy_signal.savgol_filter(plain, window_length, polyorder, deriv=deriv, delta=delta, axis=axis,
                                mode=mode)  # (SciPy's checks of the arguments, on zeros of x's shape)
    if plain.dtype not in (_np.float64, _np.float32):
        x = x.astype(float)
    coefficients = _scipy_signal.savgol_coeffs(window_length, polyorder, deriv=deriv, delta=delta)
    if mode != "interp":
        return _convolve1d(x, coefficients, axis=axis, mode=mode, cval=cval)
    y = _convolve1d(x, coefficients, axis=axis, mode="constant")
    # the edges: column k of `fitted` is SciPy's filter of the k-th unit window (its polynomial fits)
    fitted = _scipy_signal.savgol_filter(_np.eye(window_length), window_length, polyorder, deriv=deriv,
                                         delta=delta, axis=0, mode="interp")
    half, n = window_length // 2, plain.shape[axis]
    moved, out = _np.moveaxis(x, axis, 0), _np.moveaxis(y, axis, 0)
    first = _np.tensordot(fitted[:half], moved[:window_length], axes=1)
    last = _np.tensordot(fitted[window_length - half:], moved[n - window_length:], axes=1)
    out = _np.concatenate([first, out[half:n - half], last])
    if plain.dtype == _np.float32:  # (SciPy writes its edges, fitted in single precision, into float32)
        out = out.astype(_np.float32)
    return _np.moveaxis(out, 0, axis)


_defcomposite(savgol_filter, savgol_filter, names=("scipy.signal.savgol_filter",))
__all__ = _bind(globals(), "scipy.signal")


# -- lfilter (initial conditions, final state, coefficients), and sosfilt: the cascade of its
# second-order sections, each a differentiable lfilter

from ..errors import NoGradientRule as _NoGradientRule  # noqa: E402
from ..ops.scipy_linalg import lfilter_parts as _lfilter_parts  # noqa: E402
import scipy.linalg as _scipy_lstsq_module  # noqa: E402


def lfilter(b, a, x, axis=-1, zi=None):
    """The IIR (or FIR) filter ``b / a`` applied to ``x`` along ``axis``, as ``scipy.signal.lfilter``
    (SciPy's own values; with ``zi``, the initial conditions, the pair ``(y, zf)``, ``zf`` the
    final state), differentiable to every order in ``x``, ``zi`` and the coefficients ``b`` and
    ``a`` (``a[0]`` included: SciPy divides by it). ``y`` and ``zf`` solve one lower triangular
    Toeplitz system in ``a``: its transpose is the filter run backwards in time, so the pullback
    of ``x`` is ``flip(lfilter(b, a, flip(g)))`` (and a correction from ``zf``'s cotangent), that of
    ``b`` the correlation of the backward filter's output with ``x``, and that of ``a`` minus its
    correlation with ``y`` (``y`` filtered again). Real or complex (the transpose, no conjugate);
    ``zi`` may broadcast over ``x``'s other axes, as SciPy's.

    >>> import numpy as np, wengert as wg, wengert.scipy.signal as wss
    >>> wg.grad_bp(lambda x: wss.lfilter([1.0], [1.0, -0.5], x)[2], np.zeros(3))  # 0.5^2, 0.5, 1
    array([0.25, 0.5 , 1.  ])
    >>> wg.grad_bp(lambda a: wss.lfilter([1.0], a, np.array([1.0, 0.0]))[1], np.array([1.0, -0.5]))
    array([-1., -1.])

    .. versionadded:: 0.1
    """
    return _lfilter_parts(b, a, x, zi, axis)


def sosfilt(sos, x, axis=-1, zi=None):
    """The filter of second-order sections ``sos`` applied to ``x`` along ``axis``, as
    ``scipy.signal.sosfilt`` (values to rounding: SciPy runs the cascade in one loop; with
    ``zi``, of shape ``(n_sections, ..., 2, ...)``, the pair ``(y, zf)``): :func:`lfilter` of each
    section in turn, so differentiable to every order in ``x``, ``zi`` and ``sos`` (in the column
    ``sos[:, 3]``, which SciPy requires to be 1, the derivative is lfilter's, which divides by it).
    With plain arguments it is SciPy's own.

    >>> import numpy as np, wengert as wg, wengert.scipy.signal as wss
    >>> sos = np.array([[1.0, 0.0, 0.0, 1.0, -0.5, 0.0]])  # one pole at 0.5
    >>> wg.grad_bp(lambda x: wss.sosfilt(sos, x)[2], np.zeros(3))
    array([0.25, 0.5 , 1.  ])

    .. versionadded:: 0.1
    """
    if not (_is_traced(x) or _is_traced(sos) or _is_traced(zi)):
        return _scipy_signal.sosfilt(sos, x, axis=axis, zi=zi)
    shape = _np.shape(_peek(sos))
    stand_in = _np.zeros(shape)
    if len(shape) == 2 and shape[1] == 6:
        stand_in[:, 3] = 1.0
        if not _np.all(sos[:, 3] == 1):  # (a decision on the values: a guard under wengert.jit)
            raise ValueError("sos[:, 3] should be all ones")
    _scipy_signal.sosfilt(stand_in, _np.zeros(_np.shape(_peek(x)), dtype=_np.result_type(_peek(x))), axis=axis,
                          zi=None if zi is None else _np.zeros(_np.shape(_peek(zi))))  # (SciPy's checks of shapes)
    finals = []
    for k in range(shape[0]):
        if zi is None:
            x = lfilter(sos[k, :3], sos[k, 3:], x, axis=axis)
        else:
            x, final = lfilter(sos[k, :3], sos[k, 3:], x, axis=axis, zi=zi[k])
            finals.append(final)
    return x if zi is None else (x, _np.stack(finals))


def lfilter_zi(b, a):
    """The initial state of :func:`lfilter` for the steady state of the step response, as
    ``scipy.signal.lfilter_zi`` (SciPy's own values: the same linear system, solved by
    ``numpy.linalg.solve``), differentiable in ``b`` and ``a`` to every order (the solution of
    ``(I - A) zi = B``, ``A`` the companion matrix of ``a / a[0]`` transposed, ``B = b[1:] - a[1:]
    b[0]`` after the division).

    >>> import numpy as np, wengert as wg, wengert.scipy.signal as wss
    >>> wss.lfilter_zi([1.0], [1.0, -0.5])  # y = 1 / (1 - 0.5) = 2 for ones: zi = 0.5 * 2
    array([1.])
    >>> wg.grad_bp(lambda a: wss.lfilter_zi([1.0], a)[0], np.array([1.0, -0.5]))  # -a1 / (a0 (a0 + a1))
    array([-3., -4.])

    .. versionadded:: 0.1
    """
    if not (_is_traced(b) or _is_traced(a)):
        return _scipy_signal.lfilter_zi(b, a)
    b, a = _np.atleast_1d(b), _np.atleast_1d(a)
    if _np.ndim(_peek(b)) != 1:
        raise ValueError("Numerator b must be 1-D.")
    if _np.ndim(_peek(a)) != 1:
        raise ValueError("Denominator a must be 1-D.")
    while _np.shape(_peek(a))[0] > 1 and a[0] == 0.0:  # (SciPy's: leading zeros dropped; a guard under jit)
        a = a[1:]
    if _np.shape(_peek(a))[0] < 1 or a[0] == 0.0:
        raise ValueError("There must be at least one nonzero `a` coefficient.")
    b, a = b / a[0], a / a[0]  # (also where a[0] is 1: its derivative; the same bits)
    na, nb = _np.shape(_peek(a))[0], _np.shape(_peek(b))[0]
    n = max(na, nb)
    dtype = _np.result_type(_peek(a), _peek(b), 1.0)
    a = _np.concatenate([a, _np.zeros(n - na, dtype=_np.result_type(_peek(a)))])
    b = _np.concatenate([b, _np.zeros(n - nb, dtype=_np.result_type(_peek(b)))])
    # I - companion(a).T: 1 + a[1] and a[2:] in its first column, -1 above the diagonal (SciPy's entries)
    rest = (_np.eye(n - 1, dtype=dtype) - _np.eye(n - 1, k=1, dtype=dtype))[:, 1:]
    first = _np.eye(n - 1, dtype=dtype)[:, 0] + a[1:]
    matrix = _np.concatenate([first[:, None], rest], axis=1)
    return _np.linalg.solve(matrix, b[1:] - a[1:] * b[0])


def filtfilt(b, a, x, axis=-1, padtype="odd", padlen=None, method="pad", irlen=None):
    """The forward-backward filter ``b / a`` of ``x`` along ``axis`` (zero phase), as
    ``scipy.signal.filtfilt``: with ``method='pad'`` (the default) ``x`` extended at both ends by
    ``padtype`` (``'odd'``, ``'even'``, ``'constant'`` or None), filtered forwards and backwards
    by :func:`lfilter` from :func:`lfilter_zi`'s steady state, and cropped, as SciPy does step
    for step (its values, bit for bit along the last axis); differentiable to every order in
    ``x``, ``b`` and ``a``. ``method='gust'`` (Gustafsson's initial conditions, a least-squares
    solve linear in ``x``): differentiable to every order in ``x``, and in ``b`` and ``a`` (SciPy's
    matrices built with :func:`lfilter`, the solve by ``numpy.linalg.lstsq``, refused where its
    matrix loses column rank). With plain arguments it is SciPy's own.

    >>> import numpy as np, wengert as wg, wengert.scipy.signal as wss
    >>> x = np.array([1.0, 2.0, 0.0, -1.0, 3.0, 0.5, 1.0, 2.0])
    >>> np.allclose(wss.filtfilt([0.5], [1.0, -0.5], x, padlen=2), __import__("scipy.signal").signal.filtfilt(
    ...     [0.5], [1.0, -0.5], x, padlen=2))
    True

    .. versionadded:: 0.1
    """
    if not (_is_traced(b) or _is_traced(a) or _is_traced(x)):
        return _scipy_signal.filtfilt(b, a, x, axis=axis, padtype=padtype, padlen=padlen, method=method,
                                      irlen=irlen)
    b, a = _np.atleast_1d(b), _np.atleast_1d(a)
    plain_b, plain_a = _np.atleast_1d(_peek(b)), _np.atleast_1d(_peek(a))  # (their lengths, and gust's values)
    _scipy_signal.filtfilt(_np.ones(_np.shape(plain_b)), _np.ones(_np.shape(plain_a)),
                           _np.zeros(_np.shape(_peek(x)), dtype=_np.result_type(_peek(x))), axis=axis, padtype=padtype,
                           padlen=padlen, method=method, irlen=irlen)  # (SciPy's checks of the arguments)
    x = _np.moveaxis(x, axis, -1)
    if method == "gust":
        y = _filtfilt_gust(b, a, x, plain_b, plain_a, irlen)
    else:
        edge = 0 if padtype is None else (3 * max(len(plain_a), len(plain_b)) if padlen is None else padlen)
        if padtype is not None and edge > 0:
            x = _extended(x, edge, padtype)
        zi = lfilter_zi(b, a)
        y, _ = lfilter(b, a, x, zi=zi * x[..., :1])
        y, _ = lfilter(b, a, _np.flip(y, -1), zi=zi * y[..., -1:])
        y = _np.flip(y, -1)
        if edge > 0:
            y = y[..., edge:-edge]
    return _np.moveaxis(y, -1, axis)


def _gust_matrices(b, a, m, order):
    """SciPy's matrices of Gustafsson's method, differentiable in ``b`` and ``a``: ``M`` (the least-squares
    system of the initial conditions, ``2m x 2 order``) and ``W`` (their effect on the output), from ``O``
    (the filter's response to each initial state, ``m x order``) and ``S`` (``O`` row-reversed, filtered)."""
    impulse = _np.zeros(order)
    impulse[0] = 1.0
    response = lfilter(b, a, _np.zeros(m), zi=impulse)[0]
    columns = [response] + [_np.concatenate([_np.zeros(min(k, m)), response[:max(m - k, 0)]]) for k in range(1, order)]
    obs = _np.stack(columns, axis=1)
    return obs, lfilter(b, a, obs[::-1], axis=0)


def _gust_system(obs, s, full):
    """``M = [S^R - O, O^R - S]`` and ``W = [S^R, O^R]``, side by side (``full``) or block diagonal
    (SciPy's truncated impulse response, section IV of Gustafsson's paper)."""
    if full:
        return _np.concatenate([s[::-1] - obs, obs[::-1] - s], axis=1), _np.concatenate([s[::-1], obs[::-1]], axis=1)
    zeros = _np.zeros(_np.shape(_peek(obs)))

    def blocks(upper, lower):
        return _np.concatenate([_np.concatenate([upper, zeros], axis=1), _np.concatenate([zeros, lower], axis=1)])
    return blocks(s[::-1] - obs, obs[::-1] - s), blocks(s[::-1], obs[::-1])


def _filtfilt_gust(b, a, x, plain_b, plain_a, irlen):
    """Gustafsson's forward-backward filter (SciPy's ``_filtfilt_gust``, step for step), linear in ``x``
    along its last axis: the least-squares initial conditions ``M^+ (y_bf - y_fb)`` with ``M^+`` from
    SciPy's own matrices (plain: ``b`` and ``a`` are constants here), or, with traced ``b`` or ``a``,
    differentiable ones and ``numpy.linalg.lstsq`` (differentiable where ``M`` has full column rank, refused
    where it has not)."""
    order = max(len(plain_b), len(plain_a)) - 1
    if order == 0:
        if _is_traced(b) or _is_traced(a):
            return (b[0] / a[0]) ** 2 * x
        return (plain_b[0] / plain_a[0]) ** 2 * x
    n = _np.shape(_peek(x))[-1]
    m = n if irlen is None or n <= 2 * irlen else irlen
    if _is_traced(b) or _is_traced(a):
        return _filtfilt_gust_traced(b, a, x, m, n, order)
    impulse = _np.zeros(order)
    impulse[0] = 1
    obs = _np.zeros((m, order))
    obs[:, 0] = _scipy_signal.lfilter(plain_b, plain_a, _np.zeros(m), zi=impulse)[0]
    for k in range(1, order):
        obs[k:, k] = obs[:-k, 0]
    s = _scipy_signal.lfilter(plain_b, plain_a, obs[::-1], axis=0)
    if m == n:
        blocks, weights = _np.hstack((s[::-1] - obs, obs[::-1] - s)), _np.hstack((s[::-1], obs[::-1]))
    else:
        blocks, weights = _np.zeros((2 * m, 2 * order)), _np.zeros((2 * m, 2 * order))
        blocks[:m, :order], blocks[m:, order:] = s[::-1] - obs, obs[::-1] - s
        weights[:m, :order], weights[m:, order:] = s[::-1], obs[::-1]
    solver = _scipy_lstsq_module.lstsq(blocks, _np.eye(blocks.shape[0]))[0]  # ic = solver @ delta (plain)
    forward = lfilter(b, a, x)
    y_fb = _np.flip(lfilter(b, a, _np.flip(forward, -1)), -1)
    y_bf = lfilter(b, a, _np.flip(lfilter(b, a, _np.flip(x, -1)), -1))
    delta = y_bf - y_fb
    if m != n:
        delta = _np.concatenate([delta[..., :m], delta[..., n - m:]], axis=-1)
    correction = (delta @ solver.T) @ weights.T
    if m == n:
        return y_fb + correction
    middle = _np.zeros(_np.shape(_peek(y_fb))[:-1] + (n - 2 * m,))
    return y_fb + _np.concatenate([correction[..., :m], middle, correction[..., m:]], axis=-1)


def _filtfilt_gust_traced(b, a, x, m, n, order):
    """:func:`_filtfilt_gust` differentiable in ``b`` and ``a`` too (SciPy's steps: its least-squares
    solve by ``numpy.linalg.lstsq``, differentiable)."""
    obs, s = _gust_matrices(b, a, m, order)
    system, weights = _gust_system(obs, s, m == n)
    y_fb = _np.flip(lfilter(b, a, _np.flip(lfilter(b, a, x), -1)), -1)
    y_bf = lfilter(b, a, _np.flip(lfilter(b, a, _np.flip(x, -1)), -1))
    delta = y_bf - y_fb
    if m != n:
        delta = _np.concatenate([delta[..., :m], delta[..., n - m:]], axis=-1)
    batch = _np.shape(_peek(delta))[:-1]
    columns = _np.reshape(delta, (-1, _np.shape(_peek(delta))[-1])).T
    initial = _np.reshape(_np.linalg.lstsq(system, columns, rcond=None)[0].T, batch + (2 * order,))
    correction = initial @ weights.T
    if m == n:
        return y_fb + correction
    middle = _np.zeros(batch + (n - 2 * m,))
    return y_fb + _np.concatenate([correction[..., :m], middle, correction[..., m:]], axis=-1)


_defcomposite(lfilter, lfilter, names=("scipy.signal.lfilter",))
_defcomposite(sosfilt, sosfilt, names=("scipy.signal.sosfilt",))
_defcomposite(lfilter_zi, lfilter_zi, names=("scipy.signal.lfilter_zi",))
_defcomposite(filtfilt, filtfilt, names=("scipy.signal.filtfilt",))
__all__ = _bind(globals(), "scipy.signal")
