"""First-order gradients of two commits, timed in turns: is one build slower than the other?

``python tools/compare_commits.py OLD NEW`` exports each commit with ``git archive``
into a cache folder (``/tmp/wengert-compare/<sha>`` unless ``--cache`` says otherwise),
builds it there (``setup.py build_ext --inplace``) unless it is already built, and starts
one worker process per build. Both workers import *this* tree's ``bench_arrays`` and
``wengert/examples/network.py`` (the same problems, the same code under test) with their
own ``wengert``, and the parent asks them
for one timing batch each, in turn, round after round, keeping each one's best: the two
builds see the same machine. ``NEW`` may be ``.`` for this working tree as it is (built
in place already). Nothing is written into the repository.

Cases: the 784-300-100-10 gradient (``bench_arrays.grad_wengert``) at batch 128 and
batch 1, the 3,000-op chain on 1-element arrays (``grad_bp(chain_wengert, x)``), and the
12,000-node scalar graph of ``bench_scalar`` (float arithmetic and the elementary
functions on the C fast path). The cases named ``jit ...`` time ``wengert.jit``'s
replays of ``benchmarks/bench_jit.py`` (from this tree): micrograd's demo step, ``eval_bp``
of the network at batch 1, the 3,000-op chain, and the network's gradient with the user's
sigmoid at batch 1, replayed and on a new ``wengert.jit``'s first call, and replayed at
batch 128 with the user's sigmoid and with ``wnp.logistic``/``wnp.log_softmax`` (``--case
jit`` selects them).
Forward mode's cases (``bench_forward``: ``jvp`` and ``hvp`` of the 784-300-100-10 loss
at batch 32, ``jacfwd`` 4 -> 1,000) run only when ``--case`` names them (``--case forward``).
The last column is NEW's time over OLD's: above 1 means NEW is slower. Each row also
gives the minor page faults per call. With glibc's default malloc, whether a freed large
buffer (the 784 x 300 weight gradient is 1.9 MB) is kept for reuse or handed back to the
system depends on the heap's layout, which any change to what is imported can shift;
a build that page-faults on every call is slower for that reason alone. ``--steady-malloc``
sets ``MALLOC_MMAP_THRESHOLD_`` and ``MALLOC_TRIM_THRESHOLD_`` for both workers, so that
freed buffers are reused and the two builds compare on computation alone.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # this script is in tools/
BENCHMARKS = os.path.join(REPO, "benchmarks")  # bench_arrays and timing
CASES = ("gradient, batch 128", "gradient, batch 1", "3000-op chain", "scalar graph",
         "jit micrograd step", "jit eval_bp, batch 1", "jit 3000-op chain", "jit gradient, batch 1",
         "jit first call, batch 1", "jit gradient, batch 128", "jit gradient wnp, batch 128",
         "jit gradient wnp, batch 1", "jit first call wnp, batch 1")
FORWARD_CASES = ("forward: jvp, batch 32", "forward: jacfwd 4 -> 1000", "forward: hvp, batch 32")


# -- worker: one build, answering "time this case this many times" ----------------------

def _this_trees_problem():
    """Load this tree's ``wengert/examples/network.py`` (the benchmarks' problem, written with
    the public API only) as ``wengert.examples.network``, whatever the build has, so that
    both workers time the same problem and code."""
    import importlib.util

    import wengert  # noqa: F401  (the build under test)
    name = "wengert.examples.network"
    spec = importlib.util.spec_from_file_location(
        name, os.path.join(REPO, "src", "wengert", "examples", "network.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


def _case_functions():
    import numpy as np

    _this_trees_problem()
    import bench_arrays as ba
    import bench_scalar as bs
    import wengert as wg
    fns = {}
    for batch in (128, 1):
        net, x, t = ba.make_problem(batch)
        fns[f"gradient, batch {batch}"] = lambda net=net, x=x, t=t: ba.grad_wengert(net, x, t)
    x1 = np.array([0.3])
    fns["3000-op chain"] = lambda: wg.grad_bp(ba.chain_wengert, x1)
    fns["scalar graph"] = lambda: wg.grad_bp(lambda a, b: bs.graph_wengert(a, b, 1000), bs.A0, bs.B0)
    # an older commit may predate wengert.jit or forward mode: its worker then has no such
    # case, and asking it for one says so (the first-order cases compare any two commits)
    if hasattr(wg, "jit"):
        fns.update(_jit_case_functions())
    if hasattr(wg, "jacfwd"):
        import bench_forward as bf
        net, x, t, d = bf.network_problem()
        fns["forward: jvp, batch 32"] = lambda: bf.jvp_loss(net, x, t, d)
        fns["forward: hvp, batch 32"] = lambda: bf.hvp_loss(net, x, t, d)
        A, w = bf.wide_problem()
        jac = wg.jacfwd(lambda v: bf.wide(A, v))
        fns["forward: jacfwd 4 -> 1000"] = lambda: jac(w)
    return fns


def _jit_case_functions():
    import numpy as np

    import bench_arrays as ba
    import bench_jit as bj
    import wengert as wg
    params = bj.mlp_init()
    net1, x1, t1 = ba.make_problem(1)
    net128, x128, t128 = ba.make_problem(128)
    one = np.array([0.3])
    return {"jit micrograd step": lambda: bj.micrograd_step(bj.MICROGRAD_JIT, params),
            "jit eval_bp, batch 1": lambda: wg.eval_bp(bj.JIT_FORWARD, net1, x1),
            "jit 3000-op chain": lambda: bj.JIT_CHAIN(one),
            "jit gradient, batch 1": lambda: bj.JITTED["user sigmoid"](net1, x1, t1),
            "jit first call, batch 1": lambda: bj.first_call(bj.loss_user_numpy, net1, x1, t1),
            "jit gradient, batch 128": lambda: bj.JITTED["user sigmoid"](net128, x128, t128),
            "jit gradient wnp, batch 128": lambda: bj.JITTED["wnp.logistic/log_softmax"](net128, x128, t128),
            "jit gradient wnp, batch 1": lambda: bj.JITTED["wnp.logistic/log_softmax"](net1, x1, t1),
            "jit first call wnp, batch 1": lambda: bj.first_call(ba.loss_wengert, net1, x1, t1)}


def worker():
    sys.path.insert(0, BENCHMARKS)
    fns = _case_functions()
    for line in sys.stdin:
        request = json.loads(line)
        fn = fns.get(request["case"])
        if fn is None:
            raise SystemExit(f"this build has no case {request['case']!r} (its wengert predates it): "
                             "choose the cases both commits have with --case")
        number = request["number"]
        if number == 0:  # calibrate: calls per batch for about min_time seconds
            number = 1
            while True:
                start = time.perf_counter()
                for _ in range(number):
                    fn()
                if time.perf_counter() - start >= request["min_time"] or number >= 1 << 16:
                    break
                number *= 2
        clock = time.process_time if request.get("process_time") else time.perf_counter
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        start = clock()
        for _ in range(number):
            fn()
        elapsed = clock() - start
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
        print(json.dumps({"number": number, "seconds": elapsed / number, "faults": faults / number}),
              flush=True)


# -- parent: build, start the workers, alternate ---------------------------------------------

def _resolve(rev):
    return subprocess.check_output(["git", "-C", REPO, "rev-parse", "--verify", f"{rev}^{{commit}}"],
                                   text=True).strip()


def _build(rev, cache):
    """The ``src`` folder of a built export of ``rev`` (or of this tree for ``.``)."""
    if rev == ".":
        return os.path.join(REPO, "src")
    sha = _resolve(rev)
    root = os.path.join(cache, sha)
    stamp = os.path.join(root, ".built")
    if not os.path.exists(stamp):
        os.makedirs(root, exist_ok=True)
        with tempfile.TemporaryFile() as archive:
            subprocess.run(["git", "-C", REPO, "archive", "--format=tar", sha], stdout=archive, check=True)
            archive.seek(0)
            with tarfile.open(fileobj=archive) as tar:
                tar.extractall(root, filter="data")
        subprocess.run([sys.executable, "setup.py", "build_ext", "--inplace", "-q"], cwd=root, check=True,
                       stdout=subprocess.DEVNULL)
        open(stamp, "w").close()
    return os.path.join(root, "src")


class _Worker:
    def __init__(self, src, env_extra):
        env = dict(os.environ, PYTHONPATH=src, **env_extra)
        self.proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--worker"], env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=BENCHMARKS)

    def time(self, case, number, min_time=0.0, process_time=False):
        self.proc.stdin.write(json.dumps({"case": case, "number": number, "min_time": min_time,
                                          "process_time": process_time}) + "\n")
        self.proc.stdin.flush()
        reply = self.proc.stdout.readline()
        if not reply:
            raise RuntimeError(f"a benchmark worker exited (status {self.proc.wait()})")
        return json.loads(reply)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def compare(old, new, rounds=15, min_time=0.05, cache="/tmp/wengert-compare", env_extra=None, cases=CASES,
            process_time=False):
    """Rows of (case, build, seconds per call, ratio to OLD), the two builds timed in turns
    (``process_time``: each worker's CPU time, not the wall clock's)."""
    srcs = [_build(old, cache), _build(new, cache)]
    workers = [_Worker(src, env_extra or {}) for src in srcs]
    rows = []
    try:
        for case in cases:
            number = workers[0].time(case, 0, min_time)["number"]
            best = [float("inf"), float("inf")]
            faults = [[], []]
            for r in range(rounds):
                order = (0, 1) if r % 2 == 0 else (1, 0)  # neither build always goes first
                for w in order:
                    reply = workers[w].time(case, number, process_time=process_time)
                    best[w] = min(best[w], reply["seconds"])
                    faults[w].append(reply["faults"])
            label = [f"{which} {rev}, {sorted(f)[len(f) // 2]:.0f} faults/call"
                     for which, rev, f in (("old", old, faults[0]), ("new", new, faults[1]))]
            rows += [(case, label[0], best[0], 1.0), (case, label[1], best[1], best[1] / best[0])]
    finally:
        for w in workers:
            w.close()
    return rows


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--worker"]:
        return worker()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="a commit, e.g. 4876830")
    parser.add_argument("new", nargs="?", default=".", help="a commit, or . for this working tree (default)")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--cache", default="/tmp/wengert-compare")
    parser.add_argument("--case", action="append",
                        help="only the cases whose name contains this text (a whole name: that case); "
                             "may be given several times")
    parser.add_argument("--steady-malloc", action="store_true",
                        help="glibc: keep freed large buffers for reuse in both workers")
    parser.add_argument("--blas-threads", help="OPENBLAS_NUM_THREADS and OMP_NUM_THREADS for both workers")
    parser.add_argument("--process-time", action="store_true",
                        help="time each worker's CPU time, not the wall clock (a machine loaded by other "
                             "work: time spent waiting for a core is not counted)")
    args = parser.parse_args(argv)
    env_extra = {}
    if args.blas_threads:
        env_extra.update(OPENBLAS_NUM_THREADS=args.blas_threads, OMP_NUM_THREADS=args.blas_threads)
    if args.steady_malloc:
        env_extra.update(MALLOC_MMAP_THRESHOLD_=str(64 << 20), MALLOC_TRIM_THRESHOLD_=str(256 << 20))
    sys.path.insert(0, BENCHMARKS)
    from timing import print_table
    cases = list(CASES)
    if args.case is not None:
        cases = []
        for text in args.case:  # a case's whole name: that case alone ("gradient, batch 1", not the jit one)
            named = [text] if text in CASES + FORWARD_CASES else [c for c in CASES + FORWARD_CASES if text in c]
            cases += [c for c in named if c not in cases]
    print_table(compare(args.old, args.new, args.rounds, cache=args.cache, env_extra=env_extra, cases=cases,
                        process_time=args.process_time))


if __name__ == "__main__":
    main()
