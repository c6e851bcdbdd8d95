"""Run many random programs through the property checks and count the mismatches.

The long run of ``tests/test_property.py``: where hypothesis stops at the first failure
and shrinks it, this runs ``--programs`` programs drawn from consecutive seeds and reports
how many ran, how many failed, and the first few failing programs in full.

    python tools/property_run.py --programs 3000
    python tools/property_run.py --programs 3000 --jit   # wg.jit's replays, bit for bit
"""
import argparse
import collections
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests"))

from programs import RandomChooser, check_program, check_program_replay, draw_program  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=1000, help="how many programs (default 1000)")
    parser.add_argument("--first-seed", type=int, default=0, help="seed of the first program")
    parser.add_argument("--show", type=int, default=3, help="failing programs to print in full")
    parser.add_argument("--jit", action="store_true",
                        help="check wg.jit's replays against fresh recordings instead (bit for bit)")
    args = parser.parse_args(argv)
    failures, kinds = [], collections.Counter()
    start = time.perf_counter()
    for seed in range(args.first_seed, args.first_seed + args.programs):
        program = draw_program(RandomChooser(seed))
        try:
            (check_program_replay if args.jit else check_program)(program, seed)
        except Exception as e:  # an error is a mismatch too: it is reported, not hidden
            failures.append((seed, e))
            kinds[type(e).__name__] += 1
    seconds = time.perf_counter() - start
    print(f"programs run: {args.programs} (seeds {args.first_seed}..{args.first_seed + args.programs - 1}), "
          f"mismatches: {len(failures)} {dict(kinds)}, {seconds:.0f} s")
    for seed, e in failures[:args.show]:
        print(f"\n--- seed {seed}: {type(e).__name__}: {e}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
