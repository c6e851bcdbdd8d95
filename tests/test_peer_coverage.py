"""``tools/peer_coverage.py``: every function autograd's and JAX's own test suites
differentiate (``tools/peer_functions.py``, read from their tests) works on wengert, or is a
conversion wengert refuses by design with a clear error."""
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import peer_coverage  # noqa: E402


def test_every_peer_row_passes(capsys):
    assert peer_coverage.main([]) == 0, capsys.readouterr().out


def test_a_row_that_fails_is_reported(monkeypatch, capsys):
    """The tool is not vacuous: a wrong gradient and a missing function are both counted."""
    rows = [("wrong-sin", "test", "grad", "lambda x: np.sin(wg.stop_gradient(x)) + 0.0 * x", "(R(3),)"),
            ("missing", "test", "grad", "lambda x: np.add.reduceat(x, [0, 2]) * x[0]", "(R(3),)")]
    monkeypatch.setattr(peer_coverage, "ROWS", rows)
    assert peer_coverage.main([]) == 1
    out = capsys.readouterr().out
    assert "wrong   wrong-sin" in out and "raises  missing" in out


@pytest.mark.parametrize("kind", ["value", "refused"])
def test_value_and_refused_rows(kind, monkeypatch):
    rows = [("argmax", "test", "value", "np.argmax", "(R(3),)"),
            ("item", "test", "refused", "lambda x: x.item()", "(R(1),)")]
    monkeypatch.setattr(peer_coverage, "ROWS", [r for r in rows if r[2] == kind])
    assert peer_coverage.main([]) == 0
