"""Property-based tests: random programs composed from the registry, checked end to end.

Each example is a :class:`programs.Program` (random shapes with broadcasting, structured
arguments, reused inputs) checked by :func:`programs.check_program`: values, gradients
and Hessian-vector products against central differences, forward mode against
reverse mode, and ``wg.jit``'s replays against fresh recordings, bit for bit. CI runs a bounded number of examples (derandomized, so every run checks
the same programs); ``WENGERT_PROPERTY_EXAMPLES=N`` runs more, with fresh random
programs. ``python tools/property_run.py`` runs thousands and counts mismatches
without stopping at the first.
"""
import os

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis", reason="the property tests need hypothesis (pip install '.[test]')")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import wengert.numpy as wnp  # noqa: E402
from programs import (HypothesisChooser, RandomChooser, check_program, check_program_replay,  # noqa: E402
                      covered_functions, draw_program)

EXAMPLES = int(os.environ.get("WENGERT_PROPERTY_EXAMPLES", "0"))

property_settings = settings(
    max_examples=EXAMPLES or 150,
    derandomize=not EXAMPLES,          # CI: the same programs every run; long runs: fresh ones
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@property_settings
@given(st.data(), st.integers(0, 2 ** 31 - 1))
def test_random_programs_have_exact_derivatives(data, seed):
    check_program(draw_program(HypothesisChooser(data)), seed)


@settings(property_settings, max_examples=EXAMPLES or 60)
@given(st.data(), st.integers(0, 2 ** 31 - 1))
def test_random_programs_replay_as_recorded(data, seed):
    check_program_replay(draw_program(HypothesisChooser(data)), seed)


def test_programs_only_use_functions_wengert_supports():
    supported = wnp.supported()
    unknown = sorted(n for n in covered_functions() if supported.get(n) not in ("gradient",))
    assert not unknown, f"programs use functions without rules of every order: {unknown}"


@pytest.mark.parametrize("seed", range(3))
def test_the_checker_catches_a_wrong_rule(seed, monkeypatch):
    """A deliberately wrong rule (sin's derivative off by 1%) must be caught."""
    from wengert.primitive import lookup
    program = draw_program(RandomChooser(seed))
    program.steps.insert(0, (np.sin, (0,), "np.sin({0})"))
    program.output.append((1.0, len(program.shapes)))
    _shift_indices(program)
    check_program(program, seed)            # right as it stands
    prim = lookup(np.sin)
    monkeypatch.setitem(prim.vjps, 0, lambda ans, x: lambda g: g * np.cos(x) * 1.01)
    with pytest.raises(AssertionError, match="check failed"):
        check_program(program, seed)


def _shift_indices(program):
    """After inserting a step first, the later steps' operands past the inputs move up by one."""
    n = len(program.shapes)
    fixed = [program.steps[0]]
    for fn, operands, text in program.steps[1:]:
        fixed.append((fn, tuple(i + 1 if i >= n else i for i in operands), text))
    program.steps[:] = fixed
    program.output[:] = [(w, i + 1 if (i >= n and k < len(program.output) - 1) else i)
                         for k, (w, i) in enumerate(program.output)]
