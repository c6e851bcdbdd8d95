# Declarations of the slow paths and rule tables that the Python layer installs into the
# compiled core (wengert._dispatch calls install_hooks once, at import). The compiled
# modules above (_var, _engine, _views, _scalar) read them here; this module imports none
# of them, so the core has no cimport cycle.

# -- Var's slow paths ----------------------------------------------------------------------
cdef object binary           # binary(name, x, y): arithmetic with no registered operator rule
cdef object get_attribute    # getattr(var, name): record field, array attribute or method
cdef object get_item         # getitem(var, key): item, slice or index view
cdef object iterate          # iterate(var): iterator of item views
cdef object array_ufunc      # array_ufunc(ufunc, method, inputs, kwargs): all but plain calls
cdef object array_function   # array_function(func, types, args, kwargs)
cdef object check_live       # check_live(tape, var): raises the error for a Var not live here
cdef object conversion_error # conversion_error(kind) -> the error for float() / __array__ of a Var

# -- the primitive engine's --------------------------------------------------------------
cdef object innermost        # innermost(vars) -> the innermost live tape among theirs
cdef object missing_rule     # missing_rule(prim, argnum) -> the exception to raise
cdef object first_order_pullback  # (prim, rule, ans, values, kwargs) -> guarded pullback
cdef object real_pullback    # real_pullback(pullback, value, ans): pullback, or one taking real parts
cdef object array_type       # the array type whose cotangents staged rules sum with sum_kept
cdef object sum_kept         # sum_kept(g, axes): g (of array_type) summed over axes, kept with length 1
cdef object dtype_kind       # dtype_kind(dtype) -> the GradientKind of values of that dtype

# -- structured views' ---------------------------------------------------------------------
cdef object record_fields    # record_fields(cls) -> field names of a record type, or None
cdef object partial          # Partial(parts): a cotangent holding only some parts

# -- the rule tables, shared with (not copied from) the Python layer -----------------------
cdef dict rules              # plain function (np.exp) -> Rule: wengert.primitive's registry
cdef dict operators          # operator name ("multiply") -> Rule, for Var's arithmetic dunders
cdef dict elementary         # elementary function name ("exp") -> Rule, for wg.exp & co. on non-floats

cdef object dict_get(dict d, object key, object default)  # d.get(key, default), safe without the GIL
cdef object fields_of(object cls)  # the frozenset of a record type's field names (cached), or None


# Whether a value carries a gradient: the one predicate for results of primitives (a plain
# value comes back, no node) and for parts of structured values (read as plain constants).
cdef enum GradientKind:
    NO_GRADIENT = 0  # None, bool, int, str, bytes; arrays of booleans, integers, strings...
    REAL = 1         # a float, or a real floating-point array or NumPy scalar
    OTHER = 2        # complex, a structure, a user type: may carry a (complex) gradient

cdef int gradient_kind(object value) except -1  # a value's GradientKind (dtypes: via dtype_kind)
