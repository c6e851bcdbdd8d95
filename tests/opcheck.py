"""Gradient-test cases for the op tables, shared by the ``tests/test_ops_*.py`` modules.

Each family's test module defines ``CASES``, a list of :class:`Case`, and checks every
case against central finite differences (first order, reverse mode) with the one
test :func:`gradient_test` makes. The meta-tests in
``tests/test_coverage.py`` import every family's ``CASES`` to check that every function
``wengert.numpy`` claims has at least one case, and run all cases again at second order
and in forward mode.

The builders (:func:`unary`, :func:`binary`, :func:`reduction`) use fixed shape sets that
include a Python float, a 0-d array, a vector, a matrix and the broadcasting shape (1, n).
"""
import itertools
import re
import types
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pytest

#: the shapes every unary function is checked on (None: a Python float).
SHAPES = {"float": None, "scalar": (), "vector": (3,), "matrix": (2, 3), "row": (1, 3)}

#: operand shapes for binary functions, every one broadcasting differently.
BROADCAST_PAIRS = [((3,), (3,)), ((2, 3), (3,)), ((1, 3), (2, 1)), ((), (2, 3)), (None, (3,)),
                   ((2, 3), (1, 3))]

#: (shape, axis) pairs every reduction is checked on, each with keepdims False and True.
REDUCTION_AXES = [((3,), None), ((3,), 0), ((2, 3), None), ((2, 3), 0), ((2, 3), 1), ((2, 3), -1),
                  ((2, 3), (0, 1)), ((1, 3), 0), ((2, 3, 2), (0, 2)), ((), None)]


@dataclass(frozen=True)
class Case:
    """One gradient check: ``f(*args)``, covering the registered functions in ``covers``."""
    covers: tuple
    f: Callable
    args: tuple
    id: str
    check_kwargs: dict = field(default_factory=dict)  # tolerances for check_grads, with a reason


def case(covers, f, *args, id=None, **check_kwargs):
    """A :class:`Case` for one function or a tuple of functions.

    >>> case(np.exp, np.exp, 0.5).id
    'exp'
    """
    covers = covers if isinstance(covers, tuple) else (covers,)
    covers = tuple(getattr(c, "plain", c) for c in covers)  # wnp.mean: the NumPy function it wraps
    name = id or "-".join(_name(c) for c in covers)
    return Case(covers, f, args, name, check_kwargs)


def _name(fn):
    return getattr(fn, "__name__", None) or repr(fn)


def rand(shape, low=-1.0, high=1.0, seed=0):
    """A random float (shape None), 0-d array or array with entries in ``[low, high)``."""
    rng = np.random.default_rng(seed)
    if shape is None:
        return float(rng.uniform(low, high))
    return rng.uniform(low, high, shape)


def crand(shape, low=-1.0, high=1.0, seed=0):
    """A random complex number (shape None), 0-d array or array: real and imaginary parts
    in ``[low, high)``.

    >>> type(crand(None)), crand((2,)).dtype
    (<class 'complex'>, dtype('complex128'))
    """
    rng = np.random.default_rng(seed)
    if shape is None:
        return complex(rng.uniform(low, high), rng.uniform(low, high))
    return rng.uniform(low, high, shape) + 1j * rng.uniform(low, high, shape)


def _shape_id(shape):
    return "float" if shape is None else "x".join(map(str, shape)) or "0d"


def unary(fn, low=-0.9, high=0.9, shapes=tuple(SHAPES.values()), **kwargs):
    """Cases for a shape-preserving function of one argument, on every shape in ``shapes``."""
    return [case(fn, lambda x, _k=kwargs: fn(x, **_k), rand(s, low, high, seed=i),
                 id=f"{_name(fn)}-{_shape_id(s)}") for i, s in enumerate(shapes)]


def binary(fn, low=-0.9, high=0.9, low_y=None, high_y=None, pairs=BROADCAST_PAIRS):
    """Cases for an elementwise function of two arguments, broadcasting every pair.

    Each pair is checked with both arguments differentiated, and with each one alone
    (the other a constant).
    """
    low_y = low if low_y is None else low_y
    high_y = high if high_y is None else high_y
    cases = []
    for i, (sx, sy) in enumerate(pairs):
        x, y = rand(sx, low, high, seed=2 * i), rand(sy, low_y, high_y, seed=2 * i + 1)
        tag = f"{_name(fn)}-{_shape_id(sx)}-{_shape_id(sy)}"
        cases.append(case(fn, fn, x, y, id=tag))
        cases.append(case(fn, lambda a, _y=y: fn(a, _y), x, id=tag + "-x"))
        cases.append(case(fn, lambda b, _x=x: fn(_x, b), y, id=tag + "-y"))
    return cases


def reduction(fn, low=-0.9, high=0.9, axes=REDUCTION_AXES, keepdims=(False, True), **kwargs):
    """Cases for ``fn(x, axis=..., keepdims=...)`` on every (shape, axis) pair."""
    cases = []
    for i, ((shape, axis), keep) in enumerate(itertools.product(axes, keepdims)):
        x = rand(shape, low, high, seed=i)
        cases.append(case(fn, lambda v, _a=axis, _k=keep: fn(v, axis=_a, keepdims=_k, **kwargs), x,
                          id=f"{_name(fn)}-{_shape_id(shape)}-axis{axis}-keep{keep}"))
    return cases


def complex_variant(c, seed=0):
    """``c`` with every floating-point leaf of its arguments made complex: ``x + i y``, ``y``
    random in ``[-0.5, 0.5)`` (same shapes and types: float -> complex, float64 ->
    complex128, float32 -> complex64); the functions it covers are checked on complex
    numbers.

    >>> complex_variant(case(np.exp, np.exp, 0.5)).args[0].real
    0.5
    """
    rng = np.random.default_rng(seed)

    def convert(x):
        if type(x) is float:
            return complex(x, rng.uniform(-0.5, 0.5))
        if isinstance(x, (np.ndarray, np.floating)) and x.dtype.kind == "f":
            out = x + 1j * rng.uniform(-0.5, 0.5, np.shape(x))
            out = out.astype(np.result_type(x.dtype, np.complex64))
            return out if isinstance(x, np.ndarray) else out[()]
        if isinstance(x, (list, tuple)) and not hasattr(x, "_fields"):
            return type(x)(convert(v) for v in x)
        if isinstance(x, dict):
            return {k: convert(v) for k, v in x.items()}
        return x
    return Case(c.covers, c.f, tuple(convert(a) for a in c.args), c.id + "-complex", c.check_kwargs)


def ids(cases):
    """pytest ids for a list of cases."""
    return [c.id for c in cases]


#: a distribution's densities and tails (scipy.stats' names)
STATS_TAILS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")


def one_shape_common_cases(dist, name, size1_x=0.7, size1_shape=1.6):
    """The gradient cases every test file of a ``wengert.scipy.stats`` distribution of one shape
    has (``dist``, named ``name``): each tail and quantile on a size-1 array (at ``size1_x``, q = 0.3,
    the shape ``size1_shape``, loc 0.1, scale 1.4) and on a size-0 array, the median and the interval."""
    def f(method):
        return getattr(dist, method)
    return [
        *[case(f(m), f(m), np.array([0.3 if m in ("ppf", "isf") else size1_x]), np.array([size1_shape]),
               np.array([0.1]), np.array([1.4]), id=f"{name}.{m}-size1") for m in STATS_TAILS + ("ppf", "isf")],
        *[case(f(m), f(m), np.zeros(0), 2.0, id=f"{name}.{m}-size0") for m in STATS_TAILS + ("ppf", "isf")],
        case(f("median"), lambda *a: dist.median(*a), np.array([0.3, 2.0]), np.array([[-0.4], [1.3]]), 0.6,
             id=f"{name}.median"),
        case(f("interval"), lambda p, s: dist.interval(p, s, 0.3, 1.2), np.array([0.2, 0.9, 0.99]), 1.7,
             id=f"{name}.interval"),
    ]


def two_shape_common_cases(dist, name, size1_x=0.9, size1_shapes=(0.6, 1.7), shapes=(0.5, 1.7)):
    """:func:`one_shape_common_cases` for a distribution of two shapes (``size1_shapes`` on the size-1 arrays, loc
    0.1; the median in both shapes at ``[0.3, -2.0]`` and ``[0.4, 1.6]`` times ``shapes[1] / 1.7`` (loc 0.6, scale
    1.1); the interval at ``shapes``)."""
    def f(method):
        return getattr(dist, method)
    return [
        *[case(f(m), f(m), np.array([0.3 if m in ("ppf", "isf") else size1_x]), *(np.array([s]) for s in size1_shapes),
               np.array([0.1]), np.array([1.4]), id=f"{name}.{m}-size1") for m in STATS_TAILS + ("ppf", "isf")],
        *[case(f(m), f(m), np.zeros(0), *shapes, id=f"{name}.{m}-size0") for m in STATS_TAILS + ("ppf", "isf")],
        case(f("median"), lambda *a: dist.median(*a), np.array([0.3, -2.0]),
             np.array([[0.4], [1.6]]) * (shapes[1] / 1.7), 0.6, 1.1, id=f"{name}.median"),
        case(f("interval"), lambda p, a, b: dist.interval(p, a, b, 0.3, 1.2), np.array([0.2, 0.9, 0.99]), *shapes,
             id=f"{name}.interval"),
    ]


def gradient_test(cases):
    """The gradient test of a family's test module: ``test_gradient = gradient_test(CASES)``.

    One pytest test per case (its id names the function and shapes), each checking the
    case's function against central finite differences, first order, reverse mode.
    """
    from wengert.testing import check_grads

    @pytest.mark.parametrize("c", cases, ids=ids(cases))
    def test_gradient(c):
        check_grads(c.f, *c.args, **c.check_kwargs)
    return test_gradient


def listing_test(names, functions, cases):
    """The listing test of a file of SciPy functions: ``test_every_function_is_listed_and_has_a_case
    = listing_test(names, functions, CASES)``: each of ``names`` (``"linalg.hessenberg"``) is one
    ``wengert.scipy.supported()`` lists with a gradient, and each of ``functions`` is covered by a
    case."""
    def test_every_function_is_listed_and_has_a_case():
        import wengert.scipy
        table = wengert.scipy.supported()
        assert [n for n in names if table.get(n) != "gradient"] == []
        covered = {id(fn) for c in cases for fn in c.covers}
        assert [f for f in functions if id(f) not in covered] == []
    return test_every_function_is_listed_and_has_a_case


def values_are_scipys(c, monkeypatch, namespaces, exact=False):
    """``c`` run with wengert's function and then with SciPy's in its place (``namespaces``:
    name -> (wengert's namespace, SciPy's)): the same result type, the same values."""
    value = c.f(*c.args)
    name = c.covers[0].__name__
    ours, theirs = namespaces[name]
    monkeypatch.setattr(ours, name, getattr(theirs, name))
    reference = c.f(*c.args)
    assert np.result_type(value) == np.result_type(reference)
    if exact:  # the same calls: SciPy's values to the bit
        np.testing.assert_array_equal(value, reference)
    else:
        np.testing.assert_allclose(value, reference, rtol=1e-12, atol=1e-12)


def family_tests(family, ours, theirs, names, cases, exact=False):
    """``test_gradient, test_every_function_is_listed_and_has_a_case, test_values_are_scipys =
    family_tests("fft", wsf, scipy.fft, NAMES, CASES)``: the three tests of a file of cases of the
    functions ``names`` of one SciPy namespace (:func:`gradient_test`, :func:`listing_test`,
    :func:`values_are_scipys`, to the bit with ``exact``)."""
    namespaces = {n: (ours, theirs) for n in names}

    @pytest.mark.parametrize("c", cases, ids=ids(cases))
    def test_values_are_scipys(c, monkeypatch):
        values_are_scipys(c, monkeypatch, namespaces, exact=exact)
    return (gradient_test(cases),
            listing_test([f"{family}.{n}" for n in names], [getattr(ours, n) for n in names], cases),
            test_values_are_scipys)


def check_both_modes(f, *args, order=2):
    """``check_grads`` in reverse and forward mode, to second order unless told otherwise."""
    from wengert.testing import check_grads
    check_grads(f, *args, order=order, modes=("rev", "fwd"))


def scipy_reference_tests(ours, theirs, family, names, cases):
    """The two tests of a file of cases of wengert's versions of SciPy functions:
    ``test_every_function_has_a_case, test_values_are_scipys = scipy_reference_tests(wsl,
    scipy.linalg, "linalg", NAMES, CASES)``.

    The first checks that each of ``names`` (functions of the namespace ``ours``) is covered
    by a case and listed as ``"<family>.<name>": "gradient"`` by ``wengert.scipy.supported()``;
    the second runs each case again with SciPy's own functions (of ``theirs``) in place of
    wengert's and compares: the same result type, values within ``rtol=1e-10``.
    """
    scipys = {name: getattr(theirs, name) for name in names}

    def test_every_function_has_a_case():
        import wengert.scipy

        covered = {id(fn) for c in cases for fn in c.covers}
        assert [n for n in scipys if id(getattr(ours, n)) not in covered] == []
        assert all(wengert.scipy.supported()[f"{family}.{n}"] == "gradient" for n in scipys)

    @pytest.mark.parametrize("c", cases, ids=ids(cases))
    def test_values_are_scipys(c, monkeypatch):
        value = c.f(*c.args)
        for fn in c.covers:
            monkeypatch.setattr(ours, fn.__name__, scipys[fn.__name__])
        reference = c.f(*c.args)
        assert np.result_type(value) == np.result_type(reference)
        np.testing.assert_allclose(value, reference, rtol=1e-10, atol=1e-12)
    return test_every_function_has_a_case, test_values_are_scipys


def assert_log_tail_close(got, want, **tolerances):
    """``assert_allclose(got, want, **tolerances)`` for a log cdf or log sf, where SciPy's
    ``log(tail)`` is ``-inf`` because the tail underflows but wengert's, computed in log space, is
    finite (checked against mpmath in tests/test_exact_scipy_tails.py): there only that it is
    below the log of the smallest normal float."""
    got, want = np.asarray(got), np.asarray(want)
    underflow = np.isneginf(want) & np.isfinite(got)
    assert np.all(got[underflow] < np.log(np.finfo(float).tiny)), got[underflow]
    np.testing.assert_allclose(np.where(underflow, -np.inf, got), want, **tolerances)


def stats_values_test(checks, rtol=None):
    """The value test of a file of ``wengert.scipy.stats`` distributions: ``test_stats_values_are_scipys
    = stats_values_test(VALUE_CHECKS)``, ``VALUE_CHECKS`` a list of ``("<distribution>.<function>",
    args)``. Each call is compared with SciPy's (``rtol=1e-12``, or ``rtol[name]`` where SciPy's own
    value is known to be further off; a log tail far out, where SciPy's is ``-inf`` and wengert's
    finite, by :func:`assert_log_tail_close`)."""
    @pytest.mark.parametrize("name, args", checks, ids=[n for n, _ in checks])
    def test_stats_values_are_scipys(name, args):
        import scipy.stats

        from wengert.scipy import stats
        distribution, function = name.split(".")
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # (SciPy's own warnings)
            want = getattr(getattr(scipy.stats, distribution), function)(*args)
        got = getattr(getattr(stats, distribution), function)(*args)
        if function == "interval":
            got, want = np.array(got), np.array(want)
        assert_log_tail_close(got, want, rtol=(rtol or {}).get(name, 1e-12),
                              atol=1e-15 if function.startswith("log") else 1e-300)
    return test_stats_values_are_scipys


def assert_close_or_tiny(got, want, rtol):
    """``got`` within ``rtol`` of ``want`` entrywise, or within 1e-16 of ``want``'s largest entry (where a truth is
    0, mpmath's is its digits' rounding)."""
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    np.testing.assert_array_less(np.abs(got - want), rtol * np.abs(want) + 1e-16 * np.max(np.abs(want)) + 1e-300)


def location_scale_jets_test(distribution, methods, points, truths, rtol):
    """The test of a count-shaped distribution's methods against mpmath jets: ``points`` a list of ``(x, shape, loc,
    scale)``, ``truths(k, method)`` the value, gradient and Hessian in ``(x, loc, scale)`` at point ``k``; the value,
    ``wg.grad`` and ``wg.hessian`` within ``rtol`` (:func:`assert_close_or_tiny`), one test per method."""
    import wengert as wg

    @pytest.mark.parametrize("method", methods)
    def test_value_gradient_hessian_against_mpmath(method):
        for k, (x, shape, loc, scale) in enumerate(points):
            value, grad, hess = truths(k, method)

            def f(v):
                return getattr(distribution, method)(v[0], shape, v[1], v[2])
            v = np.array([x, loc, scale])
            assert float(f(v)) == pytest.approx(value, rel=rtol, abs=1e-300), (method, k)
            assert_close_or_tiny(wg.grad(f)(v), grad, rtol)
            assert_close_or_tiny(wg.hessian(f)(v), hess, rtol)
    return test_value_gradient_hessian_against_mpmath


def location_scale_jet_from_z(base, log, z_jet, z, scale, log_value=None):
    """The value, gradient and Hessian in ``(x, loc, scale)`` (floats and float arrays) of a method of a
    location-scale distribution from its standard function's jet ``z_jet = (g, g', g'')`` at ``z = (x - loc) /
    scale`` (mpmath numbers): ``log`` takes the log of the jet first, then the chain rule through z, and ``base ==
    "pdf"`` the density's ``1 / scale`` (its log's ``- log scale``); ``log_value`` the log of g when it is
    computed better than ``log(g)`` (a cdf's ``log1p(-sf)``).

    >>> import mpmath as mp
    >>> value, grad, hess = location_scale_jet_from_z("pdf", False, (mp.mpf(1), mp.mpf(0), mp.mpf(0)), mp.mpf(0),
    ...                                               mp.mpf(2))
    >>> value, grad.tolist(), float(hess[2, 2])
    (0.5, [0.0, 0.0, -0.25], 0.25)
    """
    import mpmath as mp
    g0, g1, g2 = z_jet
    s = scale
    if log:
        g0, g1, g2 = mp.log(g0) if log_value is None else log_value, g1 / g0, g2 / g0 - (g1 / g0) ** 2
    dz = mp.matrix([1 / s, -1 / s, -z / s])
    hz = mp.matrix([[0, 0, -1 / s ** 2], [0, 0, 1 / s ** 2], [-1 / s ** 2, 1 / s ** 2, 2 * z / s ** 2]])
    value, grad, hess = g0, g1 * dz, g2 * dz * dz.T + g1 * hz
    e = mp.matrix([0, 0, 1])
    if base == "pdf" and log:  # (- log s)
        value, grad, hess = value - mp.log(s), grad - e / s, hess + e * e.T / s ** 2
    elif base == "pdf":  # (G w, w = 1 / s)
        dw, hw = -e / s ** 2, 2 * e * e.T / s ** 3
        value, grad, hess = (value / s, grad / s + value * dw,
                             hess / s + grad * dw.T + dw * grad.T + value * hw)
    return float(value), np.array(grad.tolist(), dtype=float).ravel(), np.array(hess.tolist(), dtype=float)


def five_hessians(f, v):
    """The Hessian blocks of f at vectorised points (independent rows) by the five paths: columns of the gradient
    of the sum differentiated by reverse and by forward mode, of the jvp by reverse mode, and pairs of forward
    directions. ``v`` is (points, parameters); each Hessian (points, parameters, parameters)."""
    import wengert as wg

    def total(v):
        return np.sum(f(v))
    g = wg.grad(total)
    n = v.shape[1]
    units = [np.zeros_like(v) for _ in range(n)]
    for k, e in enumerate(units):
        e[:, k] = 1.0
    out = {name: np.stack([column(e) for e in units], axis=-1) for name, column in (
        ("jacrev(jacrev)", lambda e: wg.grad(lambda v: np.sum(g(v) * e))(v)),
        ("jacfwd(jacrev)", lambda e: wg.jvp(g, (v,), (e,))[1]),
        ("jacrev(jacfwd)", lambda e: wg.grad(lambda v: np.sum(wg.jvp(f, (v,), (e,))[1]))(v)))}
    out["jacfwd(jacfwd)"] = np.stack([np.stack([wg.jvp(lambda v: wg.jvp(f, (v,), (a,))[1], (v,), (c,))[1]
                                                for c in units], axis=-1) for a in units], axis=-2)
    out["jvp(grad)"] = np.stack([wg.jvp(wg.grad(total), (v,), (e,))[1] for e in units], axis=-1)
    return out


def nth_grad(f, x, order=1):
    """The ``order``-th derivative of the scalar function ``f`` at ``x``, reverse over reverse, as a
    float (at an end of a support: the one-sided one from inside)."""
    import wengert as wg
    for _ in range(order):
        f = (lambda g: lambda y: wg.grad_bp(g, y))(f)
    return float(f(x))


def mp_derivatives(mp, g, x):
    """``(g(x), g'(x), g''(x))`` as floats, by mpmath's central differences of step ``|x| 1e-80``
    (``1e-80`` at 0): for a table's reference, at a working precision of about 1200 digits (the
    second difference loses 160 of them; far out, ``g`` itself may need hundreds)."""
    x = mp.mpf(x)
    h = abs(x) * mp.mpf(10) ** -80 if x else mp.mpf(10) ** -80
    f0, fp, fm = g(x), g(x + h), g(x - h)
    return float(f0), float((fp - fm) / (2 * h)), float((fp - 2 * f0 + fm) / (h * h))


def squared(f):
    """``f`` with every floating-point output multiplied by itself.

    For a linear rule (reshape, sum, fft, ...) a second-order check of ``f`` itself is
    vacuous: the gradient does not depend on the input, whatever the pullback does. Squared,
    the pullback runs on Vars of an outer tape with a cotangent that depends on the input,
    so a pullback that is not differentiable is caught. Outputs in single precision are left
    as they are: central differences in float64 would step below their resolution.
    """
    def square(out):
        from wengert.forward import plain_value  # under Vars and forward-mode Duals
        value = plain_value(out)
        if isinstance(value, tuple) and hasattr(value, "_fields"):    # a named tuple (eigh, svd...)
            return type(value)(*(square(o) for o in out))
        if isinstance(value, (tuple, list)):                         # a Var may hold the sequence
            return type(value)(square(o) for o in out)
        dtype = np.result_type(value) if isinstance(value, (float, complex, np.ndarray, np.generic)) else None
        if dtype is None or dtype.kind not in "fc" or dtype.itemsize < (8 if dtype.kind == "f" else 16):
            return out
        return out * out

    def f_squared(*args):
        return square(f(*args))
    return f_squared



def tiny_isf_check(dist, shape, shapes, first_rel):
    """The checks of a distribution's isf below q = 1e-150, where it is one primitive in q (nakagami's,
    loggamma's): at q = 1e-160 and 1e-300 for each of ``shapes``, the first q-derivative ``-1 / pdf(x)``
    (``first_rel``: x's rounding, amplified by the density), the second ``+inf`` in reverse over reverse,
    forward over reverse and ``hessian`` (through the chain rule it was inf - inf = NaN in forward mode), the
    derivative in the shape the same on both sides of the switch, and the mixed q-shape derivative refused."""
    import wengert as wg
    for q in (1e-160, 1e-300):
        for s in shapes:
            x = float(dist.isf(q, s))
            assert float(wg.grad(lambda q: dist.isf(q, s))(q)) == pytest.approx(-1.0 / float(dist.pdf(x, s)),
                                                                                rel=first_rel)
            with np.errstate(over="ignore"):
                g = wg.grad(lambda q: dist.isf(q, s))
                assert float(wg.grad(g)(q)) == np.inf and float(wg.jvp(g, (q,), (1.0,))[1]) == np.inf
                assert float(wg.hessian(lambda q: dist.isf(q, s))(q)) == np.inf
            d = [float(wg.grad(lambda s: dist.isf(p, s))(s)) for p in (1e-150 * (1 - 1e-15), 1e-150)]
            assert d[0] == pytest.approx(d[1], rel=1e-12)
    with pytest.raises(wg.NoGradientRule, match=f"mixed derivatives in q and {shape}"):
        wg.hessian(lambda q, s: dist.isf(q, s), argnums=(0, 1))(1e-200, 2.0)


#: mp_reference's evaluations at a point, the same for every ``i`` (the value at 60 digits, the middle point of the
#: second difference): keyed by :func:`_exact_key` of the function and the arguments and by the precision
_MP_AT_THE_POINT = {}


def _exact_key(v, top=True):
    """A key equal for two values only if they are the same, or None where one cannot be sure (a list, an array:
    mutable). A float by its bits (0.0 is not -0.0), a tuple by its items; a function (at the top) by its code, its
    defaults, its closure's contents and the globals it names, each keyed so, a function or module among them by its
    identity: the lambda ``mp_points_test`` makes afresh at each call is the same key at each."""
    if v is None or type(v) in (bool, int, str):
        return type(v), v
    if type(v) is float:
        return float, v.hex()
    if type(v) is tuple:
        keys = tuple(_exact_key(e, top) for e in v)
        return None if None in keys else (tuple, keys)
    if type(v) in (types.FunctionType, types.BuiltinFunctionType, types.MethodType, types.ModuleType) and not top:
        return "the object", id(v), v  # (v in the key: alive, so its id names no other)
    if type(v) is types.FunctionType:
        try:
            cells = tuple(c.cell_contents for c in v.__closure__ or ())
        except ValueError:  # (a cell not yet filled)
            return None
        named = tuple((n, v.__globals__[n]) for n in v.__code__.co_names if n in v.__globals__)
        rest = tuple(_exact_key(part, top=False) for part in (cells, v.__defaults__, named))
        if None in rest or v.__kwdefaults__:
            return None
        return "function", id(v.__code__), v.__code__, rest
    return None


def _at_the_point(key, what, compute):
    """``compute()`` once per ``key``, ``what`` and precision (``key`` None: every time)."""
    if key is None:
        return compute()
    mp = pytest.importorskip("mpmath")
    full = (key, what, mp.mp.prec)
    if full not in _MP_AT_THE_POINT:
        _MP_AT_THE_POINT[full] = compute()
    return _MP_AT_THE_POINT[full]


def mp_reference(mp_function, args, i, order=2):
    """``mp_function(mp, *args)`` and its derivatives in ``args[i]`` up to ``order``, by mpmath at 60 digits
    (step ``|args[i]| 1e-25``), as floats. To second order, both derivatives from the three points of ``mp.diff``'s
    second difference (``x``, ``x +- 2h``, at its working precision, ``3 (prec + 20)`` bits): its second
    derivative to the bit, the first (central, step 2h) within about 1e-40 of ``mp.diff``'s, which took two more
    evaluations at ``x +- h``. The value at 60 digits as before (where it is below the working precision, a
    log cdf of 1 - 1e-348, 0 there, not rounding noise). The value and the middle point, the same for every ``i``
    (the family files check each point in each argument), are computed once for a function and its arguments
    (``mp_function`` a pure function of them): 9% of the CPU of test_stats_exponnorm, gengamma and recipinvgauss."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        key = _exact_key((mp_function, tuple(args)))

        def g(t):
            a = [mp.mpf(v) for v in args]
            a[i] = t
            return mp_function(mp, *a)
        x = mp.mpf(args[i])
        h = abs(x) * mp.mpf(10) ** -25
        value = _at_the_point(key, "value", lambda: float(g(x)))
        if order != 2:
            return [value] + [float(mp.diff(g, x, n, h=h)) for n in range(1, order + 1)]
        with mp.workprec(3 * (mp.mp.prec + 20)):
            low, high = (g(x + k * h) for k in (-2, 2))
            mid = _at_the_point(key, "middle", lambda: g(x))
            first, second = (high - low) / (4 * h), (low - 2 * mid + high) / (2 * h) ** 2
        return [value, float(+first), float(+second)]  # (+: rounded to 60 digits, as mp.diff's)


def quantile_truth_rows(truths, dist, method):
    """The rows of ``method`` in a table of quantile truths ``(method, q, *shapes, scale, value, gradient, Hessian)`` (in
    (q, shapes, scale) at loc 0): ``(f, v, value, gradient, hessian)``, ``f(v)`` the quantile at the rows of ``v``."""
    rows = [r for r in truths if r[0] == method]
    n = len(rows[0]) - 4

    def f(v):
        return getattr(dist, method)(v[:, 0], *(v[:, k] for k in range(1, n - 1)), 0.0, v[:, n - 1])
    return (f, np.array([r[1:n + 1] for r in rows]), *(np.array([r[k] for r in rows]) for k in (n + 1, n + 2, n + 3)))


def round_trip_resolution(function, x, *shapes):
    """How far ``function`` (a cdf or sf, of ``x`` and ``shapes``) moves over the rounding of ``x``: its values at the
    floats either side of ``x`` apart. A quantile within a float of the truth gives ``q`` back to this and no better
    (near a finite end, or where the function is steep): the absolute tolerance of a round trip ``cdf(ppf(q)) = q``,
    written at the call (pytest.approx's default abs=1e-12 took any round trip below 1e-12 for q = 1e-200)."""
    below, above = (float(function(float(np.nextafter(x, end)), *shapes)) for end in (-np.inf, np.inf))
    return abs(above - below)


def mp_point_check(method, args, i, mp_function, rel):
    """``method(*args)``'s value and first and second derivatives in ``args[i]`` (reverse over reverse,
    forward over reverse, ``hessian``) against mpmath's at 60 digits: ``mp_function(mp, *args)``, differentiated
    by mpmath with the step ``|args[i]| 1e-25``."""
    import wengert as wg
    want = mp_reference(mp_function, args, i)

    def f(t):
        return method(*args[:i], t, *args[i + 1:])
    with np.errstate(over="ignore", divide="ignore"):  # (the infinite second derivatives: the truth)
        got = [float(f(args[i])), float(wg.grad(f)(args[i])), nth_grad(f, args[i], 2),
               float(wg.jvp(wg.grad(f), (args[i],), (1.0,))[1]), float(wg.hessian(f)(args[i]))]
    assert got == pytest.approx(want + [want[2]] * 2, rel=rel, abs=1e-300)


def mp_hessian_check(method, at, mp_truth, rel, value_rel):
    """``method(*at)``'s value, gradient and Hessian in all its arguments (``wg.grad`` and ``wg.hessian`` of a function
    of one vector) against ``mpmath.diff`` of ``mp_truth(*at)`` (call it in ``mpmath.workdps(40)`` or more): each
    entry within ``rel`` (the value within ``value_rel``), no absolute tolerance."""
    import mpmath
    import wengert as wg
    n = len(at)

    def f(v):
        return method(*[v[k] for k in range(n)])
    v = np.array(at, dtype=float)
    got = [float(f(v)), *np.asarray(wg.grad(f)(v)), *np.asarray(wg.hessian(f)(v)).ravel()]
    orders = [(0,) * n] + [tuple(int(k == i) for k in range(n)) for i in range(n)] + [
        tuple(int(k == i) + int(k == j) for k in range(n)) for i in range(n) for j in range(n)]
    for g, order in zip(got, orders):
        want = float(mpmath.diff(mp_truth, tuple(mpmath.mpf(a) for a in at), order))
        assert g == pytest.approx(want, rel=rel if any(order) else value_rel, abs=0.0), (method, at, order)


def refusals_test(refusals):
    """The refusal test of a distribution's file: ``test_refusals = refusals_test(REFUSALS)``, ``REFUSALS`` a list of
    ``(call, message)``: each call raises ValueError matching ``message``."""
    @pytest.mark.parametrize("call, message", refusals, ids=[m.split(":")[0] + m[-8:] for _, m in refusals])
    def test_refusals(call, message):
        with pytest.raises(ValueError, match=message):
            call()
    return test_refusals


def mp_normal_transform(mp, u, log_slope, inverse):
    """mpmath's functions (name -> function of ``(x or q, a, b)``) of a distribution of ``z`` where ``u(z, a, b)`` is
    standard normal (Johnson's SU and SB): the log density ``log_slope(z, a, b) - u^2 / 2 - log(2 pi) / 2``
    (``log_slope`` the log of ``du/dz``), the tails ``ncdf(+-u)`` and their logs, the quantiles ``inverse((n - a) /
    b)`` of the normal's ``n`` (``ndtri`` at 400 digits: ``2q - 1`` keeps q = 1e-300's)."""
    def logpdf(z, a, b):
        return log_slope(z, a, b) - u(z, a, b) ** 2 / 2 - mp.log(2 * mp.pi) / 2

    def cdf(z, a, b):
        return mp.ncdf(u(z, a, b))

    def sf(z, a, b):
        return mp.ncdf(-u(z, a, b))

    def ndtri(q):
        with mp.workdps(400):
            return +(mp.sqrt(2) * mp.erfinv(2 * q - 1))
    return {"logpdf": logpdf, "pdf": lambda z, a, b: mp.exp(logpdf(z, a, b)), "cdf": cdf, "sf": sf,
            "logcdf": lambda z, a, b: mp.log(cdf(z, a, b)), "logsf": lambda z, a, b: mp.log(sf(z, a, b)),
            "ppf": lambda q, a, b: inverse((ndtri(q) - a) / b), "isf": lambda q, a, b: inverse((-ndtri(q) - a) / b)}


def mp_truths(mp_functions, calls):
    """``mp_functions(mp)[method](*args)`` for each ``(method, args)`` of ``calls``, at 50 digits, as floats."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(50):
        functions = mp_functions(mp)
        return [float(functions[m](*(mp.mpf(a) for a in args))) for m, args in calls]


def mp_points_test(dist, mp_functions, points):
    """The mpmath test of a distribution's file: ``test_against_mpmath = mp_points_test(dist, _mp_functions,
    POINTS)``, ``POINTS`` a list of ``(method, args, i, rel)``: :func:`mp_point_check` of ``dist.method`` in
    ``args[i]`` against ``mp_functions(mp)[method]``."""
    @pytest.mark.parametrize("method, args, i, rel", points, ids=[f"{m}-{a}-{i}" for m, a, i, _ in points])
    def test_against_mpmath(method, args, i, rel):
        mp_point_check(getattr(dist, method), args, i, lambda mp, *a: mp_functions(mp)[method](*a), rel)
    return test_against_mpmath


def float32_check(dist, shapes, x=0.7, q=0.3, summaries=("mean", "var", "std", "entropy", "median")):
    """A distribution's functions of x (at ``x``) and quantiles (at ``q``) on float32 arguments (``shapes`` the
    shapes' values) are float32 and SciPy's value to float32 rounding; its ``summaries`` (mean, var, std, entropy and
    median; those it has) too."""
    import scipy.stats as scipy_stats
    f = np.float32
    single = [f(s) for s in shapes]
    for m in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf"):
        at = q if m in ("ppf", "isf") else x
        got = getattr(dist, m)(f(at), *single)
        assert np.asarray(got).dtype == np.float32, m
        want = float(getattr(getattr(scipy_stats, dist.__name__), m)(at, *shapes))
        assert float(got) == pytest.approx(want, rel=2e-6, abs=1e-6), m
    for m in summaries:
        assert np.asarray(getattr(dist, m)(*single)).dtype == np.float32, m


def flat_at_zero_check(dist, shapes, functions=("pdf", "cdf", "sf", "logsf")):
    """A distribution whose density vanishes with every derivative as z = (x - loc) / scale goes to 0 from above
    (invweibull, fatiguelife): its ``functions`` at x = loc = 0 (``shapes`` the shapes' values, scale 1.5) have first
    and second derivatives 0 in every argument (``grad``, ``grad(grad)``, ``jvp(grad)``), and its logpdf and logcdf
    are -inf there."""
    import wengert as wg
    for f in functions:
        for arg in range(len(shapes) + 3):
            args = [0.0, *shapes, 0.0, 1.5]

            def g(t, f=f, arg=arg, args=args):
                return getattr(dist, f)(*args[:arg], t, *args[arg + 1:])
            assert float(wg.grad(g)(args[arg])) == 0.0, (f, arg)
            assert float(wg.grad(wg.grad(g))(args[arg])) == 0.0, (f, arg)
            assert float(wg.jvp(wg.grad(g), (args[arg],), (1.0,))[1]) == 0.0, (f, arg)
    assert float(dist.logpdf(0.0, *shapes)) == -np.inf and float(dist.logcdf(0.0, *shapes)) == -np.inf


def _scipy_off_at_infinity(dist_name, method, shapes):
    """Where an older SciPy's value at +-inf is known wrong (wengert's is still checked): SciPy
    1.13's tukeylambda.pdf(inf, -0.5) is 5.99e-22 and its logpdf -48.87 (the density's limit 0,
    SciPy 1.17's); fixed by 1.17."""
    import scipy
    old = tuple(int(v) for v in scipy.__version__.split(".")[:2]) < (1, 17)
    return old and dist_name == "tukeylambda" and method in ("pdf", "logpdf") and shapes[0] < 0


def infinite_ends_check(dist, shapes, constants=()):
    """A distribution's six functions where ``z = (x - loc) / scale`` is +-inf: x infinite (also with ``loc``
    and ``scale`` moved), or ``loc`` infinite with x finite. Each is its limit there (logpdf and pdf -inf and 0,
    the tails 1 / 0 and their logs) and SciPy's value where SciPy's is not NaN (SciPy's logpdf and pdf are NaN
    at some: gamma.logpdf(inf, 2)); beside finite points in one array unchanged; in the dtype of the function
    at a finite point (float32); and its derivatives in x, each shape, loc and scale 0 (at the first shapes, at x
    = +-inf and at loc = -+inf, in one array of the four points) at
    first order (``grad``, ``jvp``) and second (``grad(grad)``, ``jacfwd(grad)``, ``jacfwd(jacfwd)``). ``shapes``:
    the shapes' values to try, a number each for a one-shape distribution, else a tuple each; ``constants``: the
    indices of the shapes that are constants (their derivative refused: geninvgauss's p)."""
    import scipy.stats as scipy_stats

    import wengert as wg
    limits = {"logpdf": (-np.inf, -np.inf), "pdf": (0.0, 0.0), "cdf": (1.0, 0.0), "logcdf": (0.0, -np.inf),
              "sf": (0.0, 1.0), "logsf": (-np.inf, 0.0)}
    theirs = getattr(scipy_stats, dist.__name__, None)
    checked = 0
    for name, (top, bottom) in limits.items():
        if not hasattr(dist, name):
            continue
        method = getattr(dist, name)
        shape_sets = [tuple(s) if isinstance(s, tuple) else (s,) for s in shapes]
        for s in shape_sets:
            n = len(s)
            for x, want in ((np.inf, top), (-np.inf, bottom)):
                where = (name, s, x)
                got = method(x, *s)
                assert float(got) == want, where
                if theirs is not None:
                    with np.errstate(all="ignore"):
                        scipys = float(getattr(theirs, name)(x, *s))
                    assert scipys == want or np.isnan(scipys) or _scipy_off_at_infinity(dist.__name__, name, s), where
                assert float(method(x, *s, loc=3.0, scale=2.0)) == want, where
                assert float(method(0.7, *s, loc=-x, scale=2.0)) == want, where  # (z = (0.7 - loc) / 2)
                both = method(np.array([x, 0.7, -x]), *s, 0.5, 2.0)
                assert [float(v) for v in both] == [want, float(method(0.7, *s, 0.5, 2.0)),
                                                    bottom if x > 0 else top], where
                # (float32 at the function's finite point z = 1/2 in place of x stays so: where its own
                # dtype is float32 there)
                single = [np.float32(v) for v in s]
                assert (np.asarray(method(np.float32(x), *single)).dtype
                        == np.asarray(method(np.float32(0.5), *single)).dtype), where
        # the derivatives at the first shapes (the same code at every one): each argument moved alone, at the four
        # points x = +-inf (loc 0.5) and loc = -+inf (x 0.7), scale 2, in one array (each function is elementwise:
        # the Jacobian and the Hessian diagonal, their diagonals d/dt sum(f(t)) and d/dt sum(d/dt sum(f(t))), every
        # entry of the Hessian's in forward mode; a call per point and argument was 60 s of the CI's whole suite)
        s = shape_sets[0]
        n = len(s)
        points = [np.array([np.inf, -np.inf, 0.7, 0.7]), *[np.full(4, v) for v in s],
                  np.array([0.5, 0.5, -np.inf, np.inf]), np.full(4, 2.0)]
        for i in range(n + 3):
            if i - 1 in constants:
                continue

            def f(t, i=i):
                return method(*points[:i], t, *points[i + 1:])

            def total(t, f=f):
                return np.sum(f(t))
            at = points[i]
            got = (wg.grad(total)(at), wg.jvp(f, (at,), (np.ones(4),))[1],
                   wg.grad(lambda t, total=total: np.sum(wg.grad(total)(t)))(at), wg.jacfwd(wg.grad(total))(at),
                   wg.jacfwd(wg.jacfwd(f))(at))
            assert [np.shape(d) for d in got] == [(4,)] * 3 + [(4, 4), (4, 4, 4)], (name, i)
            assert all(not np.any(np.asarray(d) != 0.0) for d in got), (name, s, i, got)
            checked += 1
    assert checked, dist  # (a distribution with none of the six functions: nothing checked)


#: the functions of k of a discrete distribution
COUNT_FUNCTIONS = ("logpmf", "pmf", "cdf", "logcdf", "sf", "logsf")


def one_shape_count_cases(dist, counts, shapes, moment_shapes, point, first=1.0, moments=("mean", "var", "std")):
    """The ``CASES`` of a discrete distribution of one shape: its functions of k at ``counts`` (a log pmf's and log
    cdf's from ``first``, the support's start: a constant -inf has no finite differences) for each of ``shapes``, its
    ``moments`` at ``moment_shapes`` with loc = 2, and its functions of k at k = 3 for the float ``point``."""
    name = dist.__name__

    def finite(f):
        return counts[counts >= first] if f in ("logpmf", "logcdf") else counts
    return [*[case(getattr(dist, f), lambda s, f=f: getattr(dist, f)(finite(f), s), shapes, id=f"{name}.{f}-counts")
              for f in COUNT_FUNCTIONS],
            *[case(getattr(dist, m), lambda s, m=m: getattr(dist, m)(s, 2), moment_shapes, id=f"{name}.{m}-loc")
              for m in moments],
            *[case(getattr(dist, f), lambda s, f=f: getattr(dist, f)(3.0, s), point, id=f"{name}.{f}-float")
              for f in COUNT_FUNCTIONS]]


def count_only_cases(dist, counts, shapes, moment_args):
    """The ``CASES`` of a discrete distribution whose parameters are all counts (values only): its functions of k at
    ``counts`` and ``shapes``, its moments at ``moment_args``, its median, interval (at 0.8) and support at ``shapes``,
    each times a traced factor, whose derivative must be the value (first order; second by tests/test_coverage.py;
    ``q`` is traced by tests/test_stats_discrete_quantiles.py)."""
    name, x, ends = dist.__name__, np.array([0.5, 2.0]), lambda out, x: (out[0] + 2.0 * out[1]) * x
    return [*[case(getattr(dist, f), lambda x, f=f: getattr(dist, f)(counts, *shapes) * x, np.array([0.5, 1.5, 2.0]),
                   id=f"{name}.{f}-counts") for f in COUNT_FUNCTIONS],
            *[case(getattr(dist, m), lambda x, m=m: getattr(dist, m)(*moment_args) * x, x, id=f"{name}.{m}-loc")
              for m in ("mean", "var", "std", "entropy")],
            case(dist.median, lambda x: dist.median(*shapes) * x, x, id=f"{name}.median-times"),
            case(dist.interval, lambda x: ends(dist.interval(0.8, *shapes), x), x, id=f"{name}.interval-times"),
            case(dist.support, lambda x: ends(dist.support(*shapes), x), x, id=f"{name}.support-times")]


def count_only_checks(dist, shapes, huge):
    """A discrete distribution whose parameters are all counts, at its parameters ``shapes``: its tails at a count
    between whole ones are the floor's, NaN at a NaN count, and its entropy at the parameters ``huge`` refused
    (ValueError: too many counts to sum)."""
    for name in ("cdf", "logcdf", "sf", "logsf"):
        assert getattr(dist, name)(2.5, *shapes) == getattr(dist, name)(2, *shapes), name
    assert np.isnan(dist.pmf(np.nan, *shapes)) and np.isnan(dist.logsf(np.nan, *shapes))
    with pytest.raises(ValueError, match=f"{dist.__name__}.entropy: more than 10.7 counts"):
        dist.entropy(*huge)


def count_only_refusals_check(dist, shapes, names, invalid, message):
    """A discrete distribution whose parameters (``names``, valid at ``shapes``) are all counts: its functions refuse
    each of them traced, by name (reverse mode; the log sf in forward mode too), a traced count and shift
    (:func:`count_refusals_check`), and raise ValueError matching ``message`` at each parameters of ``invalid``."""
    import wengert as wg
    count_refusals_check(dist, shapes)
    name = dist.__name__
    summaries = ("mean", "var", "std", "entropy", "median")
    for f in COUNT_FUNCTIONS + summaries + ("ppf", "isf", "interval"):
        method = getattr(dist, f)
        first = (0.5,) if f in ("ppf", "isf", "interval") else () if f in summaries else (3.0,)
        for bad in invalid:
            with pytest.raises(ValueError, match=message):
                method(*first, *bad)
        for i, argument in enumerate(names):
            def g(t, i=i):
                return method(*first, *shapes[:i], t, *shapes[i + 1:])
            with pytest.raises(wg.NoGradientRule, match=f"{name}.{f}.*{argument}"):
                wg.grad(g)(float(shapes[i]))
    for i, argument in enumerate(names):
        with pytest.raises(wg.NoGradientRule, match=f"{name}.logsf.*{argument}"):
            wg.jvp(lambda t: dist.logsf(3.0, *shapes[:i], t, *shapes[i + 1:]), (float(shapes[i]),), (1.0,))


def mp_count_logs_test(dist, points, support, first, ratio):
    """The mpmath test of a discrete distribution's file: ``test_the_logs_against_mpmath = mp_count_logs_test(dist,
    POINTS, support, first, ratio)``, ``POINTS`` a list of ``(name, k, shapes)``: :func:`mp_count_log_check` with
    ``support(*shapes)``, ``first(mp, *shapes)`` and ``ratio(mp, j, *shapes)``."""
    @pytest.mark.parametrize("name, k, shapes", points, ids=[f"{n}-{k}-{s[0]}" for n, k, s in points])
    def test_the_logs_against_mpmath(name, k, shapes):
        mp_count_log_check(dist, name, k, shapes, *support(*shapes), lambda mp: first(mp, *shapes),
                           lambda mp, j: ratio(mp, j, *shapes))
    return test_the_logs_against_mpmath


def mp_count_log_check(dist, name, k, shapes, lo, hi, first, ratio, rel=2e-15):
    """``dist.<name>(k, *shapes)`` (``logpmf``, ``logcdf`` or ``logsf``) against mpmath at 40 digits: the pmf on the
    support ``[lo, hi]`` from ``first(mp)``, its value at ``lo``, by the exact ratios ``ratio(mp, j) = pmf(j + 1) /
    pmf(j)``; a log tail near 0 as ``log1p`` of the other side (1 - 1e-301 is 1 at 40 digits)."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(40):
        pmf = [first(mp)]
        for j in range(lo, hi):
            pmf.append(pmf[-1] * ratio(mp, j))
        low, high = mp.fsum(pmf[:k - lo + 1]), mp.fsum(pmf[k - lo + 1:])
        side, other = (low, high) if name == "logcdf" else (high, low)
        want = float(mp.log(pmf[k - lo]) if name == "logpmf" else mp.log(side) if side < 0.5 else mp.log1p(-other))
    assert float(getattr(dist, name)(k, *shapes)) == pytest.approx(want, rel=rel, abs=1e-300)


def count_refusals_check(dist, shapes=(0.7,)):
    """A discrete distribution's functions of k refuse a traced count and a traced shift (at the shapes ``shapes``)."""
    import wengert as wg
    for name in COUNT_FUNCTIONS:
        method = getattr(dist, name)
        with pytest.raises(wg.NoGradientRule, match=f"{dist.__name__}.{name}.*k"):
            wg.grad(lambda k: method(k, *shapes))(3.0)
        with pytest.raises(wg.NoGradientRule, match=f"{dist.__name__}.{name}.*loc"):
            wg.grad(lambda loc: method(3.0, *shapes, loc))(1.0)


def count_refused_outside_check(dist, good, bad, rest=(), summaries=(), requires="must be", scipy_gives="NaN"):
    """A discrete distribution's functions of k (at k = 2) and its ``summaries`` (mean, var, ...), its first shape an
    array of ``good`` and one of the invalid ``bad`` ones (the other shapes ``rest``), refuse it (ValueError naming the
    distribution, ``requires`` and SciPy's NaN, or ``scipy_gives``), as a Var (reverse mode) and a Dual (forward mode)
    too; at ``good`` they are finite (SciPy gives NaN there: a NaN with gradient 0 hid the mistake)."""
    import wengert as wg
    match = rf"^{dist.__name__}: .*{re.escape(requires)}.* \(SciPy gives {re.escape(scipy_gives)}\)$"
    for name in COUNT_FUNCTIONS + tuple(summaries):
        method, first = getattr(dist, name), () if name in summaries else (2,)
        assert np.isfinite(method(*first, good, *rest)), name
        for b in bad:
            for call in (lambda: method(*first, np.array([good, b]), *rest),
                         lambda: wg.grad(lambda s: method(*first, s, *rest))(b),
                         lambda: wg.jvp(lambda s: method(*first, s, *rest), (b,), (1.0,))):
                with pytest.raises(ValueError, match=match):
                    call()


def count_shape_refusals_check(dist, shapes, count, summaries):
    """A discrete distribution's count shape (``count``, the second of ``shapes``) is refused as a Var by its functions
    of k (at k = 3), ppf (at 0.5) and ``summaries``, with a message naming it."""
    import wengert as wg
    for name in COUNT_FUNCTIONS + ("ppf",) + tuple(summaries):
        method = getattr(dist, name)
        first = (0.5,) if name == "ppf" else () if name in summaries else (3.0,)
        with pytest.raises(wg.NoGradientRule, match=f"{dist.__name__}.{name}.*{count}"):
            wg.grad(lambda n: method(*first, shapes[0], n))(float(shapes[1]))


def count_float32_check(dist, shape, summaries, rest=()):
    """A discrete distribution's functions of k at a float32 ``shape`` (its first; the others, counts, ``rest``) are
    float32 and SciPy's to float32 rounding, its ``summaries`` float32, and the log sf's gradient float32."""
    import scipy.stats

    import wengert as wg
    single, theirs = np.float32(shape), getattr(scipy.stats, dist.__name__)
    for name in COUNT_FUNCTIONS:
        got = getattr(dist, name)(np.array([0.0, 1.0, 3.0]), single, *rest)
        assert got.dtype == np.float32, name
        with np.errstate(divide="ignore"):
            want = getattr(theirs, name)([0.0, 1.0, 3.0], shape, *rest)
        np.testing.assert_allclose(got, want, rtol=2e-6, atol=1e-30)
    for name in summaries:
        assert np.asarray(getattr(dist, name)(single, *rest)).dtype == np.float32, name
    assert wg.grad(lambda s: dist.logsf(2.0, s, *rest))(single).dtype == np.float32


class _LazyMpmath:
    """mpmath, imported where a test first uses it (``pytest.importorskip``: where it is not installed, that test
    skips; a module whose parameters need it at collection skips as a whole), for modules whose truths are
    mpmath's: ``from opcheck import lazy_mp as mp`` (tests/test_optional_imports.py refuses a module-level import)."""

    def __getattr__(self, name):
        if name.startswith("__"):  # (pytest's collection asks for __test__ and the like: not a use)
            raise AttributeError(name)
        return getattr(pytest.importorskip("mpmath"), name)


lazy_mp = _LazyMpmath()


def solve_exactly(a, columns):
    """``a z = b`` for each ``b`` of ``columns`` by Gauss-Jordan elimination: exact for
    Fractions (and at mpmath's precision for its numbers), the truths of the spline tests.

    >>> from fractions import Fraction
    >>> solve_exactly([[Fraction(2), Fraction(1)], [Fraction(1), Fraction(3)]], [[Fraction(1), Fraction(2)]])
    [[Fraction(1, 5), Fraction(3, 5)]]
    """
    size = len(a)
    m = [list(row) + [b[i] for b in columns] for i, row in enumerate(a)]
    for col in range(size):
        pivot = next(r for r in range(col, size) if m[r][col] != 0)
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(size):
            if r != col and m[r][col] != 0:
                f = m[r][col] / m[col][col]
                m[r] = [u - f * v for u, v in zip(m[r], m[col])]
    return [[m[r][size + q] / m[r][r] for r in range(size)] for q in range(len(columns))]


def one_shape_var_check(T, c, value, d1, d2):
    """``T.var`` at the one shape ``c``: its value, d/dc and d2/dc2 (grad of grad and jvp of grad) within 1e-14 of
    (value, d1, d2), and ``std`` at scale 2 ``2 sqrt(value)`` (the quadrature variances' truths from mpmath)."""
    import wengert as wg
    got = (float(T.var(c)), float(wg.grad(T.var)(c)), float(wg.grad(wg.grad(T.var))(c)),
           float(wg.jvp(wg.grad(T.var), (c,), (1.0,))[1]))
    np.testing.assert_allclose(got, (value, d1, d2, d2), rtol=1e-14, atol=0.0)
    assert float(T.std(c, 0.0, 2.0)) == pytest.approx(2.0 * np.sqrt(value), rel=1e-15)
