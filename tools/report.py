"""Run the benchmark modules' ratio tables and render them as Markdown and a bar chart.

Each module in ``benchmarks/`` that has a ``ratio_table()`` returns rows
``(case, implementation, seconds, ratio)``: the ratio is to the case's reference, the
hand-written (or plain) NumPy code, measured in the same run; a row whose ratio is None
carries another unit in its ``seconds`` field (named by its implementation, e.g. "us/op").

    python tools/report.py                                  # print the Markdown table
    python tools/report.py --png benchmarks/results.png --markdown benchmarks/results.md
    python tools/report.py --modules bench_arrays bench_mnist
    python tools/report.py --blas-threads 0                # NumPy's default BLAS threads

The PNG needs matplotlib (``pip install "wengert[plot]"``). A module that is missing or
has no ``ratio_table()`` is an error, never silently skipped.
"""
import argparse
import contextlib
import datetime
import importlib
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

import wengert as wg
from wengert.examples import new_figure
from wengert.examples.mnist import limit_blas_threads

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"  # this script is in tools/
DEFAULT_MODULES = ("bench_scalar", "bench_arrays", "bench_network", "bench_structured",
                   "bench_higher_order", "bench_checkpoint", "bench_mnist", "bench_indexing",
                   "bench_threads", "bench_jit", "bench_forward")


def load_modules(names):
    """Import ``benchmarks/<name>.py`` for each name; exit with a clear message if one is missing."""
    for name in names:
        if not (BENCHMARKS / f"{name}.py").is_file():
            available = sorted(p.stem for p in BENCHMARKS.glob("bench_*.py"))
            raise SystemExit(f"error: benchmark module {name!r} not found: there is no "
                             f"{BENCHMARKS / name}.py. Available: {', '.join(available)} "
                             "(choose with --modules)")
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    modules = [importlib.import_module(name) for name in names]
    for name, module in zip(names, modules):
        if not callable(getattr(module, "ratio_table", None)):
            raise SystemExit(f"error: {BENCHMARKS / name}.py has no ratio_table() function")
    return modules


def format_time(seconds):
    """A time with a unit that keeps three significant digits."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds * 1e9:.3g} ns"


def markdown(results, header):
    """The Markdown table of ``results``: a list of (module, rows)."""
    lines = [header, "", "| benchmark | case | implementation | time | ratio to reference |",
             "| --- | --- | --- | ---: | ---: |"]
    for module, rows in results:
        for case, impl, seconds, ratio in rows:
            if ratio is None:
                shown, ratio_text = f"{seconds:.3g}", ""
            else:
                shown, ratio_text = format_time(seconds), f"{ratio:.2f}x"
            lines.append(f"| {module} | {case} | {impl} | {shown} | {ratio_text} |")
    return "\n".join(lines) + "\n"


def bar_chart(results, path, header):
    """Horizontal bars of every row with a ratio, grouped by case, with the reference at 1."""
    bars = [(f"{case}\n{impl}", ratio) for _, rows in results
            for case, impl, _, ratio in rows if ratio is not None]
    fig = new_figure("--png", figsize=(9, 0.45 * len(bars) + 1.2), dpi=110)
    ax = fig.add_subplot()
    y = list(range(len(bars)))[::-1]
    ratios = [r for _, r in bars]
    colors = ["#999999" if r == 1.0 else "#3b75af" for r in ratios]
    ax.barh(y, ratios, color=colors)
    ax.set_yticks(y, [label for label, _ in bars], fontsize=7)
    ax.axvline(1.0, color="black", linewidth=0.8)
    for yi, r in zip(y, ratios):
        ax.text(r, yi, f" {r:.2f}x", va="center", fontsize=7)
    if max(ratios) > 20:  # a pure-Python engine at 200x would flatten every other bar
        ax.set_xscale("log")
        ax.set_xlim(min(ratios) / 1.5, max(ratios) * 3)
    else:
        ax.set_xlim(0, max(ratios) * 1.15)
    ax.set_xlabel("time relative to the reference (hand-written or plain NumPy = 1)")
    ax.set_title(header, fontsize=8)
    fig.tight_layout()
    fig.savefig(path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--modules", nargs="+", default=list(DEFAULT_MODULES), metavar="NAME",
                        help=f"benchmark modules to run (default: {' '.join(DEFAULT_MODULES)})")
    parser.add_argument("--markdown", metavar="FILE.md", help="also write the table to this file")
    parser.add_argument("--png", metavar="FILE.png", help="write a bar chart of the ratios")
    parser.add_argument("--blas-threads", type=int, default=1, metavar="N",
                        help="BLAS threads for every benchmark (default 1: on a shared machine "
                        "threads waiting for each other made small products 5-10x slower, "
                        "and the noise swamped the ratios); 0 leaves NumPy's default")
    args = parser.parse_args(argv)
    modules = load_modules(args.modules)  # all found before any runs
    if args.png:
        new_figure("--png")  # fail now, not after the benchmarks, if matplotlib is missing
    threads = f"{args.blas_threads} BLAS thread{'s' if args.blas_threads > 1 else ''}" \
        if args.blas_threads else "default BLAS threads"
    header = (f"wengert {wg.__version__} ({wg.IMPLEMENTATION} tape), Python "
              f"{platform.python_version()}, NumPy {np.__version__}, {os.cpu_count()} CPUs, "
              f"{threads}, {datetime.date.today()}")
    results = []
    with limit_blas_threads(args.blas_threads) if args.blas_threads else contextlib.nullcontext():
        for name, module in zip(args.modules, modules):
            began = time.perf_counter()
            print(f"running {name}.ratio_table() ...", file=sys.stderr)
            results.append((name, module.ratio_table()))
            print(f"  {time.perf_counter() - began:.0f} s", file=sys.stderr)
    text = markdown(results, header)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text)
    if args.png:
        bar_chart(results, args.png, header)
        print(f"wrote {args.png}", file=sys.stderr)


if __name__ == "__main__":
    main()
