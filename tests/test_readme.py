"""The README's examples run, and the outputs it shows are the outputs the code gives."""
import contextlib
import io
import pathlib
import re

import pytest

README = (pathlib.Path(__file__).parent.parent / "README.md").read_text()
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", README, flags=re.S)
PYTHON = [code for lang, code in BLOCKS if lang == "python"]


def _runnable(code):
    # The optimizer loop is a sketch over the reader's own `params` and `batches`.
    return "batches" not in code


def test_python_examples_run_in_order():
    # Like a reader's session: later snippets use names the earlier ones defined.
    namespace = {"__name__": "readme"}
    for code in filter(_runnable, PYTHON):
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(code, "README.md", "exec"), namespace)
    assert type(namespace["g"]).__name__ == "Deep"  # the lens example's gradient


def test_the_drawn_graph_is_what_viz_gives():
    import wengert as wg
    dot = next(code for lang, code in BLOCKS if lang == "dot")
    assert wg.viz.to_dot(lambda a, b: a * (a + b), 4.0, 3.0).strip() == dot.strip()
