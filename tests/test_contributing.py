"""CONTRIBUTING.md's worked example is the code as it is: its rule line, its test case and
its layer list match the source, so the guide cannot drift from what it describes."""
import pathlib
import re

import numpy as np

from test_layering import LAYERS

ROOT = pathlib.Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "CONTRIBUTING.md").read_text()


def _code_lines(language):
    blocks = re.findall(rf"```{language}\n(.*?)```", GUIDE, re.S)
    return [line.split("  #")[0].strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_the_worked_example_is_the_code():
    rule, case = _code_lines("python")
    assert rule in (ROOT / "src/wengert/ops/elementwise.py").read_text()
    assert case.rstrip(",") in (ROOT / "tests/test_ops_elementwise.py").read_text()
    row = re.search(r'^    (Elementary\("arcsinh".*\n.*)$', GUIDE, re.M).group(1)  # the scalar fast path
    assert row in (ROOT / "src/wengert/_elementary.py").read_text()
    import wengert.numpy as wnp  # the name comes from the declaration alone
    assert wnp.supported()["expm1"] == "gradient" and wnp.expm1.plain is np.expm1


def test_the_layers_in_the_guide_are_the_tested_ones():
    steps = re.findall(r"^\d\. (.*(?:\n   .*)*)", GUIDE.split("## The layering")[1], re.M)
    named = [re.sub(r"^wengert\.", "", n) for step in steps for token in re.findall(r"`([^`]+)`", step)
             for n in token.split("/") if n != "*"]
    tops = [n.split(".")[0] for n in LAYERS]
    assert set(named) == set(tops), "CONTRIBUTING.md's list of layers and tests/test_layering.py's LAYERS differ"
    order = {n: i for i, n in reversed(list(enumerate(tops)))}  # the first place of each top name
    listed = sorted(set(named), key=named.index)
    assert listed == sorted(listed, key=order.get), "CONTRIBUTING.md lists the layers out of order"
