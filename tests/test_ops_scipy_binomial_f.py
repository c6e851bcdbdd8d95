"""SciPy functions: the binomial, negative binomial and F distribution functions ``bdtr bdtrc
bdtri nbdtr nbdtrc nbdtri`` (in the probability; the counts refused) and ``fdtr fdtrc fdtri``
(in x or p and in the degrees of freedom).

``CASES`` are checked against central finite differences here (first order) and by
``tests/test_coverage.py`` (second order, both modes); ``tests/test_special_bdtr.py`` and
``tests/test_special_fdtr.py`` check them against mpmath, at the ends and where they refuse.
"""
import numpy as np
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.special as sc  # noqa: E402

from opcheck import case, gradient_test, rand  # noqa: E402

K = np.array([0, 2, 4])  # the counts are integers: a float n is deprecated by SciPy (a warning)
N = np.array([[5], [9]])
P = np.array([0.15, 0.5, 0.83])

CASES = [
    case(sc.bdtr, lambda p: sc.bdtr(K, N, p), P, id="bdtr-p"),
    case(sc.bdtrc, lambda p: sc.bdtrc(K, N, p), P, id="bdtrc-p"),
    case(sc.bdtri, lambda y: sc.bdtri(K, N, y), P, id="bdtri-y"),
    case(sc.bdtr, lambda p: sc.bdtr(2, np.int64(7), p), 0.37, id="bdtr-float"),
    case(sc.bdtri, lambda y: sc.bdtri(K, 6, y), np.zeros((0, 3)), id="bdtri-empty"),
    case(sc.nbdtr, lambda p: sc.nbdtr(K, N, p), P, id="nbdtr-p"),
    case(sc.nbdtrc, lambda p: sc.nbdtrc(K, N, p), P, id="nbdtrc-p"),
    case(sc.nbdtri, lambda y: sc.nbdtri(K, N, y), P, id="nbdtri-y"),
    case(sc.nbdtri, lambda y: sc.nbdtri(3, 1, y), np.array([0.42]), id="nbdtri-size-1"),
    case(sc.fdtr, sc.fdtr, rand((3,), 0.7, 8.0, seed=1), rand((2, 1), 0.7, 8.0, seed=2), rand((3,), 0.1, 4.0, seed=3),
         id="fdtr"),
    case(sc.fdtrc, sc.fdtrc, rand((3,), 0.7, 8.0, seed=4), 5.5, rand((2, 3), 0.1, 4.0, seed=5), id="fdtrc"),
    case(sc.fdtri, sc.fdtri, rand((3,), 0.7, 8.0, seed=6), rand((2, 1), 0.7, 8.0, seed=7), P, id="fdtri"),
    case(sc.fdtr, lambda x: sc.fdtr(3.0, 4.0, x), np.zeros((0,)), id="fdtr-empty"),
]

test_gradient = gradient_test(CASES)
