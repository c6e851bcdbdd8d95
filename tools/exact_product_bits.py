"""The functions that take Dekker's exact product or Veltkamp's split (ops.elementwise.two_product, veltkamp_split and
their callers) at a few thousand random and extreme inputs, their outputs saved bit for bit: run it on two trees and
compare, to show a rewrite of those splits changed no bit.

Run: PYTHONPATH=OLD/src python tools/exact_product_bits.py save old.npz; PYTHONPATH=NEW/src python
tools/exact_product_bits.py save new.npz; python tools/exact_product_bits.py compare old.npz new.npz (each array's
bytes, signed zeros and NaN payloads included)."""
import sys
import warnings

import numpy as np


def _inputs(seed, n=3000):
    """Random floats of every magnitude and sign (log-uniform over the whole range), then the extremes: 0, -0, +-inf,
    NaN, the smallest subnormal, the largest float, 2^996 and beyond (where the split overflows), 1 and its
    neighbours, small integers and exact halves."""
    rng = np.random.default_rng(seed)
    with np.errstate(over="ignore"):
        random = rng.choice([-1.0, 1.0], n) * np.exp2(rng.uniform(-1074, 1024, n)) * rng.uniform(1, 2, n)
    moderate = rng.normal(size=n) * np.exp2(rng.integers(-60, 60, n))
    extremes = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
                         -1.7976931348623157e308, 2.0 ** 996, 2.0 ** 997, 2.0 ** 1000, 1.0, np.nextafter(1.0, 2.0),
                         np.nextafter(1.0, 0.0), 2.0, 3.0, 0.5, 0.1, 0.2, 0.4, 2.5, 1.0 / 3.0, -1.0 / 3.0, 1e-300, 1e300,
                         134217729.0, 2.0 ** 27, 2.0 ** -1022, 1e-17])
    return np.concatenate([random, moderate, extremes]).astype(float)


def outputs():
    from wengert.ops import elementwise as el, scipy_special_extra as sx
    from wengert.scipy.stats import _common as cm, _every_distribution as ed
    from wengert.scipy import stats
    a, b, c = _inputs(1), _inputs(2), _inputs(3)
    n = min(len(a), len(b), len(c))
    a, b, c = a[:n], b[:n], c[:n]
    out = {}
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out["two_product"] = np.stack(el.two_product(a, b))
        out["product_exponent"] = np.stack(cm._product_exponent(a, b, 1.0))
        out["product_exponent_k2"] = np.stack(cm._product_exponent(a, b, 2.0))
        out["product_excess"] = cm._product_excess(a, b, 1.0)
        for j in (1, 2, 3):
            for k in (0.0, 1.0, 2.0):
                for r in (False, True):
                    out[f"exponent_pair_{j}_{k}_{r}"] = np.stack(cm._exponent_pair(j, a, k, reciprocal=r))
        out["one_minus_product"] = np.asarray(cm._one_minus_product(a, b))
        out["one_minus_product_near_1"] = np.asarray(cm._one_minus_product(a, 1.0 / a))
        out["product_error"] = ed._product_error(a, b)
        out["branch_offset"] = sx._offset_from_branch_point(np.concatenate([a, -1.0 / np.e + 1e-3 * c]))
        # (scaled_power's value: x of every magnitude, exponents and factors that leave the range apart)
        x = np.abs(a)
        e = np.concatenate([b[: n // 2] * 1e-300, np.clip(b[n // 2:], -1e4, 1e4)])
        out["scaled_power"] = el._scaled_power_value(x, e, c, np.abs(b[::-1]) + 0.5, 1.0, 1e-17 * c[::-1])
        out["scaled_power_small_e"] = el._scaled_power_value(x, np.clip(b * 1e-290, -3, 3), 1e200, 1e-250, 1.0, 0.0)
        # (_complex_power's subnormal and huge moduli)
        z = (a * 1e-300 + 1j * b * 1e-300)
        out["complex_power"] = el._complex_power(np.where(np.isfinite(z) & (z != 0), z, 1.0 + 0j), np.clip(c, -3, 3),
                                                 1e-17 * c, 1.0)
        # (crystalball's quantile near the median: beta's exact square)
        q = np.clip(np.abs(c) % 1.0, 1e-12, 1 - 1e-12)
        beta = 0.1 + np.abs(b) % 20.0
        out["crystalball_ppf"] = np.asarray([stats.crystalball.ppf(qq, bb, 3.0) for qq, bb in zip(q[:600], beta[:600])])
        out["crystalball_isf"] = np.asarray([stats.crystalball.isf(qq, bb, 3.0) for qq, bb in zip(q[:600], beta[:600])])
    return out


def main(argv):
    if argv[1] == "save":
        np.savez(argv[2], **outputs())
    else:
        old, new = np.load(argv[2]), np.load(argv[3])
        bad = [k for k in old.files if old[k].tobytes() != new[k].tobytes()]
        print(f"{len(old.files)} arrays, {sum(old[k].size for k in old.files)} values;",
              "every bit equal" if not bad and set(old.files) == set(new.files) else f"DIFFERENT: {bad}")


if __name__ == "__main__":
    main(sys.argv)
