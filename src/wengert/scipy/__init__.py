"""SciPy, as wengert differentiates it (the optional extra: ``pip install "wengert[scipy]"``).

``import wengert`` never imports SciPy; importing this package does, and registers the
rules of ``scipy.special``'s ufuncs, which then record themselves when called on a Var
(``scipy.special.gammaln(v)``, as ``np.exp(v)``). :mod:`wengert.scipy.special` adds the
functions SciPy writes in Python (``polygamma``, ``logsumexp``, ``softmax``...); :mod:`wengert.scipy.stats` has the
densities of ``scipy.stats``' distributions (``stats.norm.logpdf(x, loc, scale)``),
composed from differentiable calls. :mod:`wengert.scipy.linalg` (``solve_triangular``,
``expm``, ``sqrtm``, ``logm``, ``schur``...), :mod:`wengert.scipy.signal` (``convolve``,
``fftconvolve``, ``stft``, ``welch``...) and :mod:`wengert.scipy.fft` (``dct``, ``idct``, ``dctn``,
``idctn``) wrap SciPy's functions with their rules; :mod:`wengert.scipy.integrate` has ``odeint``,
differentiated by the adjoint method, ``trapezoid`` and ``cumulative_trapezoid``; :mod:`wengert.scipy.interpolate` has
``RegularGridInterpolator``, ``interpn``, ``CubicSpline``, ``make_interp_spline``, ``BSpline`` and ``interp1d``,
:mod:`wengert.scipy.ndimage` ``map_coordinates`` (every order), ``spline_filter``, ``spline_filter1d`` and the
linear filters (``correlate``, ``convolve``, ``uniform_filter``, ``gaussian_filter`` and their 1-d forms). :func:`supported` lists everything covered.

>>> import wengert as wg, wengert.scipy.special as wsp
>>> round(float(wg.grad_bp(wsp.erf, 0.0)), 6)  # 2 / sqrt(pi)
1.128379

.. versionadded:: 0.1
"""
from . import fft, integrate, interpolate, linalg, ndimage, signal, special, stats
from ..primitive import declared as _declared
from ..primitive import kind as _kind

__all__ = ["fft", "integrate", "interpolate", "linalg", "ndimage", "signal", "special", "stats", "supported"]


def supported():
    """Every function of ``wengert.scipy`` and how wengert differentiates it.

    Returns a dict ``"special.<name>"``, ``"stats.<distribution>.<name>"``,
    ``"linalg.<name>"``, ``"signal.<name>"``, ``"integrate.<name>"``, ``"fft.<name>"``,
    ``"interpolate.<name>"`` or ``"ndimage.<name>"`` -> kind, with
    kind ``"gradient"`` (derivatives of every order) or ``"no gradient"`` (plain values), as in
    :func:`wengert.numpy.supported`.

    >>> import wengert.scipy
    >>> table = wengert.scipy.supported()
    >>> table["special.gammaln"], table["stats.norm.logpdf"]
    ('gradient', 'gradient')

    .. versionadded:: 0.1
    """
    # special, linalg, signal, integrate: the declared functions (wengert.ops.scipy_special,
    # wengert.ops.scipy_linalg, wengert.scipy.integrate, the composites of wengert.scipy.special)
    table = {name.partition(".")[2]: _kind(prim) for name, prim in _declared("scipy.").items()}
    for distribution, names in stats.FUNCTIONS.items():  # composed: every order
        table.update({f"stats.{distribution}.{name}": "gradient" for name in names})
    return dict(sorted(table.items()))
