"""wengert.viz draws the tape: nodes labelled with op and shape, edges along dependencies."""
import numpy as np

import wengert as wg


def test_seed_graph():
    dot = wg.viz.to_dot(lambda a, b: a * (a + b), 4.0, 3.0)
    assert dot.startswith("digraph wengert {") and dot.rstrip().endswith("}")
    assert 'n0 [label="a\\n4", shape=ellipse]' in dot
    assert 'n2 [label="add\\n7"' in dot and 'n3 [label="mul\\n28"' in dot
    for edge in ("n0 -> n2", "n1 -> n2", "n0 -> n3", "n2 -> n3"):
        assert edge in dot
    assert dot.count("->") == 4


def test_array_graph_names_numpy_ops_and_shapes():
    dot = wg.viz.to_dot(lambda w, x: np.sum(np.tanh(w @ x)), np.ones((2, 3)), np.ones(3))
    assert "numpy.matmul\\nndarray (2,)" in dot and "numpy.tanh" in dot and "numpy.sum" in dot


def test_record_views_are_labelled():
    dot = wg.viz.to_dot(lambda d: d["w"] * 2.0, {"w": 1.5})
    assert "['w']" in dot
