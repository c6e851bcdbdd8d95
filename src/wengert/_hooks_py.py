"""The slow paths and rule tables the Python layer installs into the core, in pure Python:
the reference twin of ``csrc/wengert/_hooks.pyx`` (internal; use ``wengert.*``).

The core handles the common cases itself (float arithmetic, plain NumPy calls of
registered functions, record fields) and hands everything else to Python functions that
``wengert._dispatch`` installs here with :func:`install_hooks`. Until then, every hook
raises: the core is not usable without wengert's Python layer. The other twins read the
hooks as attributes of this module (``_hooks.binary(...)``), as the compiled modules
read the globals ``_hooks.pxd`` declares.
"""
from typing import Any, Dict

# Whether a value carries a gradient (``_hooks.pxd``'s GradientKind): the one predicate for
# results of primitives and for parts of structured values.
NO_GRADIENT = 0  # None, bool, int, str, bytes; arrays of booleans, integers, strings...
REAL = 1         # a float, or a real floating-point array or NumPy scalar
OTHER = 2        # complex, a structure, a user type: may carry a (complex) gradient


def _hooks_missing(*args, **kwargs):
    raise RuntimeError("wengert's compiled core was imported without wengert; import wengert first")


# -- Var's slow paths ----------------------------------------------------------------------
binary: Any = _hooks_missing           # binary(name, x, y): arithmetic with no registered operator rule
get_attribute: Any = _hooks_missing    # getattr(var, name): record field, array attribute or method
get_item: Any = _hooks_missing         # getitem(var, key): item, slice or index view
iterate: Any = _hooks_missing          # iterate(var): iterator of item views
array_ufunc: Any = _hooks_missing      # array_ufunc(ufunc, method, inputs, kwargs): all but plain calls
array_function: Any = _hooks_missing   # array_function(func, types, args, kwargs)
check_live: Any = _hooks_missing       # check_live(tape, var): raises the error for a Var not live here
conversion_error: Any = _hooks_missing  # conversion_error(kind) -> the error for float() / __array__ of a Var
# -- the primitive engine's ------------------------------------------------------------------
innermost: Any = _hooks_missing        # innermost(vars) -> the innermost live tape among theirs
missing_rule: Any = _hooks_missing     # missing_rule(prim, argnum) -> the exception to raise
first_order_pullback: Any = _hooks_missing  # (prim, rule, ans, values, kwargs) -> guarded pullback
real_pullback: Any = _hooks_missing    # real_pullback(pullback, value, ans): pullback, or one taking real parts
array_type: Any = None                 # the array type whose cotangents staged rules sum with sum_kept
sum_kept: Any = _hooks_missing         # sum_kept(g, axes): g (of array_type) summed over axes, kept with length 1
dtype_kind: Any = _hooks_missing       # dtype_kind(dtype) -> the GradientKind of values of that dtype
# -- structured views' -----------------------------------------------------------------------
record_fields: Any = _hooks_missing    # record_fields(cls) -> field names of a record type, or None
partial: Any = _hooks_missing          # Partial(parts): a cotangent holding only some parts
# -- the rule tables, shared with (not copied from) the Python layer ---------------------------
rules: Dict[Any, Any] = {}             # plain function (np.exp) -> Rule: wengert.primitive's registry
operators: Dict[str, Any] = {}         # operator name ("multiply") -> Rule, for Var's arithmetic dunders
elementary: Dict[str, Any] = {}        # elementary function name ("exp") -> Rule, for wg.exp & co. on non-floats

_field_sets: Dict[Any, Any] = {}   # record type -> frozenset of its field names (None: not a record)
TYPE_CACHE_MAX = 4096  # as wengert.tree.TYPE_CACHE_MAX
_dtype_kinds: Dict[Any, int] = {}  # dtype -> its GradientKind, as dtype_kind answered
_MISSING = object()


def install_hooks(*, binary, getattr, getitem, iterate, array_ufunc, array_function, check_live,
                  innermost, missing_rule, first_order_pullback, rules, operators, elementary,
                  record_fields, partial, array_type, sum_kept, dtype_kind, real_pullback,
                  conversion_error):
    """Install the Python slow paths and rule tables. Called once by ``wengert._dispatch``."""
    for table in (rules, operators, elementary):
        if type(table) is not dict:
            raise TypeError(f"Argument has incorrect type (expected dict, got {type(table).__name__})")
    globals().update(
        binary=binary, get_attribute=getattr, get_item=getitem, iterate=iterate,
        array_ufunc=array_ufunc, array_function=array_function, check_live=check_live,
        conversion_error=conversion_error, innermost=innermost, missing_rule=missing_rule,
        first_order_pullback=first_order_pullback, real_pullback=real_pullback,
        array_type=array_type, sum_kept=sum_kept, dtype_kind=dtype_kind,
        rules=rules, operators=operators, elementary=elementary,
        record_fields=record_fields, partial=partial)
    _field_sets.clear()
    _dtype_kinds.clear()


def fields_of(cls):
    """The frozenset of a record type's field names (cached), or None (internal)."""
    fields = _field_sets.get(cls, _MISSING)
    if fields is _MISSING:
        names = record_fields(cls)
        # setdefault, as the compiled core: a stored value is never replaced (two threads
        # may both compute it; the first to store wins).
        if len(_field_sets) >= TYPE_CACHE_MAX:  # types made at run time must not pile up
            _field_sets.clear()
        fields = _field_sets.setdefault(cls, None if names is None else frozenset(names))
    return fields


def gradient_kind(value):
    """A value's GradientKind (dtypes: via ``dtype_kind``, asked once per dtype; internal)."""
    t = type(value)
    if t is float:
        return REAL
    if value is None or t is int or t is bool or t is str or t is bytes:
        return NO_GRADIENT
    dtype = getattr(value, "dtype", None)
    if dtype is None:
        # an int subclass (an IntEnum, an IntFlag) is an integer, a str subclass (a StrEnum)
        # a string: a constant, as an int or a str is
        return NO_GRADIENT if isinstance(value, (int, str, bytes)) else OTHER
    kind = _dtype_kinds.get(dtype)
    if kind is None:
        kind = dtype_kind(dtype)
        if kind not in (NO_GRADIENT, REAL, OTHER):
            raise ValueError(f"dtype_kind({dtype!r}) gave {kind!r}, not a GradientKind (0, 1 or 2)")
        _dtype_kinds.setdefault(dtype, kind)
    return kind
