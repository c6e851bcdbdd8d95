"""Second order's cost on a core chain and on two log densities, against another build of wengert.

Session 37's exactness work (28e0442: log z's derivatives with the tangent as a factor of the
primitive; 39a76b3: np.where's untaken marks in the unary rules) made these slower; this
script measures by how much, best of 7 calls, the two builds interleaved in fresh processes
so a shared machine's drift falls on both:

    python benchmarks/second_order_cost.py                          # this checkout's src, in ms
    python benchmarks/second_order_cost.py --against ../old/src     # ratios to another build's src

Each build's compiled modules must be built in place (``python setup.py build_ext --inplace``).
"""
import argparse
import os
import pathlib
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent


def workloads():
    """name: a call to time (imports here: SciPy is an optional extra of wengert)."""
    import numpy as np

    import wengert as wg
    from wengert.scipy import stats

    x = np.linspace(0.1, 2.0, 10)

    def chain(v):
        for _ in range(20):
            v = np.sin(v) * v + np.exp(-v) / (1.0 + v * v)
        return np.sum(np.where(v > 0.5, v ** 2, np.log(v + 2.0)))

    def densities(p):
        return stats.gamma.logpdf(p[0], p[1], 0.0, p[2]) + stats.weibull_min.logsf(p[0], p[1], 0.0, p[2])

    p = np.array([1.3, 2.5, 1.7])
    return {"grad chain": lambda: wg.grad(chain)(x), "hessian chain": lambda: wg.hessian(chain)(x[:4]),
            "jacfwd2 chain": lambda: wg.jacfwd(wg.jacfwd(chain))(x[:4]),
            "hessian densities": lambda: wg.hessian(densities)(p),
            "jacfwd2 densities": lambda: wg.jacfwd(wg.jacfwd(densities))(p)}


def best_times():
    out = {}
    for name, call in workloads().items():
        call()  # (warm-up: imports, caches)
        runs = []
        for _ in range(7):
            start = time.perf_counter()
            call()
            runs.append(time.perf_counter() - start)
        out[name] = min(runs)
    return out


def times_in(src):
    """best_times() in a fresh process with ``src`` first on the path."""
    env = dict(os.environ, PYTHONPATH=str(src))
    text = subprocess.run([sys.executable, __file__, "--raw"], env=env, check=True, capture_output=True,
                          text=True).stdout
    return {name: float(t) for name, t in (line.rsplit("\t", 1) for line in text.splitlines())}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", help="another build's src directory: print this one's times over its")
    parser.add_argument("--raw", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.raw:
        for name, t in best_times().items():
            print(f"{name}\t{t}")
        return
    ours = HERE.parent / "src"
    if not args.against:
        for name, t in times_in(ours).items():
            print(f"{name:20s} {t * 1e3:8.2f} ms")
        return
    rounds = [(times_in(args.against), times_in(ours)) for _ in range(2)]
    for name in rounds[0][0]:
        old = min(r[0][name] for r in rounds)
        new = min(r[1][name] for r in rounds)
        print(f"{name:20s} {old * 1e3:8.2f} ms -> {new * 1e3:8.2f} ms  ({new / old:.2f}x)")


if __name__ == "__main__":
    main()
