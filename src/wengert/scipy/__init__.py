"""SciPy, as wengert differentiates it (the optional extra: ``pip install "wengert[scipy]"``).

``import wengert`` never imports SciPy; importing this package does, and registers the
rules of ``scipy.special``'s ufuncs, which then record themselves when called on a Var
(``scipy.special.gammaln(v)``, as ``np.exp(v)``). :mod:`wengert.scipy.special` adds the
functions SciPy writes in Python (``polygamma``, ``logsumexp``, ``softmax``...); :mod:`wengert.scipy.stats` has the
densities of ``scipy.stats``' distributions (``stats.norm.logpdf(x, loc, scale)``),
composed from differentiable calls. :mod:`wengert.scipy.linalg` (``solve_triangular``,
``solve_banded``, ``solve_sylvester``, ``sqrtm``) and :mod:`wengert.scipy.signal` (``convolve``) wrap
SciPy's functions with their rules. :func:`supported` lists everything covered.

>>> import wengert as wg, wengert.scipy.special as wsp
>>> round(float(wg.grad_bp(wsp.erf, 0.0)), 6)  # 2 / sqrt(pi)
1.128379

.. versionadded:: 0.1
"""
from . import linalg, signal, special, stats
from ..primitive import is_nondifferentiable as _is_nondifferentiable
from ..primitive import lookup as _lookup

__all__ = ["linalg", "signal", "special", "stats", "supported"]


def _kind(fn):
    prim = _lookup(fn)
    if prim is not None:
        return "gradient" if prim.higher_order else "first order"
    if _is_nondifferentiable(fn):
        return "no gradient"
    return None


def supported():
    """Every function of ``wengert.scipy`` and how wengert differentiates it.

    Returns a dict ``"special.<name>"``, ``"stats.<distribution>.<name>"``,
    ``"linalg.<name>"`` or ``"signal.<name>"`` -> kind, with
    kind ``"gradient"`` (derivatives of every order) or ``"no gradient"`` (plain values), as in
    :func:`wengert.numpy.supported`.

    >>> import wengert.scipy
    >>> table = wengert.scipy.supported()
    >>> table["special.gammaln"], table["stats.norm.logpdf"]
    ('gradient', 'gradient')

    .. versionadded:: 0.1
    """
    table = {}
    for name in special.__all__:
        kind = "gradient" if name in special.COMPOSITES else _kind(getattr(special, name))
        if kind is None:
            raise RuntimeError(f"wengert.scipy.special.{name} has no gradient rule (internal error)")
        table[f"special.{name}"] = kind
    for distribution, names in stats.FUNCTIONS.items():  # composed: every order
        table.update({f"stats.{distribution}.{name}": "gradient" for name in names})
    for module in (linalg, signal):  # SciPy's Python functions, wrapped with their rules
        prefix = module.__name__.rsplit(".", 1)[1]
        table.update({f"{prefix}.{name}": _kind(getattr(module, name)) for name in module.__all__})
    return dict(sorted(table.items()))
