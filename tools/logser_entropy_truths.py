"""mpmath truths for logser.entropy (tests/test_stats_logser_entropy.py, session 54): ``-sum_k f_k log f_k`` at 50
digits, the pmf by its ratio ``f_(k+1) = f_k p k / (k + 1)`` from ``f_1 = p / L``, ``L = -log(1 - p)`` (independent of
wengert's log pmf and of its tail bound), summed until the terms are below 1e-70; the first and second derivatives in p
by mp.diff (its steps at 50 digits raised by mpmath: the sum's truncation at 1e-70 is below what they amplify). Run:
python tools/logser_entropy_truths.py 0.5 1e-3 ..."""
import sys

import mpmath as mp

mp.mp.dps = 50


def entropy(p):
    f, total, k = p / -mp.log1p(-p), mp.mpf(0), 1
    while True:
        total -= f * mp.log(f)
        if f < mp.mpf(10) ** -70:
            return total
        f *= p * k / (k + 1)
        k += 1


if __name__ == "__main__":
    for s in sys.argv[1:]:
        p = mp.mpf(s)
        jet = [float(mp.diff(entropy, p, n)) for n in range(3)]
        print(f"    ({float(s)!r}, {jet[0]!r}, {jet[1]!r}, {jet[2]!r}),", flush=True)
