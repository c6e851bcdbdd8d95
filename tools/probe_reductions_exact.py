"""Exactness probe for NumPy rules beyond the elementwise ones: reductions, cumulative ops,
products, norms, statistics, polynomials, FFT and scatter, at points where an intermediate
overflows, underflows or cancels while the derivative is an ordinary number.

Each case is a scalar function ``f(x)`` of a float64 vector (a vector output is summed
against fixed small integer weights) and its twin written on mpmath numbers. The reference
gradient and Hessian are mpmath's derivatives of the twin at the double ``x`` (1300 digits: entries 1e200 beside 1e-200 in one sum,
each entry varied relative to its own size, entries that are not finite held fixed: their
derivatives are the limit 0). Linear cases take their truth from the function applied to
the unit vectors (small integers: exact in doubles).

Paths: first order ``grad``, ``jit`` (``wg.grad(wg.jit(f))``, its second call: the replay);
second order ``hessian``, ``jvp(grad)`` (one column per unit tangent), ``jacfwd(jacrev)``.
Each (case, order) is ``right`` (every path within RTOL of the truth entry by entry: relative
where the truth is nonzero, ``|a| <= 1e-300`` where it is 0), ``refused`` (every path raised
a wengert error or a ValueError), ``crash`` (another exception) or ``WRONG``.

Switching points (np.where / select at the switch, sort and max at ties) are
``tools/probe_kinks.py``'s: their derivative there is a convention, not a truth.

Usage (from the repository root)::

    PYTHONPATH=src python tools/probe_reductions_exact.py            # WRONG / crash rows, counts
    PYTHONPATH=src python tools/probe_reductions_exact.py -v         # every row
    PYTHONPATH=src python tools/probe_reductions_exact.py --only prod
"""
import argparse
import collections
import sys
import warnings

import mpmath as mp
import numpy as np

import wengert as wg
import wengert.numpy as wnp
from wengert.errors import WengertError

RTOL = 1e-13
mp.mp.dps = 1300  # entries 1e200 beside 1e-200 in one sum: the step must survive ~1000 digits


def _w(n):
    return np.arange(1.0, n + 1.0)


def _mpsum_w(vals):
    return mp.fsum((k + 1) * v for k, v in enumerate(vals))


def _prod(v):
    out = mp.mpf(1)
    for t in v:
        out *= t
    return out


def _cumprod(v):
    out, acc = [], mp.mpf(1)
    for t in v:
        acc *= t
        out.append(acc)
    return out


def _pnorm(v, p):
    if p == np.inf:
        return max(abs(t) for t in v)
    if p == -np.inf:
        return min(abs(t) for t in v)
    return mp.fsum(abs(t) ** p for t in v) ** (mp.mpf(1) / p)


def _mean(v):
    return mp.fsum(v) / len(v)


def _var(v, ddof=0):
    m = _mean(v)
    return mp.fsum((t - m) ** 2 for t in v) / (len(v) - ddof)


def _lse(v):
    fin = [t for t in v if mp.isfinite(t)]
    return mp.log(mp.fsum(mp.exp(t) for t in fin))


def _polyval(p, x):
    out = mp.mpf(0)
    for c in p:
        out = out * x + c
    return out


def _dft(x, sign=-1):
    n = len(x)
    return [mp.fsum(x[m] * mp.expjpi(sign * 2 * mp.mpf(m * k) / n) for m in range(n)) for k in range(n)]


def _scale(norm, n, inverse):
    if norm == "ortho":
        return 1 / mp.sqrt(n)
    if (norm in (None, "backward")) == inverse:
        return mp.mpf(1) / n
    return mp.mpf(1)


def _irfft(c, n, norm):
    # Hermitian extension of c (imaginary parts of c[0], and of c[n/2] for even n, dropped)
    full = []
    for k in range(n):
        if k < len(c) and (k <= n // 2):
            full.append(c[k])
        else:
            j = n - k
            full.append(mp.conj(c[j]) if j < len(c) else mp.mpf(0))
    full[0] = mp.re(full[0])
    if n % 2 == 0 and n // 2 < len(c):
        full[n // 2] = mp.re(full[n // 2])
    s = _scale(norm, n, True)
    return [mp.re(t) * s for t in _dft(full, +1)]


CASES = []


def case(name, x, f, fmp=None, linear=False):
    CASES.append((name, np.asarray(x, dtype=float), f, fmp, linear))


def _points():
    big, tiny = 1e200, 1e-200
    # products with zeros and with partial products out of range
    for tag, x in [("one zero", [0.0, 2.0, 3.0]), ("two zeros", [0.0, 5.0, 0.0]),
                   ("all zero", [0.0, 0.0, 0.0]), ("-0.0", [-0.0, 2.0, 3.0]),
                   ("big*big*tiny*tiny", [big, big, tiny, tiny]),
                   ("tiny*tiny*big", [tiny, tiny, big, 3.0]), ("big*big", [big, big, 1e-300]),
                   ("zero and big", [0.0, big, big, tiny])]:
        case(f"prod {tag}", x, lambda x: np.prod(x), _prod)
        case(f"cumprod {tag}", x, lambda x: np.sum(_w(x.size) * np.cumprod(x)),
             lambda v: _mpsum_w(_cumprod(v)))
        case(f"prod 2d axis=-1 {tag}", x, lambda x: np.sum(_w(2) * np.prod(np.reshape(np.concatenate([x, x[::-1]]), (2, -1)), axis=-1)),
             lambda v: _prod(v) + 2 * _prod(v[::-1]))
    # norms
    for tag, x in [("1e200", [1e200, -2e200, 2e200]), ("1e-200", [1e-200, 2e-200, -2e-200]),
                   ("subnormal", [3e-320, 4e-320, 0.0]), ("mixed", [1e200, 1.0, 1e-200]),
                   ("3,4", [3.0, -4.0, 12.0])]:
        for o in (None, 1, 2, 3, 0.5, -1, np.inf, -np.inf):
            case(f"norm ord={o} {tag}", x, lambda x, o=o: np.linalg.norm(x, ord=o),
                 lambda v, o=o: _pnorm(v, 2 if o is None else o))
            case(f"vector_norm ord={o} {tag}", x,
                 lambda x, o=o: np.linalg.vector_norm(x, ord=2 if o is None else o),
                 lambda v, o=o: _pnorm(v, 2 if o is None else o))
        case(f"norm axis=-1 keepdims {tag}", x,
             lambda x: np.sum(_w(2)[:, None] * np.linalg.norm(np.stack([x, 2 * x]), axis=-1, keepdims=True)),
             lambda v: 5 * _pnorm(v, 2))
    for tag, s in [("1e200", 1e200), ("1e-200", 1e-200), ("1", 1.0)]:
        x = s * np.array([1.0, -2.0, 3.0, 0.5])
        for o in ("fro", 1, -1, np.inf, -np.inf, 2, -2, "nuc"):
            def fmp(v, o=o):
                A = mp.matrix([[v[0], v[1]], [v[2], v[3]]])
                if o == "fro":
                    return mp.sqrt(mp.fsum(t ** 2 for t in v))
                if o in (1, -1):
                    cs = [abs(A[0, j]) + abs(A[1, j]) for j in range(2)]
                    return max(cs) if o == 1 else min(cs)
                if o in (np.inf, -np.inf):
                    rs = [abs(A[i, 0]) + abs(A[i, 1]) for i in range(2)]
                    return max(rs) if o == np.inf else min(rs)
                sv = mp.svd_r(A, compute_uv=False)
                sv = [sv[i] for i in range(2)]
                return {2: max(sv), -2: min(sv), "nuc": mp.fsum(sv)}[o]
            case(f"norm 2x2 ord={o} {tag}", x, lambda x, o=o: np.linalg.norm(np.reshape(x, (2, 2)), ord=o), fmp)
            case(f"matrix_norm ord={o} {tag}", x,
                 lambda x, o=o: np.linalg.matrix_norm(np.reshape(x, (2, 2)), ord=o), fmp)
    # statistics at a huge offset: cancellation
    for tag, x in [("1e8+spread", 1e8 + np.array([0.125, 0.25, 0.5, 1.0])),
                   ("1e15+spread", 1e15 + np.array([1.0, 2.0, 4.0, 8.0])),
                   ("1e200 scale", 1e200 * np.array([1.0, 2.0, 3.0, 5.0])),
                   ("1e-200 scale", 1e-200 * np.array([1.0, 2.0, 3.0, 5.0])),
                   ("all equal", [7.0, 7.0, 7.0, 7.0])]:
        for ddof in (0, 1):
            case(f"var ddof={ddof} {tag}", x, lambda x, d=ddof: np.var(x, ddof=d), lambda v, d=ddof: _var(v, d))
            if tag != "all equal":
                case(f"std ddof={ddof} {tag}", x, lambda x, d=ddof: np.std(x, ddof=d),
                     lambda v, d=ddof: mp.sqrt(_var(v, d)))
                case(f"std axis=-1 ddof={ddof} {tag}", x,
                     lambda x, d=ddof: np.sum(np.std(np.reshape(x, (2, 2)), axis=-1, ddof=d) * _w(2)),
                     lambda v, d=ddof: mp.sqrt(_var(v[:2], d)) + 2 * mp.sqrt(_var(v[2:], d)))
        case(f"mean {tag}", x, lambda x: np.mean(x), _mean)
        case(f"mean of squares {tag}", x, lambda x: np.mean(x * x), lambda v: _mean([t * t for t in v]))
    # log-sum-exp at infinities and far apart
    for tag, x in [("-inf", [-np.inf, 0.0, 1.0]), ("all but one -inf", [-np.inf, -np.inf, 2.0]),
                   ("far", [-1000.0, 0.0, 800.0]), ("1e300", [1e300, 1e300 - 1e284, 0.0])]:
        case(f"logaddexp.reduce {tag}", x, lambda x: np.logaddexp.reduce(x), _lse)
        case(f"logsumexp {tag}", x, lambda x: wnp.logsumexp(x), _lse)
        case(f"logaddexp pair {tag}", x, lambda x: np.logaddexp(x[0], x[2]), lambda v: _lse([v[0], v[2]]))
        case(f"logaddexp2 pair {tag}", x, lambda x: np.logaddexp2(x[0], x[2]),
             lambda v: mp.log(mp.fsum(2 ** t for t in (v[0], v[2]) if mp.isfinite(t)), 2))
    # polynomials
    for tag, x in [("cancel", [1.0, -3.0, 3.0, -1.0, 1.0 + 2.0 ** -20]), ("big", [1e100, 1.0, 1e-100, 1e100, 3.0]),
                   ("plain", [2.0, -1.0, 0.5, 3.0, -2.0])]:
        case(f"polyval {tag}", x, lambda x: np.polyval(x[:4], x[4]), lambda v: _polyval(v[:4], v[4]))
    case("roots real", [1.0, -6.0, 11.0, -6.0], lambda x: np.sum(_w(3) * np.sort(np.real(np.roots(x)))),
         lambda v: _mpsum_w(sorted(mp.re(r) for r in mp.polyroots(v))))
    case("poly", [1.0, 2.0, -3.0], lambda x: np.sum(_w(4) * np.poly(x)),
         lambda v: _mpsum_w([mp.mpf(1), -(v[0] + v[1] + v[2]), v[0] * v[1] + v[0] * v[2] + v[1] * v[2], -v[0] * v[1] * v[2]]))
    # FFT
    for n in (5, 4):
        for norm in (None, "ortho", "forward"):
            x = np.array([1.0, -2.0, 0.5, 3.0, 1e-3, 2.0][:n])
            case(f"rfft n={n} norm={norm}", x,
                 lambda x, nm=norm: np.sum(_w(x.size // 2 + 1) * np.abs(np.fft.rfft(x, norm=nm)) ** 2),
                 lambda v, nm=norm: _mpsum_w([abs(t * _scale(nm, len(v), False)) ** 2 for t in _dft(v)[:len(v) // 2 + 1]]))
            case(f"fft n={n} norm={norm} |.|^2", x,
                 lambda x, nm=norm: np.sum(_w(x.size) * np.abs(np.fft.fft(x, norm=nm)) ** 2),
                 lambda v, nm=norm: _mpsum_w([abs(t * _scale(nm, len(v), False)) ** 2 for t in _dft(v)]))
            case(f"ifft n={n} norm={norm} |.|^2", x,
                 lambda x, nm=norm: np.sum(_w(x.size) * np.abs(np.fft.ifft(x, norm=nm)) ** 2),
                 lambda v, nm=norm: _mpsum_w([abs(t * _scale(nm, len(v), True)) ** 2 for t in _dft(v, +1)]))
            for m in (n, n + 1, n - 1):
                k = n // 2 + 1
                xx = np.arange(1.0, 2 * k + 1.0) * np.array([1, -1] * k)
                case(f"irfft len={k} n={m} norm={norm}", xx,
                     lambda x, nm=norm, m=m, k=k: np.sum(_w(m) * np.fft.irfft(x[:k] + 1j * x[k:], n=m, norm=nm) ** 2),
                     lambda v, nm=norm, m=m, k=k: _mpsum_w([t ** 2 for t in _irfft([mp.mpc(v[i], v[k + i]) for i in range(k)], m, nm)]))
    # scatter with repeated indices, linear reductions along negative axes
    lin = [
        ("index_add repeated", lambda x: np.sum(_w(4) * wnp.index_add(np.zeros(4), [0, 0, 2, 0, 3, 3], x[:6]))),
        ("cumsum axis=-1", lambda x: np.sum(_w(6).reshape(2, 3) * np.cumsum(x.reshape(2, 3), axis=-1))),
        ("cumsum axis=-2", lambda x: np.sum(_w(6).reshape(2, 3) * np.cumsum(x.reshape(2, 3), axis=-2))),
        ("diff n=2 axis=-1", lambda x: np.sum(_w(2) * np.diff(x.reshape(2, 3), n=2, axis=-1)[:, 0])),
        ("diff n=3 axis=-1 prepend", lambda x: np.sum(_w(4) * np.diff(x.reshape(2, 3), n=3, axis=-1, prepend=1.0).ravel())),
        ("diff n=1 axis=-2", lambda x: np.sum(_w(3) * np.diff(x.reshape(2, 3), axis=-2))),
        ("gradient axis=-1 edge2", lambda x: np.sum(_w(6).reshape(2, 3) * np.gradient(x.reshape(2, 3), 0.5, axis=-1, edge_order=2))),
        ("gradient coords axis=-2", lambda x: np.sum(_w(6).reshape(3, 2) * np.gradient(x.reshape(3, 2), [0.0, 1.0, 3.0], axis=-2))),
        ("trapezoid axis=-1", lambda x: np.sum(_w(2) * np.trapezoid(x.reshape(2, 3), dx=0.25, axis=-1))),
        ("trapezoid x axis=-2", lambda x: np.sum(_w(3) * np.trapezoid(x.reshape(2, 3), x=[0.0, 2.0], axis=-2))),
        ("convolve full", lambda x: np.sum(_w(6) * np.convolve(x[:4], x[4:] * 0 + [1.0, -2.0]))),
        ("convolve valid", lambda x: np.sum(_w(3) * np.convolve(x[:4], [1.0, 2.0], mode="valid"))),
        ("correlate same", lambda x: np.sum(_w(4) * np.correlate(x[:4], [1.0, 2.0, -1.0], mode="same"))),
        ("correlate full both", lambda x: np.sum(_w(7) * np.correlate(x[:4], x[4:] * 0 + [3.0, 1.0, 2.0][:2] + [0.0], mode="full"))),
        ("interp outside", lambda x: np.sum(_w(3) * np.interp([-1.0, 0.5, 5.0], [0.0, 1.0, 2.0], x[:3]))),
        ("interp at knots fp", lambda x: np.sum(_w(3) * np.interp([0.0, 1.0, 2.0], [0.0, 1.0, 2.0], x[:3]))),
        ("take repeated", lambda x: np.sum(_w(5) * np.take(x, [0, 0, 5, -1, 2]))),
    ]
    for name, f in lin:
        case(name, [1.0, 0.0, -0.0, 2.0, 3.0, -1.0], f, linear=True)


def _truth(fmp, x, order):
    n = x.size
    # (a zero entry's step is 1e-700 of the smallest nonzero |entry|: a step of 1e-25 beside 3e-320 left the
    # neighbourhood (the inf-norm's Hessian at [3e-320, 4e-320, 0] read 1e25 for its 0), and the central
    # difference of |t|^3 at 0 is off by about its step times 1 / N^2 (ord 3 there: 2e294 for 0 at 3e-345))
    tiny = min([abs(t) for t in x if t != 0 and np.isfinite(t)] + [1.0])
    c = [mp.mpf(abs(t)) if t != 0 else mp.mpf(tiny) * mp.mpf("1e-700") for t in x]
    var = [bool(np.isfinite(t)) for t in x]
    base = [mp.mpf(t) if np.isfinite(t) else mp.mpf(t) for t in x]

    def F(*s):
        v = list(base)
        for i, si in zip([i for i in range(n) if var[i]], s):
            v[i] = base[i] + si * c[i]
        return fmp(v)

    idx = [i for i in range(n) if var[i]]
    z = [0] * len(idx)
    h = mp.mpf("1e-25")
    if order == 1:
        g = np.zeros(n)
        for k, i in enumerate(idx):
            po = [0] * len(idx)
            po[k] = 1
            g[i] = float(mp.diff(F, z, tuple(po), h=h) / c[i])
        return g
    H = np.zeros((n, n))
    for a, i in enumerate(idx):
        for b, j in enumerate(idx):
            if b < a:
                H[i, j] = H[j, i]
                continue
            po = [0] * len(idx)
            po[a] += 1
            po[b] += 1
            H[i, j] = float(mp.diff(F, z, tuple(po), h=h) / (c[i] * c[j]))
    return H


def _linear_truth(f, x):
    n = x.size
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.array([f(np.eye(n)[i]) - f(np.zeros(n)) for i in range(n)]), np.zeros((n, n))


def _paths(f, x, order):
    n = x.size
    if order == 1:
        def jit_path(x):
            jf = wg.grad(wg.jit(f))
            jf(x.copy())
            return jf(x.copy())
        return {"grad": lambda: wg.grad(f)(x), "jit": lambda: jit_path(x)}
    return {"hessian": lambda: wg.hessian(f)(x),
            "jvp(grad)": lambda: np.stack([wg.jvp(wg.grad(f), (x,), (np.eye(n)[j],))[1] for j in range(n)], axis=1),
            "jacfwd(jacrev)": lambda: wg.jacfwd(wg.jacrev(f))(x)}


def _zero_scale(value, x, order):
    """The size an entry whose truth is 0 is measured against: ``|f| / (|x_i| |x_j| ...)``
    (a rounding residue of the other terms; an entry of ``x`` that is 0 counts as 1), or
    ``|f| / gap**order`` with ``gap`` the smallest difference of two entries, if larger."""
    ax = np.where((x == 0) | ~np.isfinite(x), 1.0, np.abs(x))
    fin = x[np.isfinite(x)]
    gaps = np.abs(fin[:, None] - fin[None, :])
    gap = gaps[gaps > 0].min() if np.any(gaps > 0) else 1.0
    with np.errstate(all="ignore"):
        s = abs(value) / ax
        s = s if order == 1 else s[:, None] / ax[None, :]
        # a function of the differences (var, std at an offset) has its own scale |f| / gap**order
        return np.maximum(s, abs(value) / gap ** order)


def _compare(a, t, zero_scale):
    a = np.asarray(a, dtype=float)
    if a.shape != t.shape:
        return f"shape {a.shape}"
    bad = []
    for i in np.ndindex(t.shape):
        ai, ti = a[i], t[i]
        if np.isnan(ti):
            continue
        if np.isnan(ai):
            bad.append(f"{i}: nan for {ti:.6g}")
        elif ti == 0:
            if abs(ai) > max(1e-300, RTOL * zero_scale[i]):
                bad.append(f"{i}: {ai:.6g} for 0")
        elif np.isinf(ti) or np.isinf(ai):
            if ai != ti:
                bad.append(f"{i}: {ai:.6g} for {ti:.6g}")
        elif abs(ai - ti) > RTOL * abs(ti):
            bad.append(f"{i}: {ai:.17g} for {ti:.17g}")
    return "; ".join(bad[:3]) + (f" (+{len(bad) - 3})" if len(bad) > 3 else "")


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--only", default="")
    ap.add_argument("--order", default="1,2")
    args = ap.parse_args(argv)
    _points()
    counts = collections.Counter()
    for name, x, f, fmp, linear in CASES:
        if args.only and args.only not in name:
            continue
        for order in [int(o) for o in args.order.split(",")]:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    t = (_linear_truth(f, x)[order - 1] if linear else _truth(fmp, x, order))
            except Exception as e:  # noqa: BLE001
                counts["no reference"] += 1
                if args.v:
                    print(f"no reference  {name} order {order}: {type(e).__name__}: {e}")
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                value = (f(x) if linear else mp.mpf(fmp([mp.mpf(v) for v in x])))
                zs = _zero_scale(float(abs(value)), x, order)
            kinds, notes = set(), []
            for pname, run in _paths(f, x, order).items():
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        a = run()
                    msg = _compare(a, t, zs)
                    if msg:
                        kinds.add("WRONG")
                        notes.append(f"{pname}: {msg}")
                    else:
                        kinds.add("right")
                except (WengertError, ValueError) as e:
                    kinds.add("refused")
                    notes.append(f"{pname}: refused {type(e).__name__}: {str(e)[:90]}")
                except Exception as e:  # noqa: BLE001
                    kinds.add("crash")
                    notes.append(f"{pname}: crash {type(e).__name__}: {str(e)[:90]}")
            kind = ("WRONG" if "WRONG" in kinds else "crash" if "crash" in kinds
                    else "refused" if "refused" in kinds else "right")
            counts[kind] += 1
            if kind in ("WRONG", "crash") or args.v:
                print(f"{kind:8s} {name} [order {order}] " + " | ".join(notes))
                sys.stdout.flush()
    print(dict(counts))
    return counts


if __name__ == "__main__":
    main()
