"""The slow paths and rule tables the Python layer installs into the compiled core
(internal; use ``wengert.*``).

The compiled modules handle the common cases in C (float arithmetic, plain NumPy calls
of registered functions, record fields) and hand everything else to Python functions
that ``wengert._dispatch`` installs here with :func:`install_hooks`. Until then, every
hook raises: the core is not usable without wengert's Python layer.
"""

from cpython.dict cimport PyDict_GetItemRef
from cpython.object cimport PyObject
from cpython.ref cimport Py_DECREF


def _hooks_missing(*args, **kwargs):
    raise RuntimeError("wengert's compiled core was imported without wengert; import wengert first")


binary = get_attribute = get_item = iterate = _hooks_missing
array_ufunc = array_function = check_live = conversion_error = _hooks_missing
innermost = missing_rule = first_order_pullback = real_pullback = sum_kept = _hooks_missing
dtype_kind = _hooks_missing
record_fields = partial = _hooks_missing
array_type = None
rules = {}
operators = {}
elementary = {}
cdef dict _field_sets = {}   # record type -> frozenset of its field names (None: not a record)
cdef Py_ssize_t TYPE_CACHE_MAX = 4096  # as wengert.tree.TYPE_CACHE_MAX
cdef dict _dtype_kinds = {}  # dtype -> its GradientKind, as dtype_kind answered
cdef object _MISSING = object()


def install_hooks(*, binary, getattr, getitem, iterate, array_ufunc, array_function, check_live,
                  innermost, missing_rule, first_order_pullback, rules, operators, elementary,
                  record_fields, partial, array_type, sum_kept, dtype_kind, real_pullback,
                  conversion_error):
    """Install the Python slow paths and rule tables. Called once by ``wengert._dispatch``."""
    _install(binary, getattr, getitem, iterate, array_ufunc, array_function, check_live,
             innermost, missing_rule, first_order_pullback, rules, operators, elementary,
             record_fields, partial, array_type, sum_kept, dtype_kind, real_pullback,
             conversion_error)


cdef _install(binary_, getattr_, getitem_, iterate_, array_ufunc_, array_function_, check_live_,
              innermost_, missing_rule_, first_order_pullback_, dict rules_, dict operators_,
              dict elementary_, record_fields_, partial_, array_type_, sum_kept_, dtype_kind_,
              real_pullback_, conversion_error_):
    global binary, get_attribute, get_item, iterate, array_ufunc, array_function, check_live
    global innermost, missing_rule, first_order_pullback, rules, operators, elementary
    global record_fields, partial, array_type, sum_kept, dtype_kind, real_pullback, conversion_error
    binary, get_attribute, get_item, iterate = binary_, getattr_, getitem_, iterate_
    array_ufunc, array_function = array_ufunc_, array_function_
    check_live, conversion_error = check_live_, conversion_error_
    innermost, missing_rule = innermost_, missing_rule_
    first_order_pullback, real_pullback = first_order_pullback_, real_pullback_
    array_type, sum_kept, dtype_kind = array_type_, sum_kept_, dtype_kind_
    rules, operators, elementary = rules_, operators_, elementary_
    record_fields, partial = record_fields_, partial_
    _field_sets.clear()
    _dtype_kinds.clear()


cdef object dict_get(dict d, object key, object default):
    # d.get(key, default) holding a strong reference from inside the dict's own lookup
    # (PyDict_GetItemRef; Cython backports it before 3.13). Cython's d.get borrows the value,
    # which is safe only under the GIL: without it another thread may replace the value (a
    # rule registered again) and free it between the lookup and its use.
    cdef PyObject* found = NULL
    if PyDict_GetItemRef(d, key, &found) == 0:
        return default
    value = <object>found
    Py_DECREF(value)  # the reference PyDict_GetItemRef gave; `value` holds its own
    return value


cdef object fields_of(object cls):
    fields = dict_get(_field_sets, cls, _MISSING)
    if fields is _MISSING:
        names = record_fields(cls)
        # setdefault: a stored value is never replaced, so what a thread read stays alive
        # (two threads may both compute it; the first to store wins).
        if len(_field_sets) >= TYPE_CACHE_MAX:  # types made at run time must not pile up
            _field_sets.clear()
        fields = _field_sets.setdefault(cls, None if names is None else frozenset(names))
    return fields


cdef int gradient_kind(object value) except -1:
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
    kind = dict_get(_dtype_kinds, dtype, None)
    if kind is None:
        kind = dtype_kind(dtype)
        if kind not in (NO_GRADIENT, REAL, OTHER):
            raise ValueError(f"dtype_kind({dtype!r}) gave {kind!r}, not a GradientKind (0, 1 or 2)")
        _dtype_kinds.setdefault(dtype, kind)
    return kind
