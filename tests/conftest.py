"""One BLAS thread for the tests.

OpenBLAS (NumPy's and SciPy's wheels each load their own copy) starts a thread per core and
hands even a 3x3 triangular solve to them: with more runnable threads than cores (CI runs two
lanes on two cores) each such call spun for milliseconds. scipy.linalg.solve_triangular of a
3x3 took 1 to 4.6 ms of CPU per call (SciPy 1.13 to 1.18) against 10 to 15 us on one thread;
tests/test_coverage.py -k "exp or sin or solve" took 62 s of CPU against 33 s (compiled core,
3.11; collection included), -k "sin or solve" on 3.13's pure core 51 s against 17 s. The tests'
matrices are small, and one thread computes the same numbers. Set with OpenBLAS's own call,
not OPENBLAS_NUM_THREADS: the processes the tests start (dask's workers, test_distributed)
would inherit the variable, and whether wengert.distributed sets it there is checked.

And mpmath's working precision is checked after every test (pytest_runtest_teardown, below).
"""
import ctypes
import sys

import numpy  # noqa: F401  (loads NumPy's OpenBLAS)
import pytest

try:
    import scipy.linalg  # noqa: F401  (and SciPy's)
except ImportError:
    pass

#: OpenBLAS's thread-count setters: scipy-openblas' (NumPy's 64-bit, SciPy's 32-bit), plain
#: OpenBLAS's (SciPy 1.13's wheels)
_SETTERS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
            "openblas_set_num_threads64_", "openblas_set_num_threads")


def _one_blas_thread():
    """Set every OpenBLAS loaded in this process to one thread; the libraries set (none where
    there is no /proc, off Linux: their default then)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split(None, 5)[-1].strip() for line in maps}
    except OSError:
        return []
    done = []
    for path in sorted(p for p in paths if "openblas" in p.rpartition("/")[2].lower()):
        lib = ctypes.CDLL(path)
        setter = next((getattr(lib, name) for name in _SETTERS if hasattr(lib, name)), None)
        if setter is not None:
            setter(1)
            done.append(path)
    return done


ONE_BLAS_THREAD = _one_blas_thread()


#: mpmath's default working precision (53 bits, mp.dps 15)
_MP_DEFAULT_PREC = 53


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item):
    """Each test leaves mpmath's working precision at its default (an error of the test where
    not, and the default set again): a test that sets ``mp.dps`` and does not restore it moves
    the precision of every test after it (a truth computed at 15 digits, or slow at 100), and
    which tests those are depends on the order and the selection. Use ``with mp.workdps(n):``.
    (After the fixtures' own teardown; a dictionary look-up per test where mpmath is loaded.)"""
    mpmath = sys.modules.get("mpmath")
    if mpmath is not None and mpmath.mp.prec != _MP_DEFAULT_PREC:
        dps = mpmath.mp.dps
        mpmath.mp.prec = _MP_DEFAULT_PREC
        raise AssertionError(f"{item.nodeid} left mpmath's mp.dps at {dps} (set it inside "
                             f"`with mp.workdps(...)`, which restores it)")
