"""``tools/complexity.py`` counts McCabe's cyclomatic complexity as radon's ``cc`` does."""
import ast
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import complexity  # noqa: E402

SOURCE = '''
def a(x):
    def inner(y):
        if y: return 1
        return 2
    return inner(x)

def b(x):
    with x: pass
    assert x
    return [i for i in x if i] and x or 3

def c(x):
    try:
        pass
    except A:
        pass
    except B:
        pass
    else:
        pass
    while x:
        break
    else:
        pass
    return 1 if x else 2

class K:
    def m(self, x):
        for i in x:
            if i and x:
                return lambda: 1 if i else 2
'''


def test_counts_agree_with_radon_on_each_kind_of_branch():
    # the figures radon 6.0.1 gives for these functions (radon cc -s)
    found = {name: cc for name, _, cc in complexity.functions(ast.parse(SOURCE))}
    assert found == {"a": 1, "a.inner": 2, "b": 6, "c": 7, "K.m": 5}


def test_the_largest_function_of_the_package_is_reported_first(capsys, monkeypatch):
    # The package measured once for both calls (each main() measured it again: half of this
    # test's ~6 s, in every CI step); main() must still hand it its folder.
    package = str(ROOT / "src" / "wengert")
    rows = complexity.measure([package])
    assert rows
    monkeypatch.setattr(complexity, "measure", lambda folders: rows if folders == [package] else pytest.fail(folders))
    assert complexity.main([package, "--top", "1"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{rows[0][0]:4d}  {rows[0][1]}"]
    assert complexity.main([package, "--top", "0", "--over", "1"]) == 1
