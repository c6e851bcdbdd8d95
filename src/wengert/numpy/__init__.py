"""NumPy, as wengert differentiates it: every function with a gradient rule, by its NumPy name.

Plain NumPy calls on Vars already record themselves (``np.exp(v)``, ``W @ v``), through
``__array_ufunc__`` and ``__array_function__``; this namespace names what is covered, for
explicit use (``import wengert.numpy as wnp``), and adds what NumPy does not have
(the logistic function; ``logsumexp``, ``softmax`` and ``log_softmax``,
stable for large inputs; ``row_stack``, which is ``np.vstack`` without NumPy 2's
deprecation warning) and what it cannot dispatch (``array``, which builds an
array from a nested list of Vars: ``np.array([v, w])`` never reaches wengert; ``r_`` and
``c_``, as ``np.r_[v, w]`` converts its items with ``np.array``). The other names here
are the NumPy functions, which also accept list and tuple arguments holding Vars: NumPy's
dispatch sees only the arguments themselves, so ``np.mean([x, x + 2])`` cannot record
(it raises, naming ``wnp.mean``), while ``wnp.mean([x, x + 2])`` first builds the array
with ``wnp.array``, as ``autograd.numpy`` does. ``wnp.exp.plain is np.exp``.

Its names are not listed here: each function is declared once, with its rule, in
``wengert.ops`` (see :mod:`wengert.primitive`), and this namespace, its ``__all__`` and
:func:`supported` are read from those declarations. :func:`supported` lists every function
and how it is differentiated; functions with no
gradient (``argmax``, ``floor``, comparisons...) return plain values, never Vars.

>>> import numpy as np, wengert as wg, wengert.numpy as wnp
>>> wg.grad_bp(lambda x: wnp.sum(wnp.exp(x)), np.zeros(2))
array([1., 1.])

.. versionadded:: 0.1
"""
import builtins as _builtins
import functools as _functools
from typing import Any as _Any, Dict as _Dict, List as _List

from .. import ops as _ops  # noqa: F401  (declares every function: this namespace is read from them)
from .._backend import Var as _Var
from ..structured import is_traced as _is_traced
from ..primitive import bind as _bind
from ..primitive import kind as _kind
from ..primitive import namespace as _namespace
from ..primitive import no_such_name as _no_such_name

#: this namespace's functions, from their declarations in wengert.ops: the NumPy functions
#: by their NumPy names ("exp", "abs", "linalg.det") and wengert's own ("logsumexp", "r_").
_DECLARED = _namespace("numpy")

from . import linalg  # numpy.linalg, listed by supported() as "linalg.<name>"  # noqa: E402
from . import fft  # numpy.fft, listed by supported() as "fft.<name>"  # noqa: E402
from . import emath  # numpy.emath, listed as "emath.<name>"  # noqa: E402
from . import lib  # numpy.lib.stride_tricks, listed as "lib.stride_tricks.<name>"  # noqa: E402

__all__ = _bind(globals(), "numpy") + ["supported", "first_order_only"]


def __getattr__(name: str) -> _Any:  # (type checkers see the declared names through this)
    raise _no_such_name(__name__, name)


def supported() -> _Dict[str, str]:
    """Every function of this namespace and how wengert differentiates it.

    Returns a dict ``name -> kind``, where kind is ``"gradient"`` (derivatives of every
    order), ``"first order"`` (a second derivative through it raises) or
    ``"no gradient"`` (it returns plain values). Submodules' functions are listed as
    ``"linalg.<name>"``, ``"fft.<name>"``, ``"emath.<name>"`` and
    ``"lib.stride_tricks.<name>"``.

    >>> import wengert.numpy as wnp
    >>> table = wnp.supported()
    >>> table["exp"], table["argmax"], table["prod"]
    ('gradient', 'no gradient', 'gradient')

    .. versionadded:: 0.1
    """
    return {name: _kind(_DECLARED[name]) for name in sorted(_DECLARED)}


def first_order_only() -> _List[str]:
    """Names of the functions whose second derivative wengert does not provide.

    Differentiating through one of them twice raises :class:`~wengert.NoGradientRule`
    rather than giving a wrong number.

    >>> import wengert.numpy as wnp
    >>> "prod" in wnp.first_order_only()
    False

    .. versionadded:: 0.1
    """
    return [name for name, kind in supported().items() if kind == "first order"]


# -- Vars inside list arguments ----------------------------------------------------------
# Every function of this namespace and of its submodules (linalg...), whoever added it,
# is wrapped once here, when the module is first imported; ``array`` is left as it is.

def _holds_var(x):
    t = type(x)
    if t is _Var or _is_traced(x):  # a Var, or a forward-mode Dual
        return True
    # builtins' any: this module binds NumPy's names (any, all, sum, max...) over Python's
    return (t is list or t is tuple) and _builtins.any(_holds_var(item) for item in x)


def _as_array(x):
    return _DECLARED["array"].exposed(x) if (type(x) is list or type(x) is tuple) and _holds_var(x) else x


def _items_as_arrays(x):
    if type(x) is list or type(x) is tuple:
        return type(x)(_as_array(item) for item in x)
    return x


class ListArgsFunction:
    """A NumPy function (``plain``) that also takes lists and tuples holding Vars.

    Such an argument becomes an array through :func:`array` (one recorded node) before
    ``plain`` is called. For a function that takes a sequence of arrays (registered with
    ``wengert.ops._util.sequence_function``: ``concatenate``, ``stack``,
    ``linalg.multi_dot``...; or any declared ``collects_sequences=True``), it is each item of the sequence that becomes an array.
    Every other call goes straight to ``plain``, and its attributes (a ufunc's
    ``reduce``, ``nin``...) are ``plain``'s.

    >>> import wengert as wg, wengert.numpy as wnp
    >>> wg.grad_bp(lambda x: wnp.mean([x, x + 2.0, 3.0 * x]), 1.0)
    1.6666666666666665

    .. versionadded:: 0.1
    """
    wraps_numpy_function = True  # wengert.defvjp(wnp.f, ...) gives the rules to f itself

    def __init__(self, plain, convert):
        _functools.update_wrapper(self, plain, updated=())
        self.plain = plain
        self._convert = convert

    def __call__(self, *args, **kwargs):
        for a in args:
            if type(a) is list or type(a) is tuple:
                return self._converted(args, kwargs)
        if kwargs:
            for a in kwargs.values():
                if type(a) is list or type(a) is tuple:
                    return self._converted(args, kwargs)
        return self.plain(*args, **kwargs)

    def _converted(self, args, kwargs):
        convert = self._convert
        return self.plain(*[convert(a) for a in args], **{k: convert(v) for k, v in kwargs.items()})

    def __getattr__(self, name):
        return getattr(self.plain, name)

    def __repr__(self):
        return f"<wengert.numpy version of {self.plain!r}>"


def _takes_var_lists(name, prim):
    fn = prim.exposed
    if name == "array" or not callable(fn):
        return fn
    if name == "block":  # its nested lists are its structure, not arrays to build;
        return fn        # NumPy's dispatch sees the Vars inside them (np.block is composite)
    return ListArgsFunction(fn, _items_as_arrays if prim.collects_sequences else _as_array)


for _module in (globals(), vars(linalg), vars(fft), vars(emath), vars(lib.stride_tricks)):
    _prefix = "" if _module is globals() else _module["__name__"].partition("wengert.numpy.")[2] + "."
    for _name in _module["__all__"]:
        if _prefix + _name in _DECLARED:
            _module[_name] = _takes_var_lists(_name, _DECLARED[_prefix + _name])
del _module, _prefix, _name
