"""The typed usage example runs (CI also checks it with mypy --strict)."""
import numpy as np

import typing_example


def test_the_typed_usage_example_runs():
    p, total = typing_example.main()
    assert type(p) is typing_example.Params
    assert np.isfinite(total)
