"""``wengert.jit`` at batch 1 in instructions, not seconds: counts that a loaded machine does not move.

The timed ratios of ``bench_jit.py`` swing by 0.1x from one run to the next on a shared
machine (load 15-25 on 2 cores); callgrind's instruction counts are the same for the same
build and inputs whatever else runs. Each case runs in a process of its own under
``valgrind --tool=callgrind`` twice, once with ``--calls 0`` and once with ``--calls N``
after the same set-up and warm-up calls; the difference over N is the count per call, with
Python's start, the imports and the set-up cancelled exactly. Counts are split by where the
instructions ran: glibc's memset (OpenBLAS zeroing the 784x300 weight gradient: one counted
instruction per byte of ``rep stosb``, the same in every gradient), OpenBLAS, and the rest
(the interpreter, NumPy's own machinery, wengert's compiled modules). The ratios are taken
outside memset, as ``benchmarks/results.md`` reports them since session 24.

    python benchmarks/count_jit.py                   # every case, 20 calls (~10 min)
    python benchmarks/count_jit.py --cases hand replay_user --calls 10
    python benchmarks/count_jit.py --batch 128 --cases hand replay_user --calls 3

Needs valgrind (Debian's package); runs with one BLAS thread and ``PYTHONHASHSEED=0``.
"""
import argparse
import collections
import os
import pathlib
import re
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent

#: case: (what it measures, the case its ratio is taken against)
CASES = {
    "hand": ("hand-written NumPy gradient", "hand"),
    "replay_user": ("wg.jit replay, user sigmoid", "hand"),
    "replay_wnp": ("wg.jit replay, wnp.logistic/log_softmax", "hand"),
    "recording": ("recording (wg.value_and_grad), user sigmoid", "hand"),
    "first_call": ("wg.jit first call, user sigmoid", "recording"),
    "forward": ("plain NumPy forward pass", "forward"),
    "eval_bp": ("wg.jit eval_bp replay", "forward"),
}


def _case_function(name):
    """The call a case counts (in the child process): a function of no arguments."""
    sys.path.insert(0, str(HERE))
    import bench_arrays
    import bench_jit
    import wengert as wg
    net, x, t = bench_arrays.make_problem(int(os.environ.get("COUNT_JIT_BATCH", "1")))
    user = bench_jit.LOSSES["user sigmoid"]
    return {
        "hand": lambda: bench_arrays.grad_numpy(net, x, t),
        "replay_user": lambda: bench_jit.JITTED["user sigmoid"](net, x, t),
        "replay_wnp": lambda: bench_jit.JITTED["wnp.logistic/log_softmax"](net, x, t),
        "recording": (lambda vg: lambda: vg(net, x, t))(wg.value_and_grad(user)),
        "first_call": lambda: bench_jit.first_call(user, net, x, t),
        "forward": lambda: bench_arrays.forward_numpy(net, x),
        "eval_bp": lambda: wg.eval_bp(bench_jit.JIT_FORWARD, net, x),
    }[name]


def child(name, calls):
    """Set up ``name``, call it 3 times, then ``calls`` times (what the parent counts)."""
    import gc
    fn = _case_function(name)
    for _ in range(3):
        fn()
    gc.collect()
    gc.disable()  # (a collection falls where the allocations happen to put it: not per call)
    for _ in range(calls):
        fn()


def exclusive_counts(path):
    """Instructions (``Ir``) of a callgrind output file by where they ran: a Counter with
    ``total``, ``memset`` (glibc's memset functions) and ``blas`` (the OpenBLAS library).

    Each cost line after ``fn=`` is the function's own cost; the line after ``calls=`` is
    a call's inclusive cost, counted in the callee already, so it is skipped."""
    names = {"ob": {}, "fn": {}}
    counts = collections.Counter()
    ob = fn = ""
    skip_next = False
    name_re = re.compile(r"^(c?)(ob|fn)=\((\d+)\)(?: (.*))?$")
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            m = name_re.match(line)
            if m:
                called, kind, ident, text = m.groups()
                if text is not None:
                    names[kind][ident] = text
                if not called:
                    if kind == "ob":
                        ob = names["ob"][ident]
                    else:
                        fn = names["fn"][ident]
                continue
            if line.startswith("calls="):
                skip_next = True
                continue
            if not line or not (line[0].isdigit() or line[0] in "+-*"):
                continue
            if skip_next:
                skip_next = False
                continue
            ir = int(line.split()[-1])
            counts["total"] += ir
            if "memset" in fn:
                counts["memset"] += ir
            elif "openblas" in ob.lower():
                counts["blas"] += ir
    return counts


def count(name, calls, python=sys.executable, batch=1):
    """``name``'s instructions over ``calls`` calls, by :func:`exclusive_counts`."""
    env = dict(os.environ, PYTHONHASHSEED="0", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
               MKL_NUM_THREADS="1", COUNT_JIT_BATCH=str(batch))
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", "--compress-strings=yes",
                        python, __file__, "--child", name, str(calls)],
                       env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return exclusive_counts(out)


def per_call(name, calls, batch=1):
    """Instructions per call of ``name``: (counts with ``calls`` calls - counts with none) / calls."""
    base, many = count(name, 0, batch=batch), count(name, calls, batch=batch)
    return {key: (many[key] - base[key]) / calls for key in ("total", "memset", "blas")}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="+", choices=list(CASES), default=list(CASES))
    parser.add_argument("--calls", type=int, default=20, help="calls counted per case (default 20)")
    parser.add_argument("--batch", type=int, default=1,
                        help="the network's batch (default 1; the forward pass and eval_bp too)")
    parser.add_argument("--child", nargs=2, metavar=("CASE", "CALLS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child[0], int(args.child[1]))
    cases = list(args.cases)
    for name in list(cases):  # (a ratio needs its reference counted in the same run)
        if CASES[name][1] not in cases:
            cases.insert(0, CASES[name][1])
    results = {}
    for name in dict.fromkeys(cases):
        results[name] = per_call(name, args.calls, args.batch)
        print(f"counted {name}", file=sys.stderr, flush=True)
    print(f"instructions per call, batch {args.batch} (callgrind; {args.calls} calls after 3, one BLAS thread)")
    print(f"| case | total | outside memset | outside BLAS | ratio (outside memset) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, c in results.items():
        outside_memset = c["total"] - c["memset"]
        reference = results[CASES[name][1]]
        ratio = outside_memset / (reference["total"] - reference["memset"])
        print(f"| {CASES[name][0]} | {c['total']:,.0f} | {outside_memset:,.0f} | "
              f"{outside_memset - c['blas']:,.0f} | {ratio:.3f} against {CASES[name][1]} |")


if __name__ == "__main__":
    sys.exit(main())
