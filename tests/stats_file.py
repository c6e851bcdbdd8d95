"""The head of a test file of one ``scipy.stats`` distribution (``tests/test_stats_NAME.py``), imported first: it
skips the file where SciPy is not installed, and gives ``ST`` (``scipy.stats``), ``TAILS`` (the six tails) and
``distribution(name)``, wengert's distribution and ``_f(method)``, its method of that name."""
import pytest

pytest.importorskip("scipy.special", reason="SciPy is not installed: it is the optional "
                    'extra of wengert (pip install "wengert[scipy]")')
import scipy.stats as ST  # noqa: E402,F401  (for the files that compare with SciPy)

from opcheck import STATS_TAILS as TAILS  # noqa: E402,F401
from wengert.scipy import stats  # noqa: E402


def distribution(name):
    """``(T, _f)``: ``wengert.scipy.stats.NAME`` and ``_f(method)``, its method named ``method``."""
    T = getattr(stats, name)

    def method(m):
        return getattr(T, m)
    return T, method
