"""``python -m wengert``: the tour prints each step's code, then that code's output."""
import subprocess
import sys

from wengert.__main__ import STEPS


def test_the_tour_shows_the_code_it_runs_beside_its_output():
    out = subprocess.run([sys.executable, "-m", "wengert"], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    position = 0
    for number, (title, code) in enumerate(STEPS, 1):
        header = f"\n{number}. {title}\n"
        position = text.index(header, position)
        for line in code.strip("\n").splitlines():  # every line of the code, as run
            position = text.index(line, position)
        position = text.index("\n  -> ", position)
    assert "  -> d = 28.0, dd/da = 11.0, dd/db = 4.0\n" in text
    assert "gradient: a Net with fields w1(8, 20), b1(20,), w2(20, 4), b2(4,)" in text
