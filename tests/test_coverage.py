"""Meta-tests over every op table: coverage, second order and forward mode for every case.

Each ``tests/test_ops_<family>.py`` defines ``CASES`` (see ``tests/opcheck.py``). Here:

* both directions between the declarations (``wengert.primitive.declared()``) and the
  tests: every declared function has a gradient test (or is declared without gradient),
  every case and every no-gradient call names a declared function, and every NumPy
  function ``wengert.numpy`` exposes is declared (and every declared one exposed);
* every case is checked again at second order (reverse over reverse, forward over
  reverse) and in forward mode, except for the functions whose rules are first order
  only, for which a second derivative must raise a clear error instead;
* every function declared without a gradient returns plain values on Vars.
"""
import functools
import importlib
import pathlib
import re
import sys
import warnings

import numpy as np
import pytest

import wengert as wg
import wengert.numpy as wnp
from opcheck import Case, complex_variant, ids, squared
from wengert._backend import scalar_functions
from wengert.primitive import ELEMENTARY, declarations, declared, lookup, registered
from wengert.testing import check_grads

#: the files of gradient cases: test_ops_* (the op tables), and the files of scipy.stats distributions
#: (test_stats_*) that define ``CASES`` of opcheck's Case
FAMILIES = sorted(p.stem for pattern in ("test_ops_*.py", "test_stats_*.py")
                  for p in pathlib.Path(__file__).parent.glob(pattern))


def _cases(family):
    """The family's CASES; none for a family skipped as a whole (SciPy's, without SciPy), or
    whose ``CASES`` (if any) are not opcheck's (a table of its own)."""
    try:
        cases = getattr(importlib.import_module(family), "CASES", [])
    except pytest.skip.Exception:
        return []
    return [c for c in cases if isinstance(c, Case)]


ALL_CASES = [c for name in FAMILIES for c in _cases(name)]
SUPPORTED = wnp.supported()


def _function(name):
    """The function ``wengert.numpy.<name>``; ``name`` may be dotted ("linalg.solve"). For a
    function that wengert.numpy wraps to accept lists holding Vars, the function it wraps."""
    fn = functools.reduce(getattr, name.split("."), wnp)
    return getattr(fn, "plain", fn)


FIRST_ORDER = {_function(name) for name in wnp.first_order_only()}

#: the no-gradient functions that a Var cannot be the only argument of (or, for a binary
#: ufunc, both): their call on a Var. Every other one is called as f(v) (f(v, v) for a binary
#: ufunc) by test_no_gradient_functions_return_plain_values.
def _without_deprecation(fn):
    """``fn(v)`` with NumPy's DeprecationWarning silenced: NumPy 2.5 deprecates ``np.fix``
    (in favour of ``np.trunc``), which wengert still declares while NumPy has it."""
    def call(v):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return fn(v)
    return call


NO_GRADIENT_CALLS = {
    "fix": _without_deprecation(np.fix),
    "allclose": lambda v: np.allclose(v, v), "array_equal": lambda v: np.array_equal(v, v),
    "isclose": lambda v: np.isclose(v, 0.1),
    # a Var x2 is the result where x1 == 0 (recorded, see wengert._dispatch): a constant here
    "heaviside": lambda v: np.heaviside(v, 0.5),
    "argpartition": lambda v: np.argpartition(v, 1),
    # positions, membership and index sets
    "searchsorted": lambda v: np.searchsorted(np.sort(v), v), "digitize": lambda v: np.digitize(v, [0.0, 1.0]),
    "isin": lambda v: np.isin(v, [0.3, 2.0]), "tril_indices_from": lambda v: np.tril_indices_from(np.outer(v, v)),
    "triu_indices_from": lambda v: np.triu_indices_from(np.outer(v, v), 1),
    "diag_indices_from": lambda v: np.diag_indices_from(np.outer(v, v)),
    "array_equiv": lambda v: np.array_equiv(v, v[:1]), "around": _without_deprecation(np.around),
    "einsum_path": lambda v: np.einsum_path("i,i,i", v, v, v, optimize="greedy"),
    # windows of an integer length (a Var length is refused: tests/test_ops_conversions_windows_emath_cov.py)
    **{name: lambda v, name=name: getattr(wnp, name)(len(v)) for name in ("bartlett", "blackman", "hamming", "hanning")},
    "shares_memory": lambda v: np.shares_memory(v, v[1:]), "may_share_memory": lambda v: np.may_share_memory(v, v.value),
}
NO_GRADIENT = sorted(name for name, kind in SUPPORTED.items() if kind == "no gradient")


def _no_gradient_call(name):
    if name in NO_GRADIENT_CALLS:
        return NO_GRADIENT_CALLS[name]
    fn = _function(name)
    if isinstance(fn, np.ufunc) and fn.nin == 2:
        return lambda v: fn(v, v)
    return fn


def _name(fn):
    return getattr(fn, "__name__", repr(fn))


def test_every_differentiable_function_has_a_gradient_test():
    covered = {fn for c in ALL_CASES for fn in c.covers}
    missing = [name for name, kind in SUPPORTED.items()
               if kind != "no gradient" and _function(name) not in covered]
    assert not missing, f"no gradient test (a Case in tests/test_ops_*.py) for: {missing}"


#: what the cases may cover: every declared function (NumPy's, SciPy's, wengert's own), by
#: identity (wengert.scipy's are declared when it is imported, as the SciPy test files do).
def _declared_objects():
    return {id(p.exposed) for p in declared().values()}


def test_every_case_names_a_declared_function():
    objects = _declared_objects() | {id(wg.Var.__getitem__)}  # x[key]: Var's own operation
    undeclared = sorted({f"{c.id}: {_name(fn)}" for c in ALL_CASES for fn in c.covers
                         if id(fn) not in objects and not _scipy_composite(fn)})
    assert not undeclared, f"cases of functions that are not declared in wengert.ops: {undeclared}"


def _scipy_composite(fn):
    """True for the functions of wengert.scipy.stats' distributions (written with
    differentiable calls; wengert.scipy.stats.FUNCTIONS reads them from the classes)."""
    scipy_stats = sys.modules.get("wengert.scipy.stats")
    return scipy_stats is not None and _stats_functions(scipy_stats).get(id(fn)) is fn


@functools.lru_cache(maxsize=None)
def _stats_functions(scipy_stats):
    """id -> function of every distribution's method, read once: the collection asks for each of the
    ~7,100 cases (_marked), and reading the ~3,600 methods each time took ~2.3 s of CPU per run that
    collects this file. The functions are kept (not only their ids), so an id is never a freed object's."""
    return {id(f): f for f in (getattr(getattr(scipy_stats, d), n)
                               for d, names in scipy_stats.FUNCTIONS.items() for n in names)}


def test_every_no_gradient_call_names_a_no_gradient_function():
    assert sorted(set(NO_GRADIENT_CALLS) - set(NO_GRADIENT)) == []


def test_the_namespace_is_the_declarations():
    """Every name wengert.numpy (and its submodules) binds is a declaration's, bound to what
    the declaration exposes, and every declared name is bound (besides wengert's own tools
    about the namespace: its listings and the linalg opt-in)."""
    exposed = {}
    for module, prefix in ((wnp, ""), (wnp.linalg, "linalg."), (wnp.fft, "fft."), (wnp.emath, "emath."),
                           (wnp.lib.stride_tricks, "lib.stride_tricks.")):
        names = [n for n in module.__all__ if n not in ("supported", "first_order_only", "assume_sign_blind")]
        exposed.update({prefix + n: _function(prefix + n) for n in names})
    declared_here = {name.partition(".")[2]: p for name, p in declared("numpy.").items()}
    assert sorted(exposed) == sorted(declared_here) == sorted(SUPPORTED)
    wrong = [n for n, fn in exposed.items() if fn is not getattr(declared_here[n].exposed, "plain",
                                                                  declared_here[n].exposed)]
    assert not wrong, f"wengert.numpy binds these names to something else than their declaration: {wrong}"


def test_every_declared_numpy_function_has_a_public_name():
    """A NumPy function declared (rules, no gradient or composite) but named nowhere would be
    supported but not listed."""
    named = {id(p.exposed) for p in declared().values()}
    unnamed = [p.name for p in declarations()
               if (isinstance(p.exposed, np.ufunc) or (getattr(p.exposed, "__module__", None) or "").startswith("numpy"))
               and id(p.exposed) not in named]
    assert not unnamed, f"declared but missing from wengert.numpy: {unnamed}"


def test_every_registered_numpy_rule_is_named_in_wengert_numpy():
    named = {id(_function(name)) for name in SUPPORTED}
    named |= {id(p.exposed) for p in declared("scipy.").values()}  # SciPy's ufuncs: in wengert.scipy
    # (a ufunc whose wengert.scipy name is wengert's own function, exposed=: inv_boxcox, ndtri_exp)
    named |= {id(p.__wrapped__) for p in declared("scipy.").values() if p.exposed is not p}
    unnamed = [_name(fn) for fn in registered()
               if (isinstance(fn, np.ufunc) or getattr(fn, "__module__", "").startswith("numpy"))
               and id(fn) not in named]
    assert not unnamed, f"registered but missing from wengert.numpy: {unnamed}"


def test_the_scalar_fast_paths_are_the_declared_ones():
    """wengert.exp & co. (the compiled scalar functions) and the declarations' ``scalar=``
    name the same functions; -x, +x and abs(x) are Var's own (its dunders)."""
    assert sorted(ELEMENTARY) == sorted({*scalar_functions, "negative", "positive", "absolute"})
    for name, fn in scalar_functions.items():
        assert getattr(wg, name) is fn and name in wg.__all__


def test_no_declared_field_is_set_after_the_declaration():
    """A Primitive's fields (its rules aside, which defvjp adds) are set by its constructor
    only: an assignment elsewhere (lookup(np.sum).fun = ..., as there used to be) would
    change a function behind the back of the tables derived from its declaration."""
    fields = (r"fun|higher_order|gradient|composite|scalar|operator|methods|properties|collects_sequences|names"
              r"|exposed|replayable")
    # self.fun = ... in another class's methods sets that object's own attribute
    assignment = re.compile(rf"(?<!\bself)\.({fields})\s*=[^=]")
    src = pathlib.Path(__file__).resolve().parent.parent / "src" / "wengert"
    found = [f"{path.name}:{i}" for path in src.rglob("*.py")
             if path.name != "primitive.py" and not path.name.endswith("_py.py")  # the constructor; the twins' Rule
             for i, line in enumerate(path.read_text().splitlines(), 1) if assignment.search(line)]
    assert not found, f"a declared field of a Primitive set after its declaration: {found}"


@pytest.mark.parametrize("name", NO_GRADIENT)
def test_no_gradient_functions_return_plain_values(name):
    seen = []

    def f(v):
        out = _no_gradient_call(name)(v)
        seen.append(out)
        return np.sum(v)
    wg.grad_bp(f, np.array([0.3, -1.2, 2.5]))
    parts = seen[0] if isinstance(seen[0], tuple) else (seen[0],)
    assert not any(isinstance(p, wg.Var) for p in parts), f"np.{name} returned a Var"


#: (kinks2) cases at a kink whose second derivative is refused there (docs/guide/numpy.md,
#: "Second derivatives at kinks"): first order and forward mode are checked, and the
#: second order must raise NoGradientRule ("no second derivative at its kink").
AT_KINK_CASES = {"i1e-at-zero"}

#: cases through complex eigenvectors (a complex spectrum of eig), whose phase is free: forward
#: mode cannot check that the loss is blind to it and refuses their tangent; reverse mode
#: checks, and keeps its first and second derivatives.
FORWARD_REFUSED_CASES = {"eig-complex-spectrum", "eig-vectors-phase-blind"}
_FORWARD_REFUSAL = "forward mode through the eigenvectors"


def _distribution_method(c):
    """A case of wengert.scipy.stats' distributions' methods only (3,570 of ~7,100 cases, ~85% of
    test_second_order_and_forward_mode's time): Python composed of the rules the other cases check."""
    return bool(c.covers) and all(_scipy_composite(fn) for fn in c.covers)


def _marked(cases):
    """The cases as pytest params, a distribution's method marked ``distribution``: .ci/run's runs of
    the pure-Python core leave them out (-m "not distribution"; see its header), the others run all."""
    return [pytest.param(c, id=c.id, marks=pytest.mark.distribution) if _distribution_method(c) else
            pytest.param(c, id=c.id) for c in cases]


@pytest.mark.parametrize("c", _marked(ALL_CASES))
def test_second_order_and_forward_mode(c):
    # Squared outputs: a linear rule's second-order check would be vacuous (opcheck.squared).
    f = squared(c.f)
    if c.id in FORWARD_REFUSED_CASES:
        check_grads(f, *c.args, order=2, modes=("rev",), **c.check_kwargs)
        with pytest.raises(wg.NoGradientRule, match=_FORWARD_REFUSAL):
            check_grads(f, *c.args, modes=("fwd",), **c.check_kwargs)
        return
    if FIRST_ORDER.intersection(c.covers) or c.id in AT_KINK_CASES:
        check_grads(f, *c.args, modes=("fwd",), **c.check_kwargs)
        with pytest.raises(wg.NoGradientRule, match="second derivative"):
            check_grads(f, *c.args, order=2, **c.check_kwargs)
    else:
        check_grads(f, *c.args, order=2, modes=("rev", "fwd"), **c.check_kwargs)


# -- complex inputs: every rule NumPy defines for complex numbers ----------------------------
# A case is run again with its arguments made complex (opcheck.complex_variant) when every
# function it covers accepts complex numbers: a ufunc with a complex loop (ufunc.types;
# SciPy's ufuncs too), or an array function named below. Where the complex semantics have
# no derivative (an ordering of complex numbers) or a rule is real-only, the function must
# refuse complex input with an error that names it; a second derivative may meet such a
# function (the norm's through the SVD) and must then raise that error.

#: array functions (not ufuncs) that NumPy applies to complex numbers, by wengert.numpy name.
COMPLEX_ARRAY_FUNCTIONS = {
    "amax", "amin", "angle", "array", "array_split", "broadcast_to", "clip", "concatenate",
    "cumprod", "cumsum", "diff", "dot", "einsum", "expand_dims", "flip", "hstack", "imag",
    "inner", "kron", "max", "mean", "min", "moveaxis", "outer", "pad", "prod", "ravel", "real",
    "real_if_close", "repeat", "reshape", "roll", "split", "squeeze", "stack", "std", "sum",
    "swapaxes", "take", "tile", "trace", "transpose", "var", "vdot", "vstack", "where",
    "linalg.cholesky", "linalg.det", "linalg.eig", "linalg.eigh", "linalg.eigvalsh",
    "linalg.inv", "linalg.lstsq", "linalg.matrix_power", "linalg.multi_dot", "linalg.norm",
    "linalg.pinv", "linalg.qr", "linalg.slogdet", "linalg.solve", "linalg.svd",
    "linalg.tensorinv", "linalg.tensorsolve",
    "append", "atleast_1d", "atleast_2d", "atleast_3d", "c_", "column_stack", "cross", "delete",
    "diag", "diagflat", "diagonal", "dsplit", "dstack", "fliplr", "flipud", "full", "full_like",
    "gradient", "hsplit", "insert", "linspace", "median", "nan_to_num", "nanmax", "nanmean",
    "nanmin", "nanstd", "nansum", "nanvar", "partition", "r_", "rollaxis", "rot90", "row_stack",
    "select", "sinc", "sort", "tril", "triu", "vsplit",
    "sort_complex",
    # statistics, NaN-skipping products
    "average", "cov", "corrcoef", "ptp", "nanprod", "nancumsum", "nancumprod", "cumulative_sum",
    "cumulative_prod",
    "ediff1d", "trapezoid", "trapz", "convolve", "correlate", "polyval", "vander", "polyadd", "polysub",
    "polymul", "polyder", "polyint",
    # (unique_values: refused on NumPy >= 2.3, see COMPLEX_REFUSED_CASES)
    "unique_values", "take_along_axis", "compress", "extract", "choose", "broadcast_arrays", "meshgrid", "matrix_transpose",
    "linalg.matrix_transpose", "unstack", "unique", "unique_counts", "unique_inverse",
    "unique_all", "union1d", "setdiff1d", "setxor1d",
    "vecdot", "matvec", "vecmat", "linalg.vecdot", "linalg.matmul", "linalg.outer", "linalg.tensordot",
    "linalg.trace", "linalg.diagonal", "linalg.cross", "linalg.vector_norm", "linalg.matrix_norm",
    "linalg.svdvals", "linalg.cond", "linalg.eigvals",
    "block", "resize", "trim_zeros",
    "intersect1d", "poly", "roots", "polydiv", "piecewise", "apply_along_axis", "apply_over_axes",
    "logspace", "asarray",
    "asanyarray", "ascontiguousarray", "asfortranarray", "asarray_chkfinite", "require",
    "lib.stride_tricks.sliding_window_view", "emath.sqrt", "emath.log", "emath.log2", "emath.log10",
    "emath.logn", "emath.power", "emath.arcsin", "emath.arccos", "emath.arctanh",
    "ix_",
    # numpy.fft is not listed: tests/test_ops_fft.py checks every transform's VJP on complex
    # inputs as an exact transpose, and its CASES feed the transforms through rfft, which
    # takes real input (NumPy drops the imaginary part).
}
_COMPLEX_ARRAY_FUNCTIONS = {_function(n) for n in COMPLEX_ARRAY_FUNCTIONS if n in SUPPORTED}

#: rules (by name) that refuse complex input with a NoGradientRule naming themselves.
REFUSES_COMPLEX = {
    "numpy.amax", "numpy.amin", "numpy.clip", "numpy.fmax", "numpy.fmin", "numpy.max",
    "numpy.maximum", "numpy.min", "numpy.minimum",
    "scipy.special.digamma",
    "scipy.special.polygamma", "numpy.sort", "numpy.partition", "numpy.median", "numpy.nanmax",
    "numpy.nanmin",
    # a composite's name is the function's own (lookup finds no Primitive of rules)
    "ptp",
    "clip",  # np.clip is a composite now (its bounds differentiable, also as min=/max=)
}
_REFUSAL = "of complex numbers has no gradient|is provided for real input only"

#: cases (by id) whose function refuses complex input under the case's keywords only.
COMPLEX_REFUSED_CASES: "set[str]" = {  # np.pad's order statistics
    "pad-maximum", "pad-minimum-stat_length", "pad-median", "pad-median-even"}
# NumPy >= 2.3 returns the distinct values of complex numbers in its hash table's order, which
# almost any move of them changes (refused; NumPy 2.0 sorts them)
_PROBE = np.unique_values(np.arange(1.0, 10.0) * (1 + 1j))
if np.any(_PROBE[1:] < _PROBE[:-1]):
    COMPLEX_REFUSED_CASES.add("unique_values")

#: cases left out of the complex pass, with the reason.
COMPLEX_SKIPPED_CASES = {
    # inserts complex values into a real array: NumPy casts them to real (a ComplexWarning)
    "insert-slice-values-only": "real array",
    # a cast to a real dtype (ComplexWarning); conditions compared on a Python complex
    "asarray-cast": "real dtype", "piecewise-float": "ordered conditions",
    # NumPy casts aweights to float (a ComplexWarning); the data are complex in the others
    **{f"cov-var-aweights{k}": "real aweights" for k in ("", "-ddof0", "-fweights", "-fweights-ddof2", "-bias",
                                                           "-rowvar-false", "-x-y", "-one-variable")},
}


def _scipy_hyp1f1_is_right_for_complex_z():
    """SciPy 1.13 returns 1 + 0j for hyp1f1 of every complex z it was tried at (CI's oldest
    step): the function itself is wrong there, so its derivative cannot be checked against
    it. Compared here with the series at one point."""
    try:
        import scipy.special as sc
    except ImportError:
        return True
    a, b, z = 0.5, 1.5, 0.5 + 0.2j
    term, total = 1.0 + 0j, 0j
    for k in range(60):
        total += term
        term *= (a + k) / (b + k) * z / (k + 1)
    return abs(sc.hyp1f1(a, b, z) - total) < 1e-12 * abs(total)


if not _scipy_hyp1f1_is_right_for_complex_z():
    COMPLEX_SKIPPED_CASES.update({f"hyp1f1-{a}-{b}": "SciPy's complex hyp1f1 is wrong here"
                                  for a, b in ((0.5, 1.5), (2.0, 0.7), (-1.5, 2.5))})


def _rule_name(fn):
    prim = lookup(fn)
    return prim.name if prim is not None else _name(fn)


def _accepts_complex(fn):
    if isinstance(fn, np.ufunc):
        return any("D" in t.split("->")[0] for t in fn.types)
    return fn in _COMPLEX_ARRAY_FUNCTIONS


COMPLEX_CASES = [complex_variant(c, seed=i) for i, c in enumerate(ALL_CASES)
                 if c.covers and all(_accepts_complex(fn) for fn in c.covers)
                 and c.id not in COMPLEX_SKIPPED_CASES]


def test_the_complex_pass_covers_every_function_that_accepts_complex_numbers():
    checked = {fn for c in COMPLEX_CASES for fn in c.covers}
    expected = {name for name, kind in SUPPORTED.items()
                if kind != "no gradient" and _accepts_complex(_function(name))}
    assert sorted(n for n in expected if _function(n) not in checked) == []
    assert {n for n in COMPLEX_ARRAY_FUNCTIONS if n in SUPPORTED} <= expected


@pytest.mark.parametrize("c", COMPLEX_CASES, ids=ids(COMPLEX_CASES))
def test_complex_inputs(c):
    refusing = {_rule_name(fn) for fn in c.covers} & REFUSES_COMPLEX
    if refusing or c.id.removesuffix("-complex") in COMPLEX_REFUSED_CASES:
        with pytest.raises(wg.NoGradientRule, match=_REFUSAL) as info:
            check_grads(c.f, *c.args, **c.check_kwargs)
        assert any(_name(fn) in str(info.value) for fn in c.covers) or any(
            name in str(info.value) for name in refusing)
        return
    check_grads(c.f, *c.args, modes=("rev", "fwd"), **c.check_kwargs)
    if FIRST_ORDER.intersection(c.covers):
        return
    try:
        check_grads(squared(c.f), *c.args, order=2, modes=("rev", "fwd"), **c.check_kwargs)
    except wg.NoGradientRule as exc:
        if not re.search(_REFUSAL, str(exc)):  # "numpy.<name> of complex numbers has no gradient"
            raise


# -- forward mode against reverse mode: <J v, u> = <v, J^T u> on random vectors ---------------
# check_grads(modes=("fwd",)) above checks every JVP against central differences; here the
# JVP (wengert.forward: linear, multilinear, elementwise, explicit or transposed rules) is
# checked against the VJP of the same rule, to rounding, first order and second order
# (the same pairing for the function args -> vjp(f, *args)(u)).

def _transpose_check(f, args, seed):
    from wengert.testing import flatten, unflatten
    rng = np.random.default_rng(seed)

    def rand_like(x):
        return unflatten(x, [rng.standard_normal(np.shape(leaf)) + (
            1j * rng.standard_normal(np.shape(leaf)) if np.iscomplexobj(leaf) else 0)
            if np.ndim(leaf) else (complex(rng.standard_normal(), rng.standard_normal())
                                   if np.iscomplexobj(leaf) else float(rng.standard_normal()))
            for leaf in flatten(x)])

    def pair(a, b):
        return sum(float(np.real(np.sum(np.asarray(x) * np.asarray(y)))) for x, y in zip(flatten(a), flatten(b)))
    v = tuple(rand_like(a) for a in args)
    value, jv = wg.jvp(f, args, v)
    u = rand_like(value)
    _, pullback = wg.vjp(f, *args)
    grads = pullback(u)
    left, right = pair(jv, u), pair(v, grads)
    scale = sum(float(np.sum(np.abs(np.asarray(x)))) for x in flatten(jv) + flatten(grads)) + 1.0
    assert abs(left - right) <= 1e-8 * scale, f"<J v, u> = {left!r} but <v, J^T u> = {right!r}"
    return pullback, u


# (marked vjp_transpose, its distributions' cases distribution too: .ci/run's floor run leaves those out, step 1 runs them)
@pytest.mark.vjp_transpose
@pytest.mark.parametrize("c", _marked(ALL_CASES + COMPLEX_CASES))
def test_jvp_is_the_transpose_of_the_vjp(c):
    complex_refused = any(c is x for x in COMPLEX_CASES) and (
        {_rule_name(fn) for fn in c.covers} & REFUSES_COMPLEX
        or c.id.removesuffix("-complex") in COMPLEX_REFUSED_CASES)
    if complex_refused:
        return  # test_complex_inputs checks the refusal
    f = squared(c.f)
    if c.id in FORWARD_REFUSED_CASES:
        with pytest.raises(wg.NoGradientRule, match=_FORWARD_REFUSAL):
            _transpose_check(f, c.args, seed=1)
        return
    _, u = _transpose_check(f, c.args, seed=1)
    if FIRST_ORDER.intersection(c.covers) or c.id in AT_KINK_CASES:
        return
    try:
        _transpose_check(lambda *xs: wg.vjp(f, *xs)[1](u), c.args, seed=2)
    except wg.NoGradientRule as exc:
        if not re.search(_REFUSAL, str(exc)):
            raise


# -- fwd3: nested forward mode (forward over forward) for every case -------------------------
# The directional derivative x -> jvp(f, x, v)[1] computed in forward mode is differentiated
# in forward mode again (Duals of two passes, the inner pass's rules computing with the outer
# pass's Duals; a rule with only a VJP through its transposed pullback) and checked against
# central differences. A function whose rules are first order only must refuse the second
# derivative with its clear error.

def _directional(f, args, seed):
    from wengert.testing import flatten, unflatten
    rng = np.random.default_rng(seed)
    v = tuple(unflatten(a, [wg.testing._random_like(leaf, rng) for leaf in flatten(a)]) for a in args)
    return lambda *xs: wg.jvp(f, xs, v)[1]


@pytest.mark.parametrize("c", _marked(ALL_CASES + COMPLEX_CASES))
def test_forward_over_forward(c):
    is_complex = any(c is x for x in COMPLEX_CASES)
    if is_complex and ({_rule_name(fn) for fn in c.covers} & REFUSES_COMPLEX
                       or c.id.removesuffix("-complex") in COMPLEX_REFUSED_CASES):
        return  # test_complex_inputs checks the refusal
    directional = _directional(squared(c.f), c.args, seed=3)
    if c.id in FORWARD_REFUSED_CASES:
        with pytest.raises(wg.NoGradientRule, match=_FORWARD_REFUSAL):
            check_grads(directional, *c.args, modes=("fwd",), **c.check_kwargs)
        return
    if FIRST_ORDER.intersection(c.covers) or c.id in AT_KINK_CASES:
        with pytest.raises(wg.NoGradientRule, match="second derivative"):
            check_grads(directional, *c.args, modes=("fwd",), **c.check_kwargs)
        return
    try:
        check_grads(directional, *c.args, modes=("fwd",), **c.check_kwargs)
    except wg.NoGradientRule as exc:
        if not (is_complex and re.search(_REFUSAL, str(exc))):
            raise
