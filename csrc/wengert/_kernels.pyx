"""Pullbacks and arithmetic on one float64 entry computed in C (internal; ``wengert.ops``
and ``wengert._replay`` use them).

A chain of operations on 1-element arrays spends most of its time in NumPy's per-call
overhead (a ufunc call on one entry costs 0.3-0.4 us, its arithmetic a nanosecond). The
functions here take the common case of two pullbacks, a cotangent ``g`` times a number
(multiply's ``g * y``) and an elementary function's ``g * partial`` where its row's
cheaper partial applies, and of ``wengert.jit``'s replay of ``x + c`` & co.
(``one_entry_arithmetic``, declared in ``_kernels.pxd``), in C through NumPy's C API, and
give everything else to the Python expression they stand for, so that every value,
dtype, shape, warning and error is the one of that expression:

* the fast case reads only exact ``numpy.ndarray`` s of NumPy's own float64 dtype, of one
  entry and at least one dimension (``g * c`` on a 0-d array is a NumPy scalar), and Python
  floats;
* it computes the IEEE product (sum, quotient) NumPy computes (no fused multiply-add:
  the same rounding);
* it takes only results that set no floating-point flag (finite, and above the smallest
  normal number unless exact: one just below it rounds up to it and still underflows): one
  that overflows, underflows, divides by zero or is NaN goes to NumPy, which warns or
  raises as ``numpy.errstate`` says, and whose NaN is then the one NumPy propagates;
* setup.py compiles it with ``-ffp-contract=off``: a fused multiply-add (GCC contracts
  ``1.0 - ans * ans`` into one where the target has FMA) would round differently from NumPy
  and from the Python rule.

The pure-Python twin, ``wengert._kernels_py``, is the expression itself.
"""
cimport numpy as cnp
from cpython.ref cimport PyObject, Py_INCREF
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM
from libc.math cimport INFINITY, fabs, isfinite
from libc.string cimport memcpy

from wengert._scalar cimport ScalarOp, scalar_op
from wengert._tape cimport OP_ELEMENTARY, SweepState, thread_sweep

from wengert._elementary import ELEMENTARY
from wengert.tree import record_fields

cnp.import_array()

cdef extern from "float.h":
    double DBL_MIN
    double DBL_MAX

# NumPy's own float64 dtype (the one ``np.dtype(np.float64)`` is): other float64 dtypes
# (another byte order) go to NumPy
cdef cnp.dtype _F64 = cnp.PyArray_DescrFromType(cnp.NPY_DOUBLE)
cdef cnp.dtype _F32 = cnp.PyArray_DescrFromType(cnp.NPY_FLOAT)


cdef inline bint _one_f64(object a) noexcept:
    # An exact ndarray of NumPy's float64 with one entry
    return (type(a) is cnp.ndarray and cnp.PyArray_DESCR(<cnp.ndarray>a) == <cnp.PyArray_Descr*>_F64
            and cnp.PyArray_SIZE(<cnp.ndarray>a) == 1)


cdef inline double _entry(object a) noexcept:
    # The one entry of an array _one_f64 accepted (memcpy: the array may be unaligned)
    cdef double v
    memcpy(&v, cnp.PyArray_DATA(<cnp.ndarray>a), sizeof(double))
    return v


cdef inline bint _flagless(double a, double b, double r) noexcept:
    # r = a * b raised no floating-point flag but inexact: finite (no overflow, no NaN
    # from inf * 0 or a NaN factor) and above the smallest normal number unless exact (a
    # zero factor). Strictly above: a product just below DBL_MIN rounds up to DBL_MIN and
    # still sets the underflow flag
    return isfinite(r) and (fabs(r) > DBL_MIN or a == 0.0 or b == 0.0)


cdef object _one_entry(int ndim, double v):
    # A new C-ordered float64 array of ``ndim`` dimensions of length 1 holding v, as
    # NumPy's ufuncs make their results
    cdef cnp.npy_intp dims[64]  # (NumPy's most dimensions)
    cdef int k
    for k in range(ndim):
        dims[k] = 1
    out = cnp.PyArray_SimpleNew(ndim, dims, cnp.NPY_DOUBLE)
    memcpy(cnp.PyArray_DATA(<cnp.ndarray>out), &v, sizeof(double))
    return out


cdef inline bint _operand(object v, double* d, int* ndim) noexcept:
    # A Python float or one float64 entry: its value in d, its dimensions in ndim (-1: a float)
    if type(v) is float:
        d[0] = <double>v
        ndim[0] = -1
        return True
    if _one_f64(v):
        d[0] = _entry(v)
        ndim[0] = cnp.PyArray_NDIM(<cnp.ndarray>v)
        return True
    return False


cdef int array_matches(object v, object shape, object dtype) except -1:
    # v.shape == shape and (v.dtype is dtype or v.dtype == dtype) for v a numpy.ndarray (the
    # caller checks its type), with no shape tuple made and no attribute looked up: a replayed
    # array node's check (wengert._replay's _matches), at every step
    cdef cnp.ndarray a = <cnp.ndarray>v
    cdef object d = <object>cnp.PyArray_DESCR(a)
    cdef int i, n = cnp.PyArray_NDIM(a)
    cdef cnp.npy_intp* dims = cnp.PyArray_DIMS(a)
    if type(shape) is not tuple or len(<tuple>shape) != n:
        return v.shape == shape
    for i in range(n):
        s = (<tuple>shape)[i]
        if type(s) is not int:
            return v.shape == shape
        if <Py_ssize_t>dims[i] != <Py_ssize_t>s:
            return 0
    return d is dtype or d == dtype


cdef object one_entry_arithmetic(int op, object a, object b):
    # a + b, a - b, a * b or a / b (op ARITH_ADD ...) where each operand is a Python float or
    # one float64 entry, at least one an array of one or more dimensions, and the operation
    # sets no floating-point flag but inexact: the IEEE result NumPy gives (a new array of
    # the broadcast shape, every length 1). None everywhere else (the caller asks NumPy).
    cdef double x, y, r
    cdef int nx, ny
    if not (_operand(a, &x, &nx) and _operand(b, &y, &ny)):
        return None
    if nx < 1 and ny < 1:
        return None  # (a float, or a 0-d array: NumPy's result is a NumPy scalar)
    if op == ARITH_MUL:
        r = x * y
        if not _flagless(x, y, r):
            return None
    elif op == ARITH_ADD or op == ARITH_SUB:
        r = x + y if op == ARITH_ADD else x - y
        if not isfinite(r):  # (a sum below the smallest normal number is exact: no underflow)
            return None
    else:
        if y == 0.0:
            return None
        r = x / y
        if not (isfinite(r) and (fabs(r) > DBL_MIN or x == 0.0)):  # (as in _flagless)
            return None
    return _one_entry(nx if nx > ny else ny, r)


def product(g, c):
    """``g * c``: a cotangent times a number (a factor of a product, a partial).

    >>> import numpy as np
    >>> product(np.array([2.0]), 0.5)
    array([1.])
    """
    cdef double a, b, r
    cdef int ndim
    if _one_f64(g):
        ndim = cnp.PyArray_NDIM(<cnp.ndarray>g)
        if type(c) is float:
            b = <double>c
        elif _one_f64(c):
            b = _entry(c)
            ndim = max(ndim, cnp.PyArray_NDIM(<cnp.ndarray>c))  # (every length is 1)
        else:
            return g * c
        a = _entry(g)
        r = a * b
        if ndim >= 1 and _flagless(a, b, r):
            return _one_entry(ndim, r)
    return g * c




#: ``report(out, g, other)``: multiply's reporting of its result's live zeros
#: (``wengert.ops.elementwise`` sets it), for the cases times_y and times_x leave to it.
_live_product = None


def set_live_product(report):
    """Give :func:`times_y` and :func:`times_x` the Python function that reports a product's live
    zeros where it cannot tell in C that there are none to report (internal).

    >>> set_live_product(_live_product)
    """
    global _live_product
    _live_product = report


#: ``traced(g, other)``: multiply's ``g * other`` where ``g`` or ``other`` is traced (a Var or a
#: Dual: not an ndarray, not a float), either is complex or ``g`` has a zero, 0 where ``g`` is a
#: structural zero, a complex product's zero part times an infinite one 0 (``wengert.ops`` sets
#: it; see set_traced_product).
_traced_product = None


def set_traced_product(traced):
    """Give :func:`times_y` and :func:`times_x` the Python function that computes a cotangent
    times the other factor where either is traced or complex or the cotangent has a zero
    (internal): where it is a structural zero (np.where's untaken branch), 0 there with its
    derivatives, not 0 times an infinite factor (NaN); in a complex product, a zero part times
    an infinite one 0 too.

    >>> set_traced_product(_traced_product)
    """
    global _traced_product
    _traced_product = traced


cdef inline object _times(object g, object c):
    # product(g, c); a traced g or c (neither an ndarray nor a float), a complex ndarray (a zero
    # part times an infinite one), or an ndarray g with a zero (0 times an infinite c), given to
    # _traced_product, except where c is a plain factor below 1e150 in size (there it gives
    # product(g, c) too: no 0 * inf, and its finiteness test, c's sum of squares, finite)
    if _traced_product is not None and ((type(g) is not cnp.ndarray and type(g) is not float)
                                        or (type(c) is not cnp.ndarray and type(c) is not float)
                                        or (type(g) is cnp.ndarray and cnp.PyArray_ISCOMPLEX(<cnp.ndarray>g))
                                        or (type(c) is cnp.ndarray and cnp.PyArray_ISCOMPLEX(<cnp.ndarray>c))
                                        or (type(g) is cnp.ndarray and not _no_zero(g) and not _moderate(c))):
        return _traced_product(g, c)
    return product(g, c)


#: |c| below this in every entry of a factor of fewer than _MODERATE_SIZE entries: its sum of
#: squares is finite (_moderate)
cdef double _MODERATE = 1e150
cdef cnp.npy_intp _MODERATE_SIZE = 1 << 27


cdef inline bint _moderate(object c) noexcept:
    # Whether c is a Python float or an exact, aligned, C-contiguous ndarray of NumPy's float64
    # with every entry finite and below _MODERATE in size, fewer than _MODERATE_SIZE of them
    cdef const double* d
    cdef cnp.npy_intp k, n
    if type(c) is float:
        return fabs(<double>c) < _MODERATE
    if (type(c) is not cnp.ndarray or cnp.PyArray_DESCR(<cnp.ndarray>c) != <cnp.PyArray_Descr*>_F64
            or not cnp.PyArray_ISCARRAY_RO(<cnp.ndarray>c)):
        return False
    n = cnp.PyArray_SIZE(<cnp.ndarray>c)
    if n >= _MODERATE_SIZE:
        return False
    d = <const double*>cnp.PyArray_DATA(<cnp.ndarray>c)
    for k in range(n):
        if not fabs(d[k]) < _MODERATE:  # (NaN: not below)
            return False
    return True


cdef object _reporting(object out, object g, object other):
    # out = g * other as multiply's rule in a sweep: nothing to report where g is not the
    # sweep's cotangent, or g has no live zeros and either out is one entry neither 0 nor NaN
    # or the other factor is a constant (its zeros are structural) and g has no zero (no
    # structural 0 * inf to make 0) and no infinity (no inf times the constant 0, which holds:
    # _finite_or_unread, every float dtype); the reporting function decides everywhere else
    cdef SweepState state = thread_sweep()
    cdef double v
    if not state.active or state.g is not g:
        return out
    if state.live is None:
        if _one_f64(out):
            v = _entry(out)
            if v != 0.0 and v == v:
                return out
        if state.n == 1 and ((_no_zero(g) and _finite_or_unread(g))
                             or (type(g) is float and <double>g != 0.0 and fabs(<double>g) <= DBL_MAX)):
            return out
    return _live_product(out, g, other)


cdef inline bint _finite_or_unread(object g) except -1:
    # Whether the ndarray g has no infinite entry: an aligned contiguous array of NumPy's own float64 in one SSE pass
    # (wengert_f64_all_finite), another float or complex array by NumPy's isfinite (float32's infinities times a
    # constant 0 were NaN, float64's 0: grad of sum(sqrt(0 * x)) NaN in float32); True for an integer or bool array
    if (cnp.PyArray_DESCR(<cnp.ndarray>g) == <cnp.PyArray_Descr*>_F64
            and (cnp.PyArray_ISCARRAY_RO(<cnp.ndarray>g) or cnp.PyArray_ISFARRAY_RO(<cnp.ndarray>g))):
        return _f64_all_finite(<const double*>cnp.PyArray_DATA(<cnp.ndarray>g), cnp.PyArray_SIZE(<cnp.ndarray>g))
    if cnp.PyArray_ISFLOAT(<cnp.ndarray>g) or cnp.PyArray_ISCOMPLEX(<cnp.ndarray>g):
        return bool(_numpy.isfinite(g).all())
    return True


def times_y(g, ans, x, y):
    """Multiply's pullback for its first factor: ``g * y``, its live zeros reported to the
    sweep (see set_live_product).

    >>> import numpy as np
    >>> times_y(np.array([2.0]), None, None, 0.5)
    array([1.])
    """
    return _reporting(_times(g, y), g, y)


def times_x(g, ans, x, y):
    """Multiply's pullback for its second factor: ``g * x``, its live zeros reported to the
    sweep (see set_live_product).

    >>> import numpy as np
    >>> times_x(np.array([2.0]), None, 0.5, None)
    array([1.])
    """
    return _reporting(_times(g, x), g, x)


def one_entry_rule(str name, fallback):
    """The NumPy rule ``(g, ans, x) -> g * partial`` of the elementary function ``name`` (a
    row of ``wengert._elementary``'s table with a shortcut), computed in C where ``x``,
    ``ans`` and ``g`` are one float64 entry each and the row's cheaper partial applies
    (its shortcut's condition holds: the partial the scalar core computes there, bit for
    bit the one ``fallback`` computes on Python floats); ``fallback(g, ans, x)``, the rule
    itself, everywhere else.

    >>> import numpy as np
    >>> rule = one_entry_rule("tanh", lambda g, ans, x: g * (1.0 - ans * ans))
    >>> rule(np.array([2.0]), np.array([0.5]), np.array([0.5493061443340549]))
    array([1.5])
    """
    cdef Py_ssize_t k
    for k in range(len(ELEMENTARY)):
        if ELEMENTARY[k].name == name and ELEMENTARY[k].shortcut is not None:
            break
    else:
        raise ValueError(f"one_entry_rule: {name!r} is not a row of the table of elementary "
                         "functions with a shortcut")
    cdef const ScalarOp* f = scalar_op(OP_ELEMENTARY + <int>k)

    def rule(g, ans, x):
        cdef double a, v, p, d
        if (_one_f64(x) and _one_f64(ans) and _one_f64(g)
                and cnp.PyArray_NDIM(<cnp.ndarray>x) == cnp.PyArray_NDIM(<cnp.ndarray>ans)
                and cnp.PyArray_NDIM(<cnp.ndarray>g) >= 1):
            a, v = _entry(x), _entry(ans)
            # (not where the row is far: its rule forms g * partial apart there, see _elementary's far)
            if f.shortcut(a, v) and (f.far == NULL or not f.far(a, v)):
                p = f.partial(a, v)  # (its cheaper form, the condition holding)
                d = _entry(g)
                # (an exact 0 from a nonzero g, a partial that vanishes there, goes to the
                # fallback, which reports it live: see ops._util.vanishing)
                if _flagless(d, p, d * p) and (p != 0.0 or d == 0.0):
                    return _one_entry(cnp.PyArray_NDIM(<cnp.ndarray>g), d * p)
        return fallback(g, ans, x)
    return rule


cdef extern from "numpy/arrayobject.h":
    # (NumPy's C API, as np.count_nonzero(a) computes it: -1 and an exception on an error)
    cnp.npy_intp PyArray_CountNonzero(cnp.ndarray a) except -1


cdef inline bint _no_zero(object a) except -1:
    # An exact ndarray of a dtype other than object's with no zero entry, or no entry: the
    # test ``a.size == 0 or np.count_nonzero(a) == a.size`` (an object array, whose count
    # calls each entry's __bool__, is not taken). An aligned contiguous array of NumPy's own
    # float64 or float32 is scanned here (wengert_f64_no_zero, below): NumPy counts a float array's
    # nonzero entries through a call per entry, a pass as slow as three multiplications
    # (24 us on a 128x300 cotangent, which exp's pullback scanned twice)
    if type(a) is not cnp.ndarray or cnp.PyArray_TYPE(<cnp.ndarray>a) == cnp.NPY_OBJECT:
        return False
    cdef cnp.npy_intp n = cnp.PyArray_SIZE(<cnp.ndarray>a)
    if n == 0:
        return True
    if cnp.PyArray_ISCARRAY_RO(<cnp.ndarray>a) or cnp.PyArray_ISFARRAY_RO(<cnp.ndarray>a):
        if cnp.PyArray_DESCR(<cnp.ndarray>a) == <cnp.PyArray_Descr*>_F64:
            return _f64_no_zero(<const double*>cnp.PyArray_DATA(<cnp.ndarray>a), n)
        if cnp.PyArray_DESCR(<cnp.ndarray>a) == <cnp.PyArray_Descr*>_F32:
            return _f32_no_zero(<const float*>cnp.PyArray_DATA(<cnp.ndarray>a), n)
    return PyArray_CountNonzero(<cnp.ndarray>a) == n


cdef extern from *:
    """
    #if defined(__SSE2__)
    #include <emmintrin.h>
    #endif
    /* No entry == 0 (-0.0 is one, a NaN is not: np.count_nonzero's test), 16 float64 or 32
       float32 entries compared at a time with SSE2 (x86-64's baseline; GCC does not vectorise
       the loop below without AVX), one test per block */
    static int wengert_f64_no_zero(const double* d, Py_ssize_t n) {
        Py_ssize_t i = 0;
    #if defined(__SSE2__)
        const __m128d z = _mm_setzero_pd();
        for (; i + 16 <= n; i += 16) {
            __m128d m = _mm_cmpeq_pd(_mm_loadu_pd(d + i), z);
            m = _mm_or_pd(m, _mm_cmpeq_pd(_mm_loadu_pd(d + i + 2), z));
            m = _mm_or_pd(m, _mm_cmpeq_pd(_mm_loadu_pd(d + i + 4), z));
            m = _mm_or_pd(m, _mm_cmpeq_pd(_mm_loadu_pd(d + i + 6), z));
            m = _mm_or_pd(m, _mm_cmpeq_pd(_mm_loadu_pd(d + i + 8), z));
            m = _mm_or_pd(m, _mm_cmpeq_pd(_mm_loadu_pd(d + i + 10), z));
            m = _mm_or_pd(m, _mm_cmpeq_pd(_mm_loadu_pd(d + i + 12), z));
            m = _mm_or_pd(m, _mm_cmpeq_pd(_mm_loadu_pd(d + i + 14), z));
            if (_mm_movemask_pd(m)) return 0;
        }
    #endif
        for (; i < n; i++) if (d[i] == 0.0) return 0;
        return 1;
    }
    static int wengert_f32_no_zero(const float* d, Py_ssize_t n) {
        Py_ssize_t i = 0;
    #if defined(__SSE2__)
        const __m128 z = _mm_setzero_ps();
        for (; i + 32 <= n; i += 32) {
            __m128 m = _mm_cmpeq_ps(_mm_loadu_ps(d + i), z);
            m = _mm_or_ps(m, _mm_cmpeq_ps(_mm_loadu_ps(d + i + 4), z));
            m = _mm_or_ps(m, _mm_cmpeq_ps(_mm_loadu_ps(d + i + 8), z));
            m = _mm_or_ps(m, _mm_cmpeq_ps(_mm_loadu_ps(d + i + 12), z));
            m = _mm_or_ps(m, _mm_cmpeq_ps(_mm_loadu_ps(d + i + 16), z));
            m = _mm_or_ps(m, _mm_cmpeq_ps(_mm_loadu_ps(d + i + 20), z));
            m = _mm_or_ps(m, _mm_cmpeq_ps(_mm_loadu_ps(d + i + 24), z));
            m = _mm_or_ps(m, _mm_cmpeq_ps(_mm_loadu_ps(d + i + 28), z));
            if (_mm_movemask_ps(m)) return 0;
        }
    #endif
        for (; i < n; i++) if (d[i] == 0.0f) return 0;
        return 1;
    }
    """
    bint _f64_no_zero "wengert_f64_no_zero"(const double* d, Py_ssize_t n) noexcept nogil
    bint _f32_no_zero "wengert_f32_no_zero"(const float* d, Py_ssize_t n) noexcept nogil


cdef extern from *:
    """
    #include <float.h>
    /* out = ((g * s) / y) * e entry by entry (wengert.jit's fused pullback of c / (k + exp(-z)):
       divide's -g * ans / y, exp's * ans and negative's -, the two negations dropped, exact
       where no NaN is made), where every product and quotient is finite and above the smallest
       normal number in size: no floating-point flag but inexact, no zero (a zero g, or one
       made, is reported to the sweep by the rules), no NaN (whose sign the negations set).
       1 where that holds for every entry, else 0 (out then is not to be read). Two entries at
       a time with SSE2 (x86-64's baseline: the same IEEE operations), the check once at the end */
    static int wengert_logistic_chain(const double* g, const double* s, const double* y,
                                      const double* e, double* out, Py_ssize_t n) {
        Py_ssize_t i = 0;
        int ok = 1;
    #if defined(__SSE2__)
        const __m128d tiny = _mm_set1_pd(DBL_MIN), big = _mm_set1_pd(DBL_MAX);
        const __m128d sign = _mm_set1_pd(-0.0);
        __m128d good = _mm_cmpeq_pd(tiny, tiny);
        for (; i + 2 <= n; i += 2) {
            __m128d t1 = _mm_mul_pd(_mm_loadu_pd(g + i), _mm_loadu_pd(s + i));
            __m128d t2 = _mm_div_pd(t1, _mm_loadu_pd(y + i));
            __m128d r = _mm_mul_pd(t2, _mm_loadu_pd(e + i));
            __m128d a1 = _mm_andnot_pd(sign, t1), a2 = _mm_andnot_pd(sign, t2), ar = _mm_andnot_pd(sign, r);
            _mm_storeu_pd(out + i, r);
            good = _mm_and_pd(good, _mm_and_pd(_mm_cmpgt_pd(a1, tiny), _mm_cmpgt_pd(a2, tiny)));
            good = _mm_and_pd(good, _mm_and_pd(_mm_cmpgt_pd(ar, tiny), _mm_cmple_pd(ar, big)));
        }
        ok = _mm_movemask_pd(good) == 3;
    #endif
        for (; i < n; i++) {
            double t1 = g[i] * s[i];
            double t2 = t1 / y[i];
            double r = t2 * e[i];
            out[i] = r;
            ok &= fabs(t1) > DBL_MIN && fabs(t2) > DBL_MIN && fabs(r) > DBL_MIN && fabs(r) <= DBL_MAX;
        }
        return ok;
    }
    """
    bint _logistic_chain "wengert_logistic_chain"(const double* g, const double* s, const double* y,
                                                 const double* e, double* out, Py_ssize_t n) noexcept nogil


cdef inline bint _plain_f64(object a, cnp.ndarray like) noexcept:
    # An exact ndarray of NumPy's own float64, aligned and C-contiguous, of the shape of ``like``
    return (type(a) is cnp.ndarray and cnp.PyArray_DESCR(<cnp.ndarray>a) == <cnp.PyArray_Descr*>_F64
            and cnp.PyArray_ISCARRAY_RO(<cnp.ndarray>a) and cnp.PyArray_SAMESHAPE(<cnp.ndarray>a, like))


def logistic_chain(g, s, y, e):
    """``((g * s) / y) * e`` (a new array), or None where that sets a floating-point flag
    (overflow, underflow, invalid) or makes a zero in an entry, or where ``g``, ``s``, ``y``
    and ``e`` are not arrays of NumPy's own float64 of one shape (internal: ``wengert.jit``'s
    fused pullback of ``c / (k + exp(-z))``; the pure-Python twin computes the same with
    NumPy, the same IEEE operations).

    >>> import numpy as np
    >>> logistic_chain(np.array([2.0]), np.array([0.5]), np.array([2.0]), np.array([1.0]))
    array([0.5])
    >>> logistic_chain(np.array([0.0]), np.array([0.5]), np.array([2.0]), np.array([1.0])) is None
    True
    """
    if type(s) is not cnp.ndarray:
        return None
    if not (_plain_f64(g, s) and _plain_f64(s, s) and _plain_f64(y, s) and _plain_f64(e, s)):
        return None
    out = cnp.PyArray_SimpleNew(cnp.PyArray_NDIM(<cnp.ndarray>s), cnp.PyArray_DIMS(<cnp.ndarray>s), cnp.NPY_DOUBLE)
    cdef Py_ssize_t n = cnp.PyArray_SIZE(<cnp.ndarray>s)
    cdef bint ok
    with nogil:
        ok = _logistic_chain(<const double*>cnp.PyArray_DATA(<cnp.ndarray>g), <const double*>cnp.PyArray_DATA(<cnp.ndarray>s),
                             <const double*>cnp.PyArray_DATA(<cnp.ndarray>y), <const double*>cnp.PyArray_DATA(<cnp.ndarray>e),
                             <double*>cnp.PyArray_DATA(<cnp.ndarray>out), n)
    return out if ok else None


cdef extern from *:
    """
    #include <float.h>
    #include <math.h>
    /* out = g - e * (S / s) row by row (rows of m entries; S and s one entry a row):
       wengert.jit's fused pullback of z - log(sum(exp(z), axis=-1, keepdims=True)), the bits of
       the rules' g + ((-S) / s) * e (negations exact), where every quotient S / s, product and
       entry of out is finite and at least the smallest normal number in size: no floating-point
       flag but inexact, no zero (the rules report a zero to the sweep), no NaN (whose sign the
       negations set). 1 where that holds for every entry, else 0 (out then is not to be read).
       Compiled without contraction (setup.py's -ffp-contract=off): the product, then the
       difference, each rounded */
    static int wengert_log_softmax_chain(const double* g, const double* e, const double* S,
                                         const double* s, double* out, Py_ssize_t rows, Py_ssize_t m) {
        int ok = 1;
    #if defined(__SSE2__)
        const __m128d tiny = _mm_set1_pd(DBL_MIN), big = _mm_set1_pd(DBL_MAX);
        const __m128d sign = _mm_set1_pd(-0.0);
        __m128d good = _mm_cmpeq_pd(tiny, tiny);
    #endif
        for (Py_ssize_t i = 0; i < rows; i++) {
            const double q = S[i] / s[i];
            ok &= fabs(q) >= DBL_MIN && fabs(q) <= DBL_MAX;
            const double* gi = g + i * m;
            const double* ei = e + i * m;
            double* oi = out + i * m;
            Py_ssize_t j = 0;
    #if defined(__SSE2__)
            /* two entries at a time (the same IEEE operations), the check once at the end */
            const __m128d qq = _mm_set1_pd(q);
            for (; j + 2 <= m; j += 2) {
                __m128d p = _mm_mul_pd(_mm_loadu_pd(ei + j), qq);
                __m128d r = _mm_sub_pd(_mm_loadu_pd(gi + j), p);
                __m128d ap = _mm_andnot_pd(sign, p), ar = _mm_andnot_pd(sign, r);
                _mm_storeu_pd(oi + j, r);
                good = _mm_and_pd(good, _mm_and_pd(_mm_cmpge_pd(ap, tiny), _mm_cmple_pd(ap, big)));
                good = _mm_and_pd(good, _mm_and_pd(_mm_cmpge_pd(ar, tiny), _mm_cmple_pd(ar, big)));
            }
    #endif
            for (; j < m; j++) {
                double p = ei[j] * q;
                double r = gi[j] - p;
                oi[j] = r;
                ok &= fabs(p) >= DBL_MIN && fabs(p) <= DBL_MAX && fabs(r) >= DBL_MIN && fabs(r) <= DBL_MAX;
            }
        }
    #if defined(__SSE2__)
        ok &= _mm_movemask_pd(good) == 3;
    #endif
        return ok;
    }
    """
    bint _log_softmax_chain "wengert_log_softmax_chain"(const double* g, const double* e, const double* S,
                                                        const double* s, double* out, Py_ssize_t rows,
                                                        Py_ssize_t m) noexcept nogil


def log_softmax_chain(g, e, S, s):
    """``g - e * (S / s)`` (a new array; ``S`` and ``s`` one entry per row, the last axis of
    ``g`` and ``e``), or None where that sets a floating-point flag (overflow, underflow,
    invalid) or makes a zero in an entry, or where ``g`` and ``e`` are not arrays of NumPy's own
    float64 of one shape and ``S`` and ``s`` of that shape with a last axis of length 1
    (internal: ``wengert.jit``'s fused pullback of ``z - log(sum(exp(z), axis=-1,
    keepdims=True))``; the pure-Python twin computes the same with NumPy, the same IEEE
    operations).

    >>> import numpy as np
    >>> log_softmax_chain(np.array([[1.0, 2.0]]), np.array([[0.25, 0.75]]), np.array([[3.0]]), np.array([[1.5]]))
    array([[0.5, 0.5]])
    >>> log_softmax_chain(np.array([[1.0, 2.0]]), np.array([[0.5, 0.25]]), np.array([[3.0]]), np.array([[1.5]])) is None
    True
    """
    if type(g) is not cnp.ndarray or type(S) is not cnp.ndarray:
        return None
    if not (_plain_f64(g, g) and _plain_f64(e, g) and _plain_f64(S, S) and _plain_f64(s, S)):
        return None
    cdef int nd = cnp.PyArray_NDIM(<cnp.ndarray>g)
    if nd == 0 or cnp.PyArray_NDIM(<cnp.ndarray>S) != nd or cnp.PyArray_DIMS(<cnp.ndarray>S)[nd - 1] != 1:
        return None
    cdef int k
    for k in range(nd - 1):
        if cnp.PyArray_DIMS(<cnp.ndarray>S)[k] != cnp.PyArray_DIMS(<cnp.ndarray>g)[k]:
            return None
    out = cnp.PyArray_SimpleNew(nd, cnp.PyArray_DIMS(<cnp.ndarray>g), cnp.NPY_DOUBLE)
    cdef Py_ssize_t m = cnp.PyArray_DIMS(<cnp.ndarray>g)[nd - 1]
    cdef Py_ssize_t rows = cnp.PyArray_SIZE(<cnp.ndarray>S)
    cdef bint ok
    with nogil:
        ok = _log_softmax_chain(<const double*>cnp.PyArray_DATA(<cnp.ndarray>g), <const double*>cnp.PyArray_DATA(<cnp.ndarray>e),
                                <const double*>cnp.PyArray_DATA(<cnp.ndarray>S), <const double*>cnp.PyArray_DATA(<cnp.ndarray>s),
                                <double*>cnp.PyArray_DATA(<cnp.ndarray>out), rows, m)
    return out if ok else None



def weighted(w, double c):
    """``w * c`` (a new array), or None where that sets a floating-point flag other than
    inexact (overflow, underflow, invalid): an entry that is neither 0 where ``w`` is (an exact
    zero) nor finite and at least the smallest normal number in size; or where ``w`` is not a
    C-contiguous array of NumPy's own float64 (internal: ``wengert.jit``'s fused pullback of
    a cross-entropy, the rules' cotangent ``c`` spread times the weights, with no warning of
    its own where it is refused and the rules then compute it again).

    >>> import numpy as np
    >>> weighted(np.array([0.0, 2.0, -1.0]), -0.5)
    array([-0. , -1. ,  0.5])
    >>> weighted(np.array([1e-300]), 1e-100) is None
    True
    """
    if not _plain_f64(w, w):
        return None
    out = cnp.PyArray_SimpleNew(cnp.PyArray_NDIM(<cnp.ndarray>w), cnp.PyArray_DIMS(<cnp.ndarray>w), cnp.NPY_DOUBLE)
    cdef Py_ssize_t n = cnp.PyArray_SIZE(<cnp.ndarray>w), i
    cdef const double* d = <const double*>cnp.PyArray_DATA(<cnp.ndarray>w)
    cdef double* o = <double*>cnp.PyArray_DATA(<cnp.ndarray>out)
    cdef double r
    cdef bint ok = fabs(c) >= DBL_MIN and fabs(c) <= DBL_MAX
    with nogil:
        for i in range(n):
            r = d[i] * c
            o[i] = r
            if d[i] != 0.0 and not (fabs(r) >= DBL_MIN and fabs(r) <= DBL_MAX):
                ok = False
    return out if ok else None

cdef extern from *:
    """
    /* out[i, j] = a[i] * b[j] + 0.0 for i < m, j < n (element strides sa, sb; out C-contiguous):
       np.dot of an (m, 1) and a (1, n) float64 matrix, an outer product, as NumPy and its BLAS
       give it (a result zero-filled, then one product added to each entry: the + 0.0 makes a
       product -0.0 the +0.0 np.dot gives), written once. A contiguous row eight entries a
       time with SSE2 (the same IEEE product and sum, no FMA): the loop GCC vectorises by itself,
       two entries an iteration, ran at one iteration a cycle or at half that, as the linker
       placed it (within one 64-byte line of code or across two: an unrelated change elsewhere in
       this module made outer_dot 35 -> 67 us at 784 x 300 on an AMD EPYC); four stores an
       iteration are the stores' own rate wherever the loop lies */
    static void wengert_outer(const double* restrict a, Py_ssize_t sa, const double* restrict b,
                              Py_ssize_t sb, double* restrict out, Py_ssize_t m, Py_ssize_t n) {
        for (Py_ssize_t i = 0; i < m; i++) {
            const double ai = a[i * sa];
            double* restrict row = out + i * n;
            if (sb == 1) {
                Py_ssize_t j = 0;
    #if defined(__SSE2__)
                const __m128d va = _mm_set1_pd(ai), z = _mm_setzero_pd();
                for (; j + 8 <= n; j += 8) {
                    _mm_storeu_pd(row + j, _mm_add_pd(_mm_mul_pd(va, _mm_loadu_pd(b + j)), z));
                    _mm_storeu_pd(row + j + 2, _mm_add_pd(_mm_mul_pd(va, _mm_loadu_pd(b + j + 2)), z));
                    _mm_storeu_pd(row + j + 4, _mm_add_pd(_mm_mul_pd(va, _mm_loadu_pd(b + j + 4)), z));
                    _mm_storeu_pd(row + j + 6, _mm_add_pd(_mm_mul_pd(va, _mm_loadu_pd(b + j + 6)), z));
                }
    #endif
                for (; j < n; j++) row[j] = ai * b[j] + 0.0;
            } else {
                for (Py_ssize_t j = 0; j < n; j++) row[j] = ai * b[j * sb] + 0.0;
            }
        }
    }
    """
    void _outer "wengert_outer"(const double* a, Py_ssize_t sa, const double* b, Py_ssize_t sb,
                                double* out, Py_ssize_t m, Py_ssize_t n) noexcept nogil


import numpy as _numpy

#: np.dot's C function, without its __array_function__ dispatch (plain arrays only)
_dot_function = getattr(_numpy.dot, "_implementation", _numpy.dot)


cdef inline bint _f64_matrix(object a) noexcept:
    # An exact ndarray of NumPy's own float64, two-dimensional and aligned (its strides too)
    return (type(a) is cnp.ndarray and cnp.PyArray_DESCR(<cnp.ndarray>a) == <cnp.PyArray_Descr*>_F64
            and cnp.PyArray_NDIM(<cnp.ndarray>a) == 2 and cnp.PyArray_ISALIGNED(<cnp.ndarray>a))


def outer_dot(a, b):
    """``np.dot(a, b)``; for an (m, 1) and a (1, n) array of NumPy's own float64 (an outer
    product: a matrix product's gradient at batch 1, ``x.T @ g``) computed here, each entry
    written once, where np.dot zero-fills its result before its BLAS call writes it again
    (784 x 300: 40 us against 66 us, one thread): the same bits, each entry one rounded
    product (internal: ``wengert.ops.linalg``'s matmul pullbacks; the pure-Python twin is
    np.dot).

    >>> import numpy as np
    >>> outer_dot(np.array([[2.0], [-0.0]]), np.array([[0.5, -3.0]]))
    array([[ 1., -6.],
           [ 0.,  0.]])
    """
    if not (_f64_matrix(a) and _f64_matrix(b)):
        if type(a) is cnp.ndarray and type(b) is cnp.ndarray:
            return _dot_function(a, b)
        return _numpy.dot(a, b)
    cdef cnp.npy_intp* da = cnp.PyArray_DIMS(<cnp.ndarray>a)
    cdef cnp.npy_intp* db = cnp.PyArray_DIMS(<cnp.ndarray>b)
    if da[1] != 1 or db[0] != 1:
        return _dot_function(a, b)
    cdef cnp.npy_intp dims[2]
    dims[0], dims[1] = da[0], db[1]
    out = cnp.PyArray_SimpleNew(2, dims, cnp.NPY_DOUBLE)
    cdef Py_ssize_t sa = cnp.PyArray_STRIDES(<cnp.ndarray>a)[0] // <Py_ssize_t>sizeof(double)
    cdef Py_ssize_t sb = cnp.PyArray_STRIDES(<cnp.ndarray>b)[1] // <Py_ssize_t>sizeof(double)
    with nogil:
        _outer(<const double*>cnp.PyArray_DATA(<cnp.ndarray>a), sa, <const double*>cnp.PyArray_DATA(<cnp.ndarray>b),
               sb, <double*>cnp.PyArray_DATA(<cnp.ndarray>out), dims[0], dims[1])
    return out


cdef extern from *:
    """
    #include <float.h>
    /* e[i] = min(e[i] * a[i], 1) * a[i] in place (np.fmin's min: a NaN gives 1), each product
       rounded as NumPy's multiply rounds it; 1 where every product and result is a normal
       number (at least DBL_MIN and at most DBL_MAX in size: no floating-point flag but inexact),
       else 0, and e is then not to be read (it is written all the same). Two entries at a time
       with SSE2 (minpd gives its second operand, 1, where the first is NaN: np.fmin's), the
       check once at the end */
    static int wengert_logistic_partial(double* restrict e, const double* restrict a, Py_ssize_t n) {
        Py_ssize_t i = 0;
        int ok = 1;
    #if defined(__SSE2__)
        const __m128d tiny = _mm_set1_pd(DBL_MIN), big = _mm_set1_pd(DBL_MAX), one = _mm_set1_pd(1.0);
        const __m128d sign = _mm_set1_pd(-0.0);
        __m128d good = _mm_cmpeq_pd(tiny, tiny);
        for (; i + 2 <= n; i += 2) {
            const __m128d ai = _mm_loadu_pd(a + i);
            const __m128d t = _mm_mul_pd(_mm_loadu_pd(e + i), ai);
            const __m128d r = _mm_mul_pd(_mm_min_pd(t, one), ai);
            const __m128d at = _mm_andnot_pd(sign, t), ar = _mm_andnot_pd(sign, r);
            _mm_storeu_pd(e + i, r);
            good = _mm_and_pd(good, _mm_and_pd(_mm_cmpge_pd(at, tiny), _mm_cmpge_pd(ar, tiny)));
            good = _mm_and_pd(good, _mm_cmple_pd(ar, big));
        }
        ok = _mm_movemask_pd(good) == 3;
    #endif
        for (; i < n; i++) {
            const double t = e[i] * a[i];
            const double c = t <= 1.0 ? t : 1.0;
            const double r = c * a[i];
            ok &= fabs(t) >= DBL_MIN && fabs(r) >= DBL_MIN && fabs(r) <= DBL_MAX;
            e[i] = r;
        }
        return ok;
    }
    """
    bint _logistic_partial "wengert_logistic_partial"(double* e, const double* a, Py_ssize_t n) noexcept nogil


def logistic_partial(e, ans):
    """``np.fmin(e * ans, 1.0) * ans`` written into ``e`` (and returned), for arrays ``e`` and
    ``ans`` of NumPy's own float64 of one shape, C-contiguous, ``e`` writeable and not
    ``ans``, where every product and result is a normal number (no floating-point flag but
    inexact); None otherwise, ``e`` then holding no value to be read (internal: the logistic
    sigmoid's derivative ``ans * logistic(-x)`` from the forward pass's ``e = exp(-x)``, in one
    pass rather than NumPy's three; the pure-Python twin computes it with NumPy).

    >>> import numpy as np
    >>> logistic_partial(np.array([1.0, 3.0]), np.array([0.5, 0.25]))
    array([0.25  , 0.1875])
    >>> logistic_partial(np.array([1e-300]), np.array([1e-20])) is None
    True
    """
    if not (_plain_f64(e, e) and _plain_f64(ans, e) and cnp.PyArray_ISWRITEABLE(<cnp.ndarray>e)) or e is ans:
        return None
    cdef bint ok
    with nogil:
        ok = _logistic_partial(<double*>cnp.PyArray_DATA(<cnp.ndarray>e), <const double*>cnp.PyArray_DATA(<cnp.ndarray>ans),
                               cnp.PyArray_SIZE(<cnp.ndarray>e))
    return e if ok else None


cdef extern from *:
    """
    /* e[i] = g[i] * (min(e[i] * a[i], 1) * a[i]) in place: the logistic sigmoid's pullback
       g * partial, partial as wengert_logistic_partial forms it; 1 where every |x[i]| is at most
       near (none of the entries the rule forms apart: ops.elementwise's _far_exp_rule), and
       every product and result is a normal number (no floating-point flag but inexact, no zero
       to report to the sweep), else 0, and e is then not to be read. Compiled without
       contraction (setup.py's -ffp-contract=off): each product rounded */
    static int wengert_logistic_cotangent(const double* restrict g, double* restrict e, const double* restrict a,
                                          const double* restrict x, double near, Py_ssize_t n) {
        int ok = 1;
        for (Py_ssize_t i = 0; i < n; i++) {
            const double t = e[i] * a[i];
            const double c = t <= 1.0 ? t : 1.0;
            const double p = c * a[i];
            const double r = g[i] * p;
            ok &= fabs(x[i]) <= near && fabs(t) >= DBL_MIN && fabs(p) >= DBL_MIN && fabs(p) <= DBL_MAX
                  && fabs(r) >= DBL_MIN && fabs(r) <= DBL_MAX;
            e[i] = r;
        }
        return ok;
    }
    """
    bint _logistic_cotangent "wengert_logistic_cotangent"(const double* g, double* e, const double* a, const double* x,
                                                         double near, Py_ssize_t n) noexcept nogil


def logistic_cotangent(g, e, ans, x, double near):
    """``g * (np.fmin(e * ans, 1.0) * ans)`` written into ``e`` (and returned): the logistic
    sigmoid's pullback ``g * partial`` from the forward pass's ``e = exp(-x)``, for arrays ``g``,
    ``e``, ``ans`` and ``x`` of NumPy's own float64 of one shape, C-contiguous, ``e`` writeable
    and none of the others, where every ``|x|`` is at most ``near`` and every product and result
    is a normal number (no floating-point flag but inexact, no zero); None otherwise, ``e`` then
    holding no value to be read (internal: ``wengert.jit``'s replay of ``wnp.logistic``, one pass
    where the rule makes four; the pure-Python twin computes it with NumPy).

    >>> import numpy as np
    >>> logistic_cotangent(np.array([2.0, 4.0]), np.array([1.0, 3.0]), np.array([0.5, 0.25]), np.zeros(2), 700.0)
    array([0.5 , 0.75])
    >>> logistic_cotangent(np.array([0.0]), np.array([1.0]), np.array([0.5]), np.zeros(1), 700.0) is None
    True
    """
    if not (_plain_f64(e, e) and _plain_f64(g, e) and _plain_f64(ans, e) and _plain_f64(x, e)
            and cnp.PyArray_ISWRITEABLE(<cnp.ndarray>e)) or e is ans or e is g or e is x:
        return None
    cdef bint ok
    with nogil:
        ok = _logistic_cotangent(<const double*>cnp.PyArray_DATA(<cnp.ndarray>g), <double*>cnp.PyArray_DATA(<cnp.ndarray>e),
                                 <const double*>cnp.PyArray_DATA(<cnp.ndarray>ans),
                                 <const double*>cnp.PyArray_DATA(<cnp.ndarray>x), near, cnp.PyArray_SIZE(<cnp.ndarray>e))
    return e if ok else None


cdef object _every_between(x, double lo, double hi):
    # at_least's and within's pass: every entry in [lo, hi] (a NaN is not), None where x is not a plain float64 array
    if type(x) is not cnp.ndarray or not _plain_f64(x, x):
        return None
    cdef Py_ssize_t n = cnp.PyArray_SIZE(<cnp.ndarray>x), i
    cdef const double* d = <const double*>cnp.PyArray_DATA(<cnp.ndarray>x)
    cdef bint ok = True
    with nogil:
        for i in range(n):
            if not (d[i] >= lo and d[i] <= hi):
                ok = False
                break
    return ok


def at_least(x, double bound):
    """Whether every entry of ``x`` is at least ``bound`` (a NaN is not), where ``x`` is a
    C-contiguous array of NumPy's own float64; None where it is not (internal: the logistic
    sigmoid's test that ``exp(-x)`` cannot overflow, which NumPy's ``np.minimum.reduce(x, None)
    >= bound`` answers in 0.9 us on 300 entries, mostly the reduction's set-up).

    >>> import numpy as np
    >>> at_least(np.array([0.0, -1.0]), -1.0), at_least(np.array([0.0, np.nan]), -1.0)
    (True, False)
    >>> at_least(np.array([1, 2]), 0.0) is None
    True
    """
    return _every_between(x, bound, INFINITY)


def within(x, double bound):
    """Whether every entry of ``x`` is within ``[-bound, bound]`` (a NaN is not), where ``x`` is
    a C-contiguous array of NumPy's own float64; None where it is not (internal: tanh's and the
    logistic sigmoid's test that no entry is where their rules form ``g * partial`` apart, one
    pass where NumPy's ``np.abs(x) <= bound`` makes two and an array).

    >>> import numpy as np
    >>> within(np.array([0.0, -1.0]), 1.0), within(np.array([0.0, np.nan]), 1.0)
    (True, False)
    >>> within(np.array([1, 2]), 3.0) is None
    True
    """
    return _every_between(x, -bound, bound)


def quotient_in_range(g, ans):
    """Whether ``ans`` and ``g * ans`` are normal numbers in every entry (``g * ans`` where ``g``
    is not 0), where each of ``g`` and ``ans`` is a Python float or a C-contiguous array of NumPy's
    own float64, the arrays of one shape; None where it cannot tell (internal: a quotient's
    pullback ``-g * ans / y`` needs no rescaling then, ``wengert.ops.elementwise``'s
    ``_far_mended``; NumPy's test of both costs 4 us on 300 entries).

    >>> import numpy as np
    >>> quotient_in_range(np.array([1.0, 0.0]), np.array([2.0, 3.0])), quotient_in_range(1e-300, 1e-10)
    (True, False)
    >>> quotient_in_range(np.array([1.0]), np.array([1, 2])) is None
    True
    """
    cdef double gv = 0.0, av = 0.0, a, p, d
    cdef const double* dg = NULL
    cdef const double* da = NULL
    cdef Py_ssize_t n = 1, i
    cdef bint ok = True
    if type(g) is float:
        gv = <double>g
    elif type(g) is cnp.ndarray and _plain_f64(g, <cnp.ndarray>g):
        dg = <const double*>cnp.PyArray_DATA(<cnp.ndarray>g)
        n = cnp.PyArray_SIZE(<cnp.ndarray>g)
    else:
        return None
    if type(ans) is float:
        av = <double>ans
    elif type(ans) is cnp.ndarray and _plain_f64(ans, <cnp.ndarray>(g if dg != NULL else ans)):
        da = <const double*>cnp.PyArray_DATA(<cnp.ndarray>ans)
        n = cnp.PyArray_SIZE(<cnp.ndarray>ans)
    else:
        return None
    with nogil:
        for i in range(n):
            d = dg[i] if dg != NULL else gv
            a = da[i] if da != NULL else av
            p = fabs(d * a)
            if not ((fabs(a) >= DBL_MIN) & (fabs(a) <= DBL_MAX) & (((p >= DBL_MIN) & (p <= DBL_MAX)) | (d == 0.0))):
                ok = False
                break
    return ok


def lone_entry_sums(g):
    """The sums of ``g`` along its last axis, with that axis kept (of length 1), where no row
    of ``g`` has two entries other than 0 (a one-hot cotangent, ``t * c``): such a sum is that
    entry (or a zero) whatever the order of the additions, so that NumPy's own reduction gives
    the same bits; None where a row has two, or where ``g`` is not a C-contiguous array of
    NumPy's own float64 with at least one axis (internal: ``wengert.jit``'s fused pullback of the
    log-softmax, where NumPy's reduction of short rows costs 7 ns an entry).

    >>> import numpy as np
    >>> lone_entry_sums(np.array([[0.0, -0.5, 0.0], [0.0, 0.0, 2.0]]))
    array([[-0.5],
           [ 2. ]])
    >>> lone_entry_sums(np.array([[0.25, -0.5, 0.0]])) is None
    True
    """
    if not _plain_f64(g, g):
        return None
    cdef int nd = cnp.PyArray_NDIM(<cnp.ndarray>g)
    if nd == 0 or nd > 64:
        return None
    cdef cnp.npy_intp dims[64]  # (NPY_MAXDIMS in NumPy 2)
    cdef int k
    for k in range(nd):
        dims[k] = cnp.PyArray_DIMS(<cnp.ndarray>g)[k]
    cdef Py_ssize_t m = dims[nd - 1]
    dims[nd - 1] = 1
    out = cnp.PyArray_SimpleNew(nd, dims, cnp.NPY_DOUBLE)
    cdef Py_ssize_t rows = cnp.PyArray_SIZE(<cnp.ndarray>out), i, j
    cdef const double* d = <const double*>cnp.PyArray_DATA(<cnp.ndarray>g)
    cdef double* o = <double*>cnp.PyArray_DATA(<cnp.ndarray>out)
    cdef double found
    cdef int seen = 0
    with nogil:
        for i in range(rows):
            found, seen = 0.0, 0
            for j in range(m):
                if d[i * m + j] != 0.0:
                    seen += 1
                    found = d[i * m + j]
            if seen > 1:
                break
            o[i] = found
    return None if seen > 1 else out

def vanishing_unless_zeros(rest):
    """``wengert.ops``' ``vanishing(out, g=None, live=None)``, whose common case, an ndarray
    ``out`` with no zero (nothing to report to the sweep), returns ``out`` here in C, without
    a Python call; ``rest(out, g, live)``, the Python function itself, everywhere else
    (internal).

    >>> import numpy as np
    >>> vanishing = vanishing_unless_zeros(lambda out, g, live: "reported")
    >>> vanishing(np.array([1.0, 2.0])), vanishing(np.array([0.0, 2.0]))
    (array([1., 2.]), 'reported')
    """
    def vanishing(out, g=None, live=None):
        if _no_zero(out):
            return out
        return rest(out, g, live)
    return vanishing


def nonzero_cotangent_rule(rule, rest, vanishing):
    """A unary rule ``(g, ans, x) -> g * partial`` checked for zero cotangents at infinite
    partials (``wengert.ops``' ``zero_cotangent_adds_nothing``), whose common case, a
    cotangent ``g`` that is an ndarray with no zero, runs ``rule`` here, its result given to
    ``vanishing`` only where it has a zero; ``rest(g, ans, x)``, the Python check itself,
    everywhere else (internal).

    >>> import numpy as np
    >>> checked = nonzero_cotangent_rule(lambda g, ans, x: 2.0 * g, lambda g, ans, x: "checked", None)
    >>> checked(np.array([1.0]), None, None), checked(np.array([0.0]), None, None)
    (array([2.]), 'checked')
    """
    def zero_adds_nothing(g, ans, x):
        if _no_zero(g):
            out = rule(g, ans, x)
            return out if _no_zero(out) else vanishing(out)
        return rest(g, ans, x)
    return zero_adds_nothing


cdef inline bint _new_base(set bases, cnp.ndarray a) except -1:
    # Whether the memory owner of ``a`` (its base, or a itself: NumPy collapses chains of
    # views to the owner) is not in ``bases`` yet, then added
    cdef PyObject* base = cnp.PyArray_BASE(a)  # (borrowed; NULL where a owns its memory: a.base is None)
    cdef object key = <Py_ssize_t>(<void*>a if base == NULL else <void*>base)
    if key in bases:
        return False
    bases.add(key)
    return True


def distinct_bases(grads, args):
    """True if the arguments and gradients are floats, arrays, and dataclasses or named
    tuples of floats and arrays, with no array base in common (internal: runners and
    ``wengert.jit`` check that a gradient handed back shares no memory with an argument).
    In C: the twin, ``wengert._kernels_py.distinct_bases``, is the same walk in Python.

    >>> import numpy as np
    >>> x = np.ones(3)
    >>> distinct_bases([np.zeros(3)], (x,)), distinct_bases([x[1:]], (x,))
    (True, False)
    """
    cdef set bases = set()
    cdef object values, a, v, names, name
    for values in (args, grads):
        for a in values:
            if type(a) is cnp.ndarray:
                if not _new_base(bases, <cnp.ndarray>a):
                    return False
            elif type(a) is not float:
                names = record_fields(type(a))  # a network's weights: its fields, as tree.arrays reads them
                if names is None:
                    return False
                for name in names:
                    v = getattr(a, name)
                    if type(v) is cnp.ndarray:
                        if not _new_base(bases, <cnp.ndarray>v):
                            return False
                    elif type(v) is not float:
                        return False
    return True


cdef object _array_key(object v, list keep, list arrays, fallback):
    # One item's part of a signature (array_keys)
    cdef cnp.ndarray a
    cdef cnp.dtype d
    cdef char kind
    cdef int i, n
    cdef cnp.npy_intp* dims
    cdef tuple shape
    cdef object length
    if type(v) is cnp.ndarray:
        a = <cnp.ndarray>v
        d = <cnp.dtype>cnp.PyArray_DESCR(a)
        kind = d.kind
        if kind == b'f' or kind == b'c':
            arrays.append(v)
            n = cnp.PyArray_NDIM(a)
            dims = cnp.PyArray_DIMS(a)
            shape = PyTuple_New(n)  # a.shape, built here (i < ndim: dims has ndim entries)
            for i in range(n):
                length = <Py_ssize_t>dims[i]
                Py_INCREF(length)
                PyTuple_SET_ITEM(shape, i, length)
            return (shape, d)
    elif type(v) is float:
        return float
    return fallback(v, keep, arrays)


cdef int _same_part(object part, object v, list arrays) except -1:
    # 1 where v's part of a signature (jit's _tree_key) is ``part`` (its arrays appended to
    # ``arrays``), 0 where it is not or where this walk cannot tell (keys of other kinds)
    cdef cnp.ndarray a
    cdef cnp.dtype d
    cdef char kind
    cdef int i, n
    cdef cnp.npy_intp* dims
    cdef tuple p, shape, parts, names
    cdef Py_ssize_t k, m
    t = type(v)
    if part is float or part is complex:
        return t is part
    if type(part) is not tuple:
        return 0
    p = <tuple>part
    if t is cnp.ndarray:
        if len(p) != 2 or type(p[0]) is not tuple:
            return 0
        a = <cnp.ndarray>v
        d = <cnp.dtype>cnp.PyArray_DESCR(a)
        kind = d.kind
        if kind != b'f' and kind != b'c':
            return 0
        if d is not p[1] and not (isinstance(p[1], cnp.dtype) and d == p[1]):
            return 0
        shape = <tuple>p[0]
        n = cnp.PyArray_NDIM(a)
        if len(shape) != n:
            return 0
        dims = cnp.PyArray_DIMS(a)
        for i in range(n):
            if type(shape[i]) is not int or <Py_ssize_t>dims[i] != <Py_ssize_t>shape[i]:
                return 0
        arrays.append(v)
        return 1
    if t is list or t is tuple:
        if p[0] is not t or type(p[1]) is not int or <Py_ssize_t>p[1] != len(v):
            return 0
        m = len(v)
        if len(p) == 2:  # (a flat list of floats: all_floats, one or more)
            if m == 0:
                return 0
            for k in range(m):
                if type(v[k]) is not float:
                    return 0
            return 1
        if len(p) != 3 or type(p[2]) is not tuple or len(<tuple>p[2]) != m:
            return 0
        parts = <tuple>p[2]
        for k in range(m):
            if not _same_part(parts[k], v[k], arrays):
                return 0
        return 1
    if len(p) != 3 or p[0] is not t or type(p[1]) is not tuple or type(p[2]) is not tuple:
        return 0
    names, parts = <tuple>p[1], <tuple>p[2]
    if len(names) != len(parts) or record_fields(t) is None:  # (a dataclass or named tuple only)
        return 0
    for k in range(len(names)):
        try:
            field = getattr(v, names[k])
        except Exception:  # noqa: BLE001  (the full signature's walk meets it again)
            return 0
        if not _same_part(parts[k], field, arrays):
            return 0
    return 1


def same_key(part, values, list arrays not None):
    """Whether the signature part ``wengert.jit`` makes of ``values`` (its arguments: arrays
    by shape and dtype, floats, flat lists of floats, lists and tuples of them, dataclasses
    and named tuples of arrays and floats) is ``part``, a part made before (internal: a call
    with the last call's signature is found without making the key anew). Where it is, the
    floating-point arrays met are appended to ``arrays`` in the order the signature's walk
    appends them; False also where the walk cannot tell (a leaf keyed by value or identity).
    In C: the twin, ``wengert._kernels_py.same_key``, is the same walk in Python.

    >>> import numpy as np
    >>> arrays = []
    >>> same_key((tuple, 2, (((2,), np.dtype(float)), float)), (np.ones(2), 1.5), arrays), len(arrays)
    (True, 1)
    >>> same_key((tuple, 2, (((3,), np.dtype(float)), float)), (np.ones(2), 1.5), [])
    False
    """
    return _same_part(part, values, arrays) == 1


def array_keys(values, list keep not None, list arrays not None, fallback, names=None):
    """The parts of ``wengert.jit``'s signature for the items of the sequence ``values`` (for
    its fields ``names`` where given: a dataclass or named tuple), as a tuple (internal): a
    floating-point ``numpy.ndarray``'s shape and dtype (the array appended to ``arrays``),
    ``float`` for a float, ``fallback(item, keep, arrays)`` for anything else. In C: the
    twin, ``wengert._kernels_py.array_keys``, is the same loop in Python.

    >>> import numpy as np
    >>> arrays = []
    >>> array_keys([np.ones((2, 3)), 1.5, "a"], [], arrays, lambda v, keep, arrays: (type(v), v))
    (((2, 3), dtype('float64')), <class 'float'>, (<class 'str'>, 'a'))
    >>> len(arrays)
    1
    """
    cdef list parts = []
    if names is None:
        for v in values:
            parts.append(_array_key(v, keep, arrays, fallback))
    else:
        for name in names:
            parts.append(_array_key(getattr(values, name), keep, arrays, fallback))
    return tuple(parts)


cdef extern from *:
    """
    #include <float.h>
    /* Whether every entry is finite (|d| <= DBL_MAX: an inf is not, a NaN compares false), 16
       entries at a time with SSE2, one test per block (an inf or NaN found ends the scan) */
    static int wengert_f64_all_finite(const double* d, Py_ssize_t n) {
        Py_ssize_t i = 0;
    #if defined(__SSE2__)
        const __m128d big = _mm_set1_pd(DBL_MAX), sign = _mm_set1_pd(-0.0);
        for (; i + 16 <= n; i += 16) {
            __m128d m = _mm_cmple_pd(_mm_andnot_pd(sign, _mm_loadu_pd(d + i)), big);
            m = _mm_and_pd(m, _mm_cmple_pd(_mm_andnot_pd(sign, _mm_loadu_pd(d + i + 2)), big));
            m = _mm_and_pd(m, _mm_cmple_pd(_mm_andnot_pd(sign, _mm_loadu_pd(d + i + 4)), big));
            m = _mm_and_pd(m, _mm_cmple_pd(_mm_andnot_pd(sign, _mm_loadu_pd(d + i + 6)), big));
            m = _mm_and_pd(m, _mm_cmple_pd(_mm_andnot_pd(sign, _mm_loadu_pd(d + i + 8)), big));
            m = _mm_and_pd(m, _mm_cmple_pd(_mm_andnot_pd(sign, _mm_loadu_pd(d + i + 10)), big));
            m = _mm_and_pd(m, _mm_cmple_pd(_mm_andnot_pd(sign, _mm_loadu_pd(d + i + 12)), big));
            m = _mm_and_pd(m, _mm_cmple_pd(_mm_andnot_pd(sign, _mm_loadu_pd(d + i + 14)), big));
            if (_mm_movemask_pd(m) != 3) return 0;
        }
    #endif
        for (; i < n; i++) if (!(fabs(d[i]) <= DBL_MAX)) return 0;
        return 1;
    }
    """
    bint _f64_all_finite "wengert_f64_all_finite"(const double* d, Py_ssize_t n) noexcept nogil


def all_finite(a):
    """Whether every entry of ``a`` is finite (no inf, no NaN), where ``a`` is an aligned C- or
    Fortran-contiguous array of NumPy's own float64; None where it is not (internal: matmul's
    pullbacks ask it of the product's value at every staging, where NumPy's
    ``np.count_nonzero(np.isfinite(a)) == a.size`` costs 0.9 us on 300 entries, mostly two calls'
    set-up and the mask's allocation).

    >>> import numpy as np
    >>> all_finite(np.array([[1.0, 1e308]])), all_finite(np.array([1.0, -np.inf])), all_finite(np.array([np.nan]))
    (True, False, False)
    >>> all_finite(np.array([1, 2])) is None
    True
    """
    if type(a) is not cnp.ndarray or cnp.PyArray_DESCR(<cnp.ndarray>a) != <cnp.PyArray_Descr*>_F64 or not (
            cnp.PyArray_ISCARRAY_RO(<cnp.ndarray>a) or cnp.PyArray_ISFARRAY_RO(<cnp.ndarray>a)):
        return None
    cdef Py_ssize_t n = cnp.PyArray_SIZE(<cnp.ndarray>a)
    cdef const double* d = <const double*>cnp.PyArray_DATA(<cnp.ndarray>a)
    cdef bint ok
    with nogil:
        ok = _f64_all_finite(d, n)
    return ok
