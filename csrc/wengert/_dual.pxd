# Declarations of Dual, forward mode's value (wengert.forward): a primal value and its
# tangent in one forward pass (its tag). A Dual of a Python float with a float tangent
# keeps both as C doubles (``scalar``): its arithmetic with floats, ints and scalar Duals
# of the same pass, and the elementary functions of the scalar op table (wengert.exp...,
# which cimport ``scalar_dual``), run in C with no Python call. Everything else goes to
# wengert.forward's rules, which this module reaches through the functions it installs.
cimport cython


# Not tracked by the garbage collector (no_gc, in _dual.pyx): a Dual refers to its pass's
# tag (which refers to no value) and to its primal and tangent, which are plain values,
# Vars of tapes opened outside the pass, or Duals of outer passes, none of which can
# refer back to it. Tracked, every scalar operation paid for the tracking and for the
# collections its allocations triggered.
@cython.final
@cython.no_gc
cdef class Dual:
    cdef double p                 # the primal, when scalar
    cdef double t                 # the tangent, when scalar
    cdef object _primal           # the primal, when not scalar
    cdef object _tangent          # the tangent, when not scalar
    cdef readonly object tag      # the forward pass (wengert.forward._Tag)
    cdef readonly bint scalar     # primal and tangent are Python floats kept in C
    cdef bint sl                  # the scalar tangent's zero is live (see Dual.live)
    cdef object _live             # the live marks of a tangent that is not scalar
    cdef object __weakref__       # weak references are allowed (np.where's marks, ops._util.mark_untaken)


cdef inline Dual scalar_dual_live(double p, double t, object tag, bint live):
    # A scalar Dual whose tangent's zero is live if ``live`` (see Dual.live).
    cdef Dual d = Dual.__new__(Dual)
    d.p = p
    d.t = t
    d.tag = tag
    d.scalar = True
    d.sl = live
    return d


cdef inline Dual scalar_dual(double p, double t, object tag):
    # A scalar Dual (freelist allocation, no __init__), its tangent's zero structural.
    return scalar_dual_live(p, t, tag, False)
