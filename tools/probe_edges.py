"""Edge-input sweep: every gradient case of the op tables, re-run at the inputs random tests miss.

The call templates are the gradient cases of ``tests/test_ops_*.py`` (``CASES``, built with
``tests/opcheck.py``), as ``tests/test_coverage.py`` collects them (``ALL_CASES``), for the
functions of ``wengert.numpy.supported()`` (the SciPy families are left to their own sweep).
Each case's arguments are rewritten into edge variants:

* ``fortran``: every array of 2 or more dimensions in Fortran order;
* ``strided`` / ``reversed``: every array a strided view (every other element of a bigger
  buffer along its last axis) or a view with negative strides;
* ``readonly_view``: every array a read-only view (a row of a broadcast array: a rule that
  writes into its input fails there);
* ``float32`` / ``float16``: every float64 array in single (half) precision (the gradient,
  and the second derivatives by reverse over reverse and forward over reverse, must be single
  (half) precision too, and near float64's at the same values);
* ``int`` / ``bool``: every argument but the first (the one differentiated) an integer
  (or boolean) array, where NumPy accepts them: the gradient must equal the one with those
  operands as floats (a differentiated integer array is refused by ``wengert.grad`` itself);
* ``size1`` / ``empty``: every array cut to 1 (or 0) entries along its last axis (and its
  first axis), where NumPy accepts the result;
* ``0d``: every Python float made a 0-d array, and every 0-d array a NumPy scalar;
* ``neg_axis`` / ``keepdims``: a template whose ``axis`` is a default argument (the
  reduction builder's ``_a``, ``_k``) with its axes counted from the end (a tuple of axes:
  mixed signs) and the opposite ``keepdims``.

Complex inputs and broadcasting between arguments are not variants here: every case is
already run on complex inputs (``tests/test_coverage.py::test_complex_inputs``) and the
binary builder broadcasts every pair of ``opcheck.BROADCAST_PAIRS``.

Each variant is checked with :func:`wengert.testing.check_grads`, first and second order,
reverse and forward mode against central differences (where the values are those of the
case: ``fortran``, ``strided``, ``reversed``, ``float32``, ``int``: also against the case's
own gradient, to rounding), and classified:

* ``right``; ``n/a`` (NumPy itself refuses the variant's plain call; not counted);
* ``refused``: a ``wengert`` error (``NoGradientRule``, ``WengertError``) that says what
  happened, or an error wengert raises on purpose (a ``raise`` in its source);
* ``numpy``: an error NumPy or SciPy raised inside its own code (NumPy refusing the variant
  within the computation): counted apart from crashes, but listed;
* ``crash``: any other exception (an error from inside a rule, unclear to a user);
* ``WRONG``: a derivative that disagrees, with no error.

Usage (from the repository root)::

    PYTHONPATH=src python tools/probe_edges.py                 # the table, and every WRONG/crash
    PYTHONPATH=src python tools/probe_edges.py -v              # and every refusal
    PYTHONPATH=src python tools/probe_edges.py --only sum --variants fortran,empty
"""
import argparse
import collections
import os
import sys
import traceback
import types
import warnings

import numpy as np
import scipy

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))

import wengert as wg  # noqa: E402
from wengert.errors import WengertError  # noqa: E402
from wengert.testing import check_grads, flatten, unflatten  # noqa: E402


def _cases():
    """The gradient cases of the NumPy families (``test_coverage.ALL_CASES``) whose
    functions all have second derivatives, and the first-order-only set."""
    import test_coverage as tc
    numpy_fns = {id(tc._function(n)) for n, kind in tc.SUPPORTED.items() if kind != "no gradient"}
    cases = [c for c in tc.ALL_CASES if c.covers and all(id(fn) in numpy_fns for fn in c.covers)]
    return cases, tc.FIRST_ORDER


# -- argument rewriting ------------------------------------------------------------------------

def _map_arrays(args, fn):
    """``args`` with ``fn`` applied to every float ndarray (in lists, tuples, dicts too);
    None where nothing changed (the variant does not apply)."""
    changed = [False]

    def walk(x):
        if isinstance(x, np.ndarray) and x.dtype.kind in "fc":
            y = fn(x)
            if y is not None and y is not x:
                changed[0] = True
                return y
            return x
        if isinstance(x, (list, tuple)) and not hasattr(x, "_fields"):
            return type(x)(walk(v) for v in x)
        if isinstance(x, dict):
            return {k: walk(v) for k, v in x.items()}
        return x
    out = tuple(walk(a) for a in args)
    return out if changed[0] else None


def _fortran(x):
    return np.asfortranarray(x) if x.ndim >= 2 else None


def _strided(x):
    if x.ndim == 0 or x.shape[-1] == 0:
        return None
    big = np.zeros(x.shape[:-1] + (2 * x.shape[-1],), x.dtype)
    big[..., ::2] = x
    return big[..., ::2]


def _reversed(x):
    if x.ndim == 0 or x.size < 2:
        return None
    return np.ascontiguousarray(x[..., ::-1])[..., ::-1]


def _readonly_view(x):
    return np.broadcast_to(x, (2,) + x.shape)[1]


def _float32(x):
    return x.astype(np.float32) if x.dtype == np.float64 else None


def _float16(x):
    # (only where every value stays finite in half precision: np.i0's case overflows)
    y = x.astype(np.float16) if x.dtype == np.float64 else None
    return y if y is not None and np.all(np.isfinite(y) == np.isfinite(x)) else None


def _cut(axis, k):
    def cut(x):
        if x.ndim == 0 or (axis == 0 and x.ndim < 2) or x.shape[axis] <= k:
            return None
        return x[:k] if axis == 0 else x[..., :k]
    return cut


def _to_int(x):
    return np.round(4 * x).astype(np.int64) if x.dtype.kind == "f" else None


def _to_bool(x):
    return (x > 0) if x.dtype.kind == "f" else None


def _scalars(args):
    """Python floats made 0-d arrays, 0-d arrays made NumPy scalars."""
    changed = False
    out = []
    for a in args:
        if type(a) is float:
            out.append(np.array(a))
            changed = True
        elif isinstance(a, np.ndarray) and a.ndim == 0 and a.dtype.kind == "f":
            out.append(a[()])
            changed = True
        else:
            out.append(a)
    return tuple(out) if changed else None


def _rebind_defaults(f, change):
    """``f`` (a function) with its default arguments rewritten by ``change(name, value)``
    (which returns the new value, or the value itself), or None if none changed."""
    if not isinstance(f, types.FunctionType) or not f.__defaults__:
        return None
    code = f.__code__
    names = code.co_varnames[:code.co_argcount][-len(f.__defaults__):]
    new = tuple(change(n, v) for n, v in zip(names, f.__defaults__))
    if all(a is b for a, b in zip(new, f.__defaults__)):
        return None
    g = types.FunctionType(code, f.__globals__, f.__name__, new, f.__closure__)
    g.__kwdefaults__ = f.__kwdefaults__
    return g


def _ndim(args):
    return max((np.ndim(a) for a in args if isinstance(a, np.ndarray)), default=0)


def _negative_axes(f, args):
    nd = _ndim(args)

    def change(name, v):
        if name not in ("_a", "axis", "_axis", "axes"):
            return v
        if isinstance(v, int) and not isinstance(v, bool) and nd and v >= 0:
            return v - nd
        if isinstance(v, tuple) and v and nd and all(isinstance(a, int) for a in v):
            return tuple(a - nd if i % 2 == 0 and a >= 0 else a for i, a in enumerate(v))  # mixed signs
        return v
    return _rebind_defaults(f, change)


def _flip_keepdims(f, args):
    return _rebind_defaults(f, lambda name, v: (not v) if name in ("_k", "keepdims") and isinstance(v, bool) else v)


#: name -> (kind, rewrite): "args" rewrites the arguments, "f" the template function.
VARIANTS = {
    "fortran": ("args", lambda a: _map_arrays(a, _fortran)),
    "strided": ("args", lambda a: _map_arrays(a, _strided)),
    "reversed": ("args", lambda a: _map_arrays(a, _reversed)),
    "readonly_view": ("args", lambda a: _map_arrays(a, _readonly_view)),
    "float32": ("args", lambda a: _map_arrays(a, _float32)),
    "float16": ("args", lambda a: _map_arrays(a, _float16)),
    "int": ("args", lambda a: _map_arrays(a, _to_int)),
    "bool": ("args", lambda a: _map_arrays(a, _to_bool)),
    "size1": ("args", lambda a: _map_arrays(a, _cut(-1, 1))),
    "empty": ("args", lambda a: _map_arrays(a, _cut(-1, 0))),
    "size1_axis0": ("args", lambda a: _map_arrays(a, _cut(0, 1))),
    "empty_axis0": ("args", lambda a: _map_arrays(a, _cut(0, 0))),
    "0d": ("args", _scalars),
    "neg_axis": ("f", _negative_axes),
    "keepdims": ("f", _flip_keepdims),
}
#: variants whose arguments hold the case's values: their gradient must be the case's.
SAME_VALUES = {"fortran", "strided", "reversed", "readonly_view", "0d", "neg_axis"}
#: the reduced precisions, and how far (relative) their derivatives may be from float64's at the
#: same values (about 16 of their units in the last place: central differences in them are too
#: coarse, so these are compared with the float64 derivatives instead)
REDUCED = {"float32": (np.float32, 2e-3), "float16": (np.float16, 2e-2)}
#: variants whose arguments are not floats: compared with the float gradient at the same values.
NOT_FLOAT = {"int", "bool"}


# -- checking ----------------------------------------------------------------------------------

def _quiet(fn, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            return fn(*args)


def _plain_ok(f, args):
    """True if NumPy accepts the call on plain values (with a finite floating result)."""
    try:
        out = _quiet(f, *args)
    except Exception:  # noqa: BLE001
        return False
    leaves = flatten(out)
    return bool(leaves) and all(np.all(np.isfinite(np.asarray(x))) for x in leaves)


def _gradients(f, args):
    value, pullback = wg.vjp(f, *args)
    return pullback(_random_like(value, 7))


def _random_like(value, seed):
    rng = np.random.default_rng(seed)
    return unflatten(value, [rng.standard_normal(np.shape(x)).astype(np.result_type(x, np.float16))
                             if np.ndim(x) else float(rng.standard_normal()) for x in flatten(value)])


def _tangent(f, args):
    """The JVP of ``f`` at ``args`` along seeded random tangents."""
    return wg.jvp(f, args, tuple(_random_like(a, 9 + i) for i, a in enumerate(args)))[1]


def _second(f, args):
    """The gradient of ``args -> vjp(f, *args)(u)`` (seeded ``u``): a second derivative."""
    u = _random_like(_quiet(f, *args), 8)
    return _gradients(lambda *xs: wg.vjp(f, *xs)[1](u), args)


def _second_forward(f, args):
    """The JVP (seeded tangents) of ``args -> vjp(f, *args)(u)``: a second derivative by forward
    over reverse, the path of ``hessian`` and ``hvp``."""
    u = _random_like(_quiet(f, *args), 8)
    # tangents in their primals' dtypes (a 0-d array's is a float64 Python float otherwise)
    tangents = tuple(unflatten(a, [np.asarray(t, dtype=x.dtype) if isinstance(x, np.ndarray) else t
                                   for x, t in zip(flatten(a), flatten(_random_like(a, 9 + i)))])
                     for i, a in enumerate(args))
    return wg.jvp(lambda *xs: wg.vjp(f, *xs)[1](u), args, tangents)[1]


def _float_args(args):
    """``args`` with integer and boolean arrays as float64 (the reference of int/bool)."""
    def walk(x):
        if isinstance(x, np.ndarray) and x.dtype.kind in "biu":
            return x.astype(np.float64)
        if isinstance(x, (list, tuple)) and not hasattr(x, "_fields"):
            return type(x)(walk(v) for v in x)
        return x
    return tuple(walk(a) for a in args)


def _switching(f, args, h=1e-6):
    """True if a small move of the float arguments changes the shapes of ``f``'s result: the
    variant sits on a switching point (integer values tied with float ones in np.union1d),
    where finite differences compare different functions."""
    rng = np.random.default_rng(3)
    moved = _map_arrays(args, lambda x: x + h * rng.standard_normal(x.shape) if x.size else None)
    if moved is None:
        return False
    try:
        a, b = flatten(_quiet(f, *args)), flatten(_quiet(f, *moved))
    except Exception:  # noqa: BLE001
        return True
    if len(a) != len(b) or any(np.shape(x) != np.shape(y) for x, y in zip(a, b)):
        return True
    return _jumps(f, args, a, h)


def _jumps(f, args, a, h):
    """True if ``f`` jumps at ``args`` (one sample of np.histogram on a bin edge): its
    change over a move of ``h`` is large and about the same over ``h / 100``, where a
    continuous function's change shrinks a hundredfold."""
    for seed in range(4, 12):  # a point on a rounded edge: which side a move lands on varies
        rng = np.random.default_rng(seed)
        steps = _map_arrays(args, lambda x: rng.standard_normal(x.shape) if x.size else None)
        if steps is None:
            return False
        try:
            moved = [flatten(_quiet(f, *(a_ + s * d if isinstance(a_, np.ndarray) and a_.dtype.kind in "fc"
                                          and a_.size else a_ for a_, d in zip(args, steps))))
                     for s in (h, -h, h / 100, -h / 100)]
        except Exception:  # noqa: BLE001
            return True
        for k, x in enumerate(a):
            x = np.asarray(x, dtype=complex)
            change = [np.abs(np.asarray(m[k], dtype=complex) - x) for m in moved]
            large = [c > 1e-3 * (1 + np.abs(x)) for c in change]
            if np.any(large[0] & (change[2] > 0.5 * change[0])) or np.any(large[1] & (change[3] > 0.5 * change[1])) \
                    or np.any(large[2] | large[3]):
                return True
    return False


def _same(a, b):
    la, lb = flatten(a), flatten(b)
    return len(la) == len(lb) and all(np.shape(x) == np.shape(y) and np.allclose(x, y, equal_nan=True)
                                      for x, y in zip(la, lb))


def _compare(got, want, rtol, where):
    for k, (g, w) in enumerate(zip(flatten(got), flatten(want))):
        g, w = np.asarray(g, dtype=complex), np.asarray(w, dtype=complex)
        if g.shape != w.shape or not np.allclose(g, w, rtol=rtol, atol=rtol, equal_nan=True):
            raise AssertionError(f"{where}, leaf {k}: {g.ravel()[:4]} but {w.ravel()[:4]}")


def _dtype_check(args, grads):
    """A float argument's gradient has its precision (autograd's float32 convention)."""
    for i, (a, g) in enumerate(zip(args, grads)):
        for x, gx in zip(flatten(a), flatten(g)):
            if isinstance(x, np.ndarray) and x.dtype.kind == "f" and np.asarray(gx).dtype != x.dtype:
                raise AssertionError(f"argument {i}: gradient dtype {np.asarray(gx).dtype}, argument {x.dtype}")


def run_variant(c, name, first_order):
    """(verdict, detail) for the variant ``name`` of the case ``c``."""
    kind, rewrite = VARIANTS[name]
    f, args, ref = c.f, c.args, None
    if name in NOT_FLOAT:  # the first argument differentiated, the others integer or boolean
        rest = _quiet(rewrite, c.args[1:]) if len(c.args) > 1 else None
        if rest is None:
            return None, ""
        ref_rest = _float_args(rest)
        f, args = (lambda x: c.f(x, *rest)), c.args[:1]
        ref = lambda x: c.f(x, *ref_rest)  # noqa: E731
        try:
            _quiet(f, *args)
        except Exception:  # noqa: BLE001
            return "n/a", ""
    elif kind == "args":
        args = _quiet(rewrite, c.args)
    else:
        f = rewrite(c.f, c.args)
    if args is None or f is None:
        return None, ""
    if not _plain_ok(ref or f, args):
        return "n/a", ""
    if _switching(f, args):
        return "n/a", ""
    if ref is not None or name in SAME_VALUES:
        # the same function of the same values? (not for np.ravel(x, order="A"), whose
        # result follows x's memory layout, nor for a boolean matrix product, which is OR)
        try:
            same = _same(_quiet(f, *args), _quiet(ref or c.f, *(args if ref else c.args)))
        except Exception:  # noqa: BLE001
            same = False
        if not same:
            return "n/a", ""
    order = 1 if first_order else 2
    try:
        if name not in REDUCED:  # central differences in reduced precision are too coarse
            _quiet(lambda: check_grads(f, *args, order=order, modes=("rev", "fwd"), **c.check_kwargs))
        grads = _quiet(_gradients, f, args)
        _dtype_check(args, grads)
        if ref is not None:
            _compare(grads, _quiet(_gradients, ref, args), 1e-9, "gradient vs the float operands'")
        elif name in SAME_VALUES:
            _compare(grads, _quiet(_gradients, c.f, c.args), 1e-9, "gradient vs the case's")
        elif name in REDUCED:
            dtype, tol = REDUCED[name]
            base = _map_arrays(args, lambda x: x.astype(np.float64) if x.dtype == dtype else None) or args
            _compare(grads, _quiet(_gradients, c.f, base), tol, f"{name} gradient vs float64")
            _compare(_quiet(_tangent, f, args), _quiet(_tangent, c.f, base), tol, f"{name} jvp vs float64")
            if order == 2:
                second = _quiet(_second, f, args)
                _dtype_check(args, second)
                _compare(second, _quiet(_second, c.f, base), tol, f"{name} second derivative vs float64")
                # forward over reverse keeps the precision too (hessian, hvp: float64 before);
                # its values in half precision meet cancellations beyond 2e-2 (nanstd's: 2.3e-2)
                forward = _quiet(_second_forward, f, args)
                _dtype_check(args, forward)
                if dtype == np.float32:
                    _compare(forward, _quiet(_second_forward, c.f, base), tol,
                             f"{name} forward-over-reverse second derivative vs float64")
    except AssertionError as e:
        return "WRONG", str(e)[:300]
    except Exception as e:  # noqa: BLE001
        return _classify(e), f"{type(e).__name__}: {str(e)[:200]}"
    return "right", ""


_WENGERT_DIR = os.path.dirname(os.path.abspath(wg.__file__))
_LIBRARY_DIRS = tuple(os.path.dirname(os.path.abspath(m.__file__)) for m in (np, scipy))


def _classify(e):
    """``refused``: a wengert error, or one that wengert raises on purpose (a ``raise`` in
    its source: ``x.at[...].set`` of a repeated index); ``numpy``: an error NumPy (or SciPy)
    raised inside its own code on the values it was given (NumPy refusing the variant
    within the computation: counted apart, not as a crash, but listed: a rule that hands
    NumPy what the user's call would not is still a bug); ``crash``: anything else (an
    error from inside a rule, unclear to a user)."""
    if isinstance(e, WengertError) or "gradient" in str(e) or "wengert" in str(e):
        return "refused"
    frames = traceback.extract_tb(e.__traceback__)
    if not frames:
        return "crash"
    last = frames[-1]
    where = os.path.abspath(last.filename)
    if where.startswith(_WENGERT_DIR) and (last.line or "").lstrip().startswith("raise"):
        return "refused"
    if where.startswith(_LIBRARY_DIRS):
        return "numpy"
    return "crash"


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--only", default="", help="cases whose id contains this")
    p.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated variant names")
    p.add_argument("-v", action="store_true", help="print refusals too")
    opts = p.parse_args(argv)
    names = [v for v in opts.variants.split(",") if v]
    cases, first_order = _cases()
    counts = collections.defaultdict(collections.Counter)
    for c in cases:
        if opts.only not in c.id:
            continue
        fo = bool(first_order.intersection(c.covers))
        for name in names:
            verdict, detail = run_variant(c, name, fo)
            if verdict is None:
                continue
            counts[name][verdict] += 1
            if verdict in ("WRONG", "crash", "numpy") or (opts.v and verdict == "refused"):
                print(f"{verdict:7s} {c.id} [{name}] {detail}", flush=True)
    cols = ("right", "refused", "numpy", "crash", "WRONG", "n/a")
    print(f"\n{'variant':16s}" + "".join(f"{k:>9s}" for k in cols))
    total = collections.Counter()
    for name in names:
        total.update(counts[name])
        print(f"{name:16s}" + "".join(f"{counts[name][k]:9d}" for k in cols))
    print(f"{'total':16s}" + "".join(f"{total[k]:9d}" for k in cols))
    return total


if __name__ == "__main__":
    main()
