"""Where the test suite's time goes: per file and per test function, from pytest's JUnit XML.

Run the suite with ``--junitxml=FILE`` (each test case's ``time`` attribute is its setup,
call and teardown), then::

    python tools/test_times.py FILE [--top N] [--file tests/test_jit.py]

prints the total, the files by time and the test functions by time (a function's
parametrizations summed, with their count and the slowest one). ``--file`` restricts the
function table to one file; ``--cases`` lists the slowest single tests instead.

>>> _function("test_coverage.test_forward_over_forward[exp-float]")
'test_forward_over_forward'
"""
import argparse
import collections
import xml.etree.ElementTree as ET


def _function(name):
    """A test's function name without its parametrization."""
    return name.partition("[")[0]


def _file(classname):
    """``tests.test_jit`` or ``tests.test_jit.TestX`` -> ``tests/test_jit.py``."""
    parts = classname.split(".")
    while len(parts) > 1 and parts[-1][:1].isupper():
        parts.pop()  # a test class
    return "/".join(parts) + ".py"


def read(path):
    """(file, function, test name, seconds) for every test case of the JUnit XML at ``path``."""
    rows = []
    for tc in ET.parse(path).getroot().iter("testcase"):
        rows.append((_file(tc.get("classname", "")), _function(tc.get("name", "")), tc.get("name", ""),
                     float(tc.get("time", 0.0))))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("xml")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--file", help="only this file's functions (tests/test_x.py)")
    parser.add_argument("--cases", action="store_true", help="the slowest single tests")
    args = parser.parse_args(argv)
    rows = read(args.xml)
    total = sum(r[3] for r in rows)
    print(f"{len(rows)} tests, {total:.0f} s")
    if args.cases:
        for f, _, name, t in sorted(rows, key=lambda r: -r[3])[:args.top]:
            print(f"{t:8.2f}  {f}::{name}")
        return
    if not args.file:
        files = collections.Counter()
        counts = collections.Counter()
        for f, _, _, t in rows:
            files[f] += t
            counts[f] += 1
        print("\n   s      %  tests  file")
        for f, t in files.most_common(args.top):
            print(f"{t:7.1f} {100 * t / total:5.1f} {counts[f]:6d}  {f}")
    funcs = collections.defaultdict(list)
    for f, fn, name, t in rows:
        if not args.file or f == args.file:
            funcs[(f, fn)].append((t, name))
    print("\n   s      %  tests  max s  function")
    for (f, fn), ts in sorted(funcs.items(), key=lambda kv: -sum(t for t, _ in kv[1]))[:args.top]:
        s = sum(t for t, _ in ts)
        print(f"{s:7.1f} {100 * s / total:5.1f} {len(ts):6d} {max(ts)[0]:6.2f}  {f}::{fn}")


if __name__ == "__main__":
    main()
