"""Which of the functions the peers' test suites differentiate wengert handles, and how.

Reads the table in ``tools/peer_functions.py`` (collected from autograd's and JAX's own
tests; nothing is fetched) and runs every row on wengert:

* ``grad`` rows: :func:`wengert.testing.check_grads` (central differences, reverse mode,
  first order) at the row's arguments: ``ok``, ``wrong`` (a number disagrees) or
  ``raises`` (the call or its gradient raised: missing, or refused);
* ``value`` rows (no derivative): the function is called on Vars inside a recorded
  computation and its result compared with NumPy's on the plain arguments;
* ``dtype`` rows: the gradient must have the argument's dtype (autograd's float32 tests);
* ``refused`` rows: conversions wengert refuses by design (``x.item()``, ``np.int64(x)``),
  which must raise a TypeError or AttributeError;
* ``gone`` rows: functions NumPy 2 removed, counted apart.

Run from the repository root::

    PYTHONPATH=src python tools/peer_coverage.py            # summary and every failure
    PYTHONPATH=src python tools/peer_coverage.py --all      # every row
    PYTHONPATH=src python tools/peer_coverage.py --only sin  # rows whose id contains "sin"
    PYTHONPATH=src python tools/peer_coverage.py --order 2  # second derivatives of the grad rows
"""
import argparse
import collections
import os
import sys
import traceback
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_functions import ROWS  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.numpy  # noqa: E402,F401  (declares every rule)
from wengert.testing import check_grads  # noqa: E402


def _rng(seed):
    return np.random.default_rng(1000 + seed)


def R(*shape, seed=0):
    """Standard normal floats (a 0-d array for no shape)."""
    return _rng(seed).standard_normal(shape)


def U(low, high, *shape, seed=0):
    return _rng(seed).uniform(low, high, shape)


def P(*shape, seed=0):
    return _rng(seed).uniform(0.5, 1.5, shape)


def C(*shape, seed=0):
    rng = _rng(seed)
    return rng.standard_normal(shape) + 1j * rng.standard_normal(shape)


def B(*shape, seed=0):
    return _rng(seed + 7).standard_normal(shape) > 0


def I(n, *shape, seed=0):  # noqa: E743
    return _rng(seed + 11).integers(0, n, shape)


def S(batch, n, seed=0):
    """A batch of symmetric positive definite matrices, well separated eigenvalues."""
    a = _rng(seed).standard_normal((batch, n, n))
    return np.einsum("bij,bkj->bik", a, a) + n * np.eye(n)


class _Numpy:
    """What the ported tests call ``np``: ``wengert.numpy`` where it names the function (as
    the peers' tests use ``autograd.numpy`` and ``jax.numpy``), NumPy itself otherwise (a
    function wengert lacks then reaches it through NumPy's dispatch, and fails there)."""

    def __init__(self, wmod, nmod, top=True):
        self._w, self._n, self._top = wmod, nmod, top

    def __getattr__(self, name):
        if self._top and name in ("linalg", "fft"):
            return _Numpy(getattr(self._w, name), getattr(self._n, name), top=False)
        try:
            return getattr(self._w, name)
        except AttributeError:
            return getattr(self._n, name)


NAMESPACE = dict(np=_Numpy(wengert.numpy, np), R=R, U=U, P=P, C=C, B=B, I=I, S=S, abs=abs, len=len, sum=sum, divmod=divmod)


def _plain_tree(x):
    if isinstance(x, (tuple, list)):
        return [_plain_tree(v) for v in x]
    if isinstance(x, np.dtype) or isinstance(x, (int, bool, str)) or x is None:
        return x
    return np.asarray(wg.forward.plain_value(x) if hasattr(wg, "forward") else x)


def _same(a, b):
    if isinstance(a, list) or isinstance(b, list):
        return isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and all(
            _same(x, y) for x, y in zip(a, b))
    if isinstance(a, np.dtype) or isinstance(b, np.dtype) or isinstance(a, (int, str)):
        return a == b
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and bool(np.all((a == b) | (np.isnan(a) & np.isnan(b))
                                              if a.dtype.kind in "fc" else a == b))


def run_row(kind, fn, args, order=1):
    """``(status, detail)`` for one row."""
    if kind == "gone":
        return "gone", "NumPy %s lacks it" % np.__version__
    if kind == "grad":
        check_grads(fn, *args, order=order)
        return "ok", ""
    if kind == "refused":
        try:
            wg.vjp(lambda *xs: (fn(*xs), xs[0] * 1.0)[1], *args)
        except (TypeError, AttributeError) as e:
            return "refused", str(e).splitlines()[0][:120]
        return "wrong", "converted a Var without an error"
    if kind == "dtype":
        g = wg.grad(fn)(*args)
        want = np.asarray(args[0]).dtype
        got = np.asarray(g).dtype
        return ("ok", "") if got == want else ("wrong", f"gradient dtype {got}, argument dtype {want}")
    # value: called on Vars inside a recorded computation
    seen = []

    def traced(*xs):
        seen.append(fn(*xs))
        return xs[0] * 1.0
    wg.vjp(traced, *args)
    expected = fn(*args)
    got = _plain_tree(seen[0])
    if not _same(got, _plain_tree(expected)):
        return "wrong", f"value {got!r} != NumPy's {expected!r}"
    return "ok", ""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="print every row, not only failures")
    parser.add_argument("--only", default=None, help="run only rows whose id contains this")
    parser.add_argument("--trace", action="store_true", help="print tracebacks of failures")
    parser.add_argument("--order", type=int, default=1, help="check grad rows to this order (2: as autograd's d_fun)")
    opts = parser.parse_args(argv)
    counts = collections.Counter()
    by_source = collections.Counter()
    failures = []
    for ident, sources, kind, fn_src, args_src in ROWS:
        if opts.only and opts.only not in ident:
            continue
        try:
            fn = eval(fn_src, NAMESPACE)
            args = eval(args_src, NAMESPACE)
        except AttributeError as e:  # a function this NumPy does not have
            status, detail = ("gone", str(e)) if kind == "gone" else ("raises", f"setup: {e}")
        else:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    status, detail = run_row(kind, fn, args, opts.order)
            except AssertionError as e:
                status, detail = "wrong", str(e).splitlines()[0][:200]
            except Exception as e:  # noqa: BLE001 (every failure is a finding)
                status, detail = "raises", f"{type(e).__name__}: {str(e).splitlines()[0][:160] if str(e) else ''}"
                if opts.trace:
                    traceback.print_exc()
        counts[status] += 1
        if status != "gone":
            by_source[(sources, status in ("ok", "refused"))] += 1
        if status not in ("ok", "gone", "refused") or opts.all:
            failures.append((ident, sources, kind, status, detail))
    for ident, sources, kind, status, detail in failures:
        print(f"{status:7s} {ident:34s} [{sources}, {kind}] {detail}")
    total = sum(v for k, v in counts.items() if k != "gone")
    print(f"\nrows: {total} (+{counts['gone']} gone from NumPy 2), order {opts.order}: ok {counts['ok']}, "
          f"refused by design {counts['refused']}, raises {counts['raises']}, wrong {counts['wrong']}")
    for src in ("autograd", "jax", "autograd+jax"):
        ok, bad = by_source[(src, True)], by_source[(src, False)]
        if ok + bad:
            print(f"  from {src}: {ok}/{ok + bad} ok or refused by design")
    return 0 if counts["ok"] + counts["refused"] == total else 1


if __name__ == "__main__":
    sys.exit(main())
