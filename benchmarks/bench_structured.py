"""Reading one field of a wide record: the cost per read stays flat as the record grows.

A dataclass with 1, 10 or 100 array fields (4 floats each). The function reads its last
field 1,000 times (``rec.f99`` for 100 fields) and hands every read to one lifted op, so that the backward pass
visits every read; the whole gradient (forward, backward, and the gradient record with
zeros for the untouched fields) divided by 1,000 is the cost of one read. backprop pays
O(fields) per read here (its documented "dominating source of overhead"); wengert keeps
per-field cotangents, so the 100-field time should be within 1.5x of the 1-field time (a
figure of `tools/report.py`, not a timed test: CI runs on shared, noisy machines).
The fields of an argument are leaves of their own, read from a cache; the fields of a
record made inside the function (here by ``set_var``) are read through view nodes whose
cotangents hold one field each, so both cases are timed.
For comparison, the same reads through a user-lifted getter whose gradient is a whole
zero-filled record (backprop's lens rule, ``set l d (zero x)``) are timed too.

Run ``python benchmarks/bench_structured.py`` for the table, measured in one interleaved
run, or ``python -m pytest benchmarks/bench_structured.py --benchmark-only``.
"""
from dataclasses import make_dataclass

import numpy as np
import pytest

import wengert as wg
from timing import interleaved_best, print_table

READS = 1000
FIELD_COUNTS = (1, 10, 100)
FIELD_SIZE = 4


def make_record(n_fields):
    cls = make_dataclass(f"Record{n_fields}", [(f"f{i}", np.ndarray) for i in range(n_fields)])
    return cls(*(np.full(FIELD_SIZE, float(i + 1)) for i in range(n_fields)))


def _mean_of_firsts(*xs):
    """The mean of the first elements of the reads: one node for all of them."""
    def grad(d):
        g = np.zeros(FIELD_SIZE)
        g[0] = d / len(xs)
        return (g,) * len(xs)  # one shared array: add never writes into its arguments
    return sum(x[0] for x in xs) / len(xs), grad


mean_of_firsts = wg.op_n(_mean_of_firsts)
# backprop's rule for a lens read: the part's cotangent set into a zero of the whole record.
dense_reads = {f"f{n - 1}": wg.op1(lambda r, k=f"f{n - 1}": (getattr(r, k), lambda d: wg.set_var(wg.zero(r), k, d)))
               for n in FIELD_COUNTS}


def _last_field(rec):
    return f"f{len(wg.fields(rec)) - 1}"


def read_field(rec):
    name = _last_field(rec)
    return mean_of_firsts(*[getattr(rec, name) for _ in range(READS)])  # rec.f99, 1,000 times


def read_field_of_intermediate(rec):
    """The same reads from a record made inside the function (``set_var`` returns a new
    record Var), whose fields are read through view nodes with per-field cotangents."""
    rec = wg.set_var(rec, "f0", rec.f0 * 1.0)
    name = _last_field(rec)
    return mean_of_firsts(*[getattr(rec, name) for _ in range(READS)])


def read_field_dense(rec):
    read = dense_reads[_last_field(rec)]
    return mean_of_firsts(*[read(rec) for _ in range(READS)])


def ratio_table():
    """Rows of (case, implementation, seconds per read, ratio to the 1-field record)."""
    records = {n: make_record(n) for n in FIELD_COUNTS}
    best = {}
    # Many short rounds for the flat case (the ratio that matters); the dense reads of
    # a 100-field record take about a second a call, so they get fewer.
    for kind, fn, rounds in (("wengert", read_field, 30), ("views", read_field_of_intermediate, 30),
                             ("dense", read_field_dense, 3)):
        best.update(interleaved_best([(f"{kind} {n}", wg.grad_bp, (fn, records[n])) for n in FIELD_COUNTS],
                                     rounds=rounds, min_time=0.02))
    rows = []
    for kind, label in (("wengert", "wengert, the argument's fields"),
                        ("views", "wengert, a record made in f"),
                        ("dense", "dense cotangent per read (backprop's rule)")):
        ref = best[f"{kind} 1"] / READS
        for n in FIELD_COUNTS:
            sec = best[f"{kind} {n}"] / READS
            rows.append((f"one field read, record of {n} fields", label, sec, sec / ref))
    return rows


def main():
    print_table(ratio_table(), unit="us")  # time per read; ratio to the 1-field record


# -- pytest-benchmark ----------------------------------------------------------------------

@pytest.mark.parametrize("n_fields", FIELD_COUNTS)
def test_field_read(benchmark, n_fields):
    rec = make_record(n_fields)
    benchmark.group = f"gradient of {READS} reads of one field"
    benchmark(wg.grad_bp, read_field, rec)


def test_field_read_gradient_is_right():
    for n in FIELD_COUNTS:
        rec = make_record(n)
        for fn in (read_field, read_field_of_intermediate, read_field_dense):
            g = wg.grad_bp(fn, rec)
            assert type(g) is type(rec)
            np.testing.assert_allclose(getattr(g, f"f{n - 1}"), [1.0, 0.0, 0.0, 0.0], rtol=1e-12)
            assert all(not getattr(g, f"f{i}").any() for i in range(n - 1))


if __name__ == "__main__":
    main()
