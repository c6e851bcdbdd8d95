"""tools/report.py: module loading, the Markdown table and the bar chart (on fake rows)."""
import importlib.util
import sys
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[1] / "tools"


@pytest.fixture(scope="module")
def report():
    if not (TOOLS / "report.py").exists():
        pytest.skip("needs the source tree's tools/ folder")
    spec = importlib.util.spec_from_file_location("bench_report", TOOLS / "report.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ROWS = [("net gradient, batch 1", "hand-written NumPy", 2.5e-4, 1.0),
        ("net gradient, batch 1", "wengert", 5.0e-4, 2.0),
        ("chain", "wengert us/op", 1.25, None)]


def test_a_missing_module_is_a_clear_error_not_skipped(report):
    with pytest.raises(SystemExit, match=r"benchmark module 'bench_nope' not found.*--modules"):
        report.main(["--modules", "bench_arrays", "bench_nope"])


def test_the_markdown_table_gives_times_and_ratios(report):
    text = report.markdown([("bench_fake", ROWS)], "header line")
    assert text.splitlines()[0] == "header line"
    assert "| bench_fake | net gradient, batch 1 | hand-written NumPy | 250 µs | 1.00x |" in text
    assert "| bench_fake | net gradient, batch 1 | wengert | 500 µs | 2.00x |" in text
    assert "| bench_fake | chain | wengert us/op | 1.25 |  |" in text


def test_the_bar_chart_is_a_png(report, tmp_path):
    pytest.importorskip("matplotlib")
    report.bar_chart([("bench_fake", ROWS)], tmp_path / "r.png", "header")
    assert (tmp_path / "r.png").read_bytes()[:4] == b"\x89PNG"


def test_png_without_matplotlib_fails_before_running_anything(report, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(SystemExit, match=r'--png needs matplotlib.*wengert\[plot\]'):
        report.main(["--modules", "bench_arrays", "--png", "x.png"])
