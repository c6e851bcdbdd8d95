"""The primitive engine: rules, staging and ``apply`` (internal; use ``wengert.*``).

``apply(rule, args, kwargs)`` calls a primitive's function on the plain values of its
arguments and, if any argument is a live Var, records one node whose pullbacks are the
argument's staged rules (``Rule``: a primitive's compiled core; ``StagedRule``: a VJP of an
elementwise function, staged in C). Var's arithmetic and the elementary functions reach it
for everything that is not float-with-float.
"""
from cpython.mem cimport PyMem_Free, PyMem_Malloc

cimport wengert._hooks as _hooks
cimport wengert._var as _var
from wengert._tape cimport Tape
from wengert._var cimport Var, is_live, raise_not_live, value_of, wrap


import numpy as np

cdef object _MISSING = object()
cdef object _ndarray = np.ndarray

#: The types of positional arguments none of which is or holds a Var or a forward-mode
#: Dual (not a list or tuple, which may hold one): a primitive whose ``fun`` wraps a
#: function to look for them (``Rule.plain_fun``) calls that function at once on these.
PLAIN_TYPES = frozenset({np.ndarray, float, int, bool, complex, np.float64, np.float32, np.complex128,
                         np.int64, type(None), str})
cdef frozenset _plain_types = PLAIN_TYPES


cdef class Rule:
    """The compiled core of a primitive: the function, its staged VJP rules, its name.

    Internal; see ``wengert.primitive.Primitive``, its Python subclass. ``vjps`` maps an
    argument position to ``rule(ans, *args, **kwargs) -> (g -> cotangent)`` or to None
    (no gradient there); ``higher_order`` is False when the rules work on plain values only.
    ``plain_fun``, if not None, is the function ``fun`` wraps to look for Vars of outer tapes
    and forward-mode Duals among the positional arguments: ``apply`` calls it instead of
    ``fun`` where there are one or more positional arguments, all of ``PLAIN_TYPES``.
    """
    def __call__(self, *args, **kwargs):
        return apply(self, args, kwargs)


cdef class StagedRule:
    """A staged VJP rule for an elementwise function, compiled: ``rule(g, ans, x[, y])``.

    ``StagedRule(rule, argnum, uses, unbroadcast)`` is what ``defvjp`` takes for argument
    ``argnum`` of a function of one or two arguments (``rule=None``: the cotangent passes
    through unchanged). Staging keeps only the values the
    rule reads (``uses``: ``a`` the result, ``x``, ``y``; the others are passed as None,
    so the tape does not keep them alive), and when broadcasting stretched the argument
    the pullback sums the cotangent back: over axes worked out here when it is a plain
    array, else with ``unbroadcast(g, shape)``. ``keep_ans_if(x, y)`` (y None for a unary
    function), where given, says per call whether the rule reads the result too where
    ``uses`` lacks ``a`` (power's, with an exponent y - 1 rounds in); ``keep_x_if(x, y)`` likewise
    for ``x`` where ``uses`` lacks ``x`` (exp's, where e^x is below the normal range). It does in C what a Python staging
    function and its closure would do, and leaves one Python call (the rule's) in the
    backward sweep.

    >>> import numpy as np
    >>> stage = StagedRule(lambda g, ans, x: g * ans, 0, "a", None)
    >>> pullback = stage(np.exp(np.zeros(2)), np.zeros(2))
    >>> pullback(np.array([1.0, 2.0]))
    array([1., 2.])
    """
    def __init__(self, rule, Py_ssize_t argnum, str uses, unbroadcast, keep_ans_if=None, keep_x_if=None):
        if rule is not None and not callable(rule):
            raise TypeError("StagedRule: rule must be callable, or None for a cotangent "
                            "that passes through unchanged (as for add)")
        if argnum not in (0, 1):
            raise ValueError("StagedRule: argnum must be 0 or 1")
        self.rule = rule
        self.argnum = argnum
        self.keep_ans, self.keep_x, self.keep_y = "a" in uses, "x" in uses, "y" in uses
        self.unbroadcast = unbroadcast
        self.keep_ans_if = keep_ans_if
        self.keep_x_if = keep_x_if

    def __call__(self, ans, x, y=_MISSING, **kwargs):
        return self.stage(ans, x, y)

    cdef StagedPullback stage1(self, object ans, object x):
        # stage() for a function of one argument (no second argument, nothing to sum back)
        cdef StagedPullback pb = StagedPullback.__new__(StagedPullback)
        pb.rule = self.rule
        pb.ans = ans if self.keep_ans or (self.keep_ans_if is not None and self.keep_ans_if(x, None)) else None
        pb.x = x if self.keep_x or (self.keep_x_if is not None and self.keep_x_if(x, None)) else None
        return pb

    cdef StagedPullback stage(self, object ans, object x, object y):
        if y is _MISSING:
            return self.stage1(ans, x)
        cdef StagedPullback pb = StagedPullback.__new__(StagedPullback)
        pb.rule = self.rule
        pb.binary = True
        pb.ans = ans if self.keep_ans or (self.keep_ans_if is not None and self.keep_ans_if(x, y)) else None
        pb.x = x if self.keep_x or (self.keep_x_if is not None and self.keep_x_if(x, y)) else None
        pb.y = y if self.keep_y else None
        if self.unbroadcast is not None:
            shape = _shape(y if self.argnum else x)
            full = _shape(ans)
            if shape != full:  # broadcasting stretched this argument: sum back
                pb.unbroadcast = self.unbroadcast
                pb.shape = shape
                pb.axes = stretched_axes(shape, full)
                pb.drop = len(full) - len(shape)
        return pb


cpdef object stretched_axes(object shape, object full):
    """The axes of a result of shape ``full`` along which broadcasting stretched an argument
    of shape ``shape``: the leading axes it lacks and those where it has length 1. None
    for a scalar argument (``shape == ()``) or shapes that are not tuples of the expected
    lengths.

    >>> stretched_axes((1, 4), (2, 3, 4))
    (0, 1)
    """
    if type(shape) is not tuple or type(full) is not tuple:
        return None
    cdef Py_ssize_t n = len(<tuple>shape), m = len(<tuple>full)
    cdef Py_ssize_t extra = m - n, i
    if n == 0 or extra < 0:
        return None  # a scalar's cotangent is a scalar, as unbroadcast makes it
    axes = list(range(extra))
    for i in range(n):
        if (<tuple>shape)[i] == 1 and (<tuple>full)[extra + i] != 1:
            axes.append(extra + i)
    return tuple(axes)


cdef object _shape(object value):
    # The shape of an argument or result of an elementwise function: an array, a NumPy
    # scalar, a float, or a Var of an outer tape holding one of them.
    if type(value) is float:
        return ()
    shape = getattr(value, "shape", None)
    if shape is not None:
        return shape
    while type(value) is Var or hasattr(value, "primal"):  # of an outer tape, or a Dual
        value = value_of(value) if type(value) is Var else value.primal
    if type(value) is list or type(value) is tuple:
        return _list_shape(value)
    return getattr(value, "shape", ())


cdef object _list_shape(value):
    # The shape of NumPy's array of a (nested) list or tuple of numbers or arrays: a Var
    # holding a list in an elementwise function (a list of floats as an argument). Taken as
    # () it made the cotangent a sum over the list, broadcast back to every item (review).
    shape = []
    while type(value) is list or type(value) is tuple:
        shape.append(len(value))
        if not value:
            break
        value = value[0]
    return tuple(shape) + tuple(getattr(value, "shape", ()))


cdef class StagedPullback:
    """The pullback a StagedRule gives for one node (internal)."""
    def __call__(self, g):
        if self.rule is None:
            out = g  # the identity (add, subtract's first argument): no Python call
        elif self.binary:
            out = self.rule(g, self.ans, self.x, self.y)
        else:
            out = self.rule(g, self.ans, self.x)
        if self.unbroadcast is None:
            return out
        if self.axes is not None and type(out) is _hooks.array_type:
            if _ones_along(out, <tuple>self.axes):
                # Axes of length 1 only (a bias's cotangent at batch 1): the sum is 0 + each
                # entry, the same bits as the reduction's (-0.0 made +0.0), a fifth of its time
                return _ADD(out.reshape(self.shape), 0.0)
            # One reduction over the precomputed axes, with no Python frame.
            out = _hooks.sum_kept(out, self.axes)
            return out.reshape(self.shape) if self.drop else out
        return self.unbroadcast(out, self.shape)


cdef object _ADD = np.add
#: the dtypes whose reduction over one entry is 0 + it (long double's is too, but its
#: padding bytes are not defined)
cdef frozenset _ADDS_ZERO = frozenset({np.dtype(np.float64), np.dtype(np.float32), np.dtype(np.float16),
                                       np.dtype(np.complex128), np.dtype(np.complex64)})


cdef bint _ones_along(object out, tuple axes) except -1:
    # whether the array out has length 1 along every one of axes (and a dtype of _ADDS_ZERO)
    if out.dtype not in _ADDS_ZERO:
        return False
    shape = out.shape
    cdef Py_ssize_t n = len(<tuple>shape)
    for a in axes:
        if <Py_ssize_t>a >= n or (<tuple>shape)[<Py_ssize_t>a] != 1:
            return False
    return True


cpdef object apply(Rule prim, tuple args, dict kwargs):
    """Call ``prim`` on ``args``, recording one node if any argument is a live Var.

    Vars of the innermost live tape among the arguments are differentiated; Vars of
    outer tapes are constants here (they record themselves on their own tape when
    ``prim.fun`` runs on them). Each differentiable argument's staged rule gives its
    pullback, and the tape calls each one for its own parent.
    """
    cdef Tape tape = _tape_of(args)
    if tape is None:
        return _call(_function(prim, args), args, kwargs)
    cdef list values = list(args)
    cdef Py_ssize_t n_vars = _values_on(tape, args, values)
    ans = _call(_function(prim, values), values, kwargs)
    cdef int result_kind = _hooks.gradient_kind(ans)
    if result_kind != _hooks.NO_GRADIENT:
        node = _record(prim, tape, args, values, kwargs, ans, result_kind, n_vars)
        if node is not None:
            return node
    if tape.jit is not None:  # a plain result of Var values: wengert.jit guards it
        tape.jit.constant(prim, args, kwargs, ans)
    return ans


cdef inline object _call(object fun, object args, dict kwargs):
    return fun(*args, **kwargs) if kwargs else fun(*args)


cdef inline object _function(Rule prim, object args):
    # prim.plain_fun where fun's own look would find neither a Var nor a Dual (one or more
    # positional arguments, all of PLAIN_TYPES: no Python frame for the look), else fun.
    # (args: a tuple, or apply's list of values)
    cdef object plain = prim.plain_fun
    if plain is None or not args:
        return prim.fun
    for a in args:
        t = type(a)
        if t is not _ndarray and t is not float and t not in _plain_types:
            return prim.fun
    return plain


cdef Tape _tape_of(tuple args):
    # The tape to record on: that of the arguments' Vars (the innermost live one when they
    # come from several, under nested runners), None if no argument is a Var. A Var whose
    # tape is no longer live raises.
    cdef Tape tape = None
    cdef bint mixed = False
    for a in args:
        if type(a) is Var:
            if tape is None:
                tape = (<Var>a).tape
            elif (<Var>a).tape is not tape:
                mixed = True
    if mixed:
        return _hooks.innermost([a for a in args if type(a) is Var])
    if tape is not None and not is_live(tape):
        for a in args:
            if type(a) is Var:
                raise_not_live(<Var>a)
    return tape


cdef Py_ssize_t _values_on(Tape tape, tuple args, list values) except -1:
    # values[i] becomes the value of args[i] where it is a Var of the tape (the rest are
    # constants here); returns how many are.
    cdef Py_ssize_t i, k = 0
    for i in range(len(args)):
        a = args[i]
        if type(a) is Var and (<Var>a).tape is tape:
            values[i] = value_of(<Var>a)
            k += 1
    return k


cdef object _record(Rule prim, Tape tape, tuple args, list values, dict kwargs, object ans,
                    int result_kind, Py_ssize_t n_vars):
    # The node of this call, or None when no argument is differentiated (all constants).
    cdef Py_ssize_t on_stack[4]
    cdef Py_ssize_t* parents = &on_stack[0]
    cdef Py_ssize_t k
    cdef list pullbacks = []
    if n_vars > 4:
        parents = <Py_ssize_t*>PyMem_Malloc(n_vars * sizeof(Py_ssize_t))
        if parents == NULL:
            raise MemoryError()
    try:
        k = _pullbacks(prim, tape, args, values, kwargs, ans, result_kind, parents, pullbacks)
        if k == 0:
            return None
        node = wrap(tape, tape.push_pullbacks(parents, k, tuple(pullbacks), ans, prim.name), ans)
    finally:
        if parents != &on_stack[0]:
            PyMem_Free(parents)
    if tape.jit is not None:  # wengert.jit's replay program: this rule on these arguments
        tape.jit.node((<Var>node).index, prim, args, kwargs, ans)
    return node


cdef Py_ssize_t _pullbacks(Rule prim, Tape tape, tuple args, list values, dict kwargs,
                           object ans, int result_kind, Py_ssize_t* parents,
                           list pullbacks) except -1:
    # The pullback of each differentiated argument into pullbacks, its node into parents;
    # returns how many there are.
    cdef Py_ssize_t i, k = 0
    cdef dict vjps = prim.vjps
    for i in range(len(args)):
        a = args[i]
        if type(a) is not Var or (<Var>a).tape is not tape:
            continue  # a constant, or a Var of an outer tape (a constant here)
        rule = _hooks.dict_get(vjps, i, _MISSING)
        if rule is None:
            continue  # declared with no gradient (an index, a shape): a constant here
        if rule is _MISSING:
            raise _hooks.missing_rule(prim, i)
        pullback = _pullback(prim, rule, ans, values, kwargs)
        if result_kind == _hooks.OTHER:
            # A complex result of a real argument (x * 1j): the argument's cotangent is
            # the real part of what the rule gives (autograd's and JAX's convention).
            pullback = _hooks.real_pullback(pullback, values[i], ans)
        pullbacks.append(pullback)
        parents[k] = (<Var>a).index
        k += 1
    return k


cdef object _pullback(Rule prim, object rule, object ans, list values, dict kwargs):
    # What one argument's rule gives for this call.
    cdef Py_ssize_t n = len(values)
    if not prim.higher_order:
        return _hooks.first_order_pullback(prim, rule, ans, values, kwargs or {})
    if type(rule) is StagedRule and (n == 1 or n == 2):
        # An elementwise rule, staged in C without a Python call (it reads no kwargs).
        return ((<StagedRule>rule).stage(ans, values[0], values[1]) if n == 2
                else (<StagedRule>rule).stage1(ans, values[0]))
    return rule(ans, *values, **kwargs) if kwargs else rule(ans, *values)


cdef object _apply_any(object rule, tuple args, dict kwargs):
    return apply(<Rule>rule, args, kwargs)  # a Rule from the rule tables, which hold nothing else


_var.apply_rule = _apply_any  # Var's arithmetic on arrays and the like
