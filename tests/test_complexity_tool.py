"""``tools/complexity.py`` counts McCabe's cyclomatic complexity as radon's ``cc`` does."""
import ast
import pathlib
import sys

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


def test_the_largest_function_of_the_package_is_reported_first(capsys):
    assert complexity.main([str(ROOT / "src" / "wengert"), "--top", "1"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert complexity.main([str(ROOT / "src" / "wengert"), "--top", "0", "--over", "1"]) == 1
