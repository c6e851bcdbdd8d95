"""No test module imports mpmath when it is imported, read from the source with ``ast``.

mpmath is in the ``test`` extra (CI installs it in every step), but the suite must run
where it is missing too (``pip install . pytest`` and ``python -m pytest``): there one
``import mpmath`` at module level fails the collection of the whole run
(``ModuleNotFoundError``, exit code 2), not one test. A test
that needs mpmath asks for it inside itself, ``mp = pytest.importorskip("mpmath")``, or
imports it in a helper it calls; a module-level ``pytest.importorskip("mpmath")`` is
refused too, since it would skip every test of the module where mpmath is missing.
"""
import ast
import pathlib

import pytest

TESTS = pathlib.Path(__file__).resolve().parent
#: Packages the tests may use that a plain ``pip install . pytest`` does not install.
OPTIONAL = ("mpmath",)
_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
_IMPORTERS = {"import_module", "__import__"}  # importlib.import_module("mpmath"), __import__(...)


def _catches_import_error(handler):
    if any(isinstance(stmt, ast.Raise) for stmt in handler.body):
        return False  # (except ImportError: raise) lets the error through: no guard
    if handler.type is None:
        return True
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(t, ast.Name) and t.id in _IMPORT_ERRORS for t in types)


def _run_at_import(node, guarded=False):
    """``(node, guarded)`` for every node that runs when the module is imported (function
    bodies do not; class bodies do); ``guarded``: inside a ``try`` that catches ImportError."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            # its decorators and default values run when it is defined, its body later
            args = child.args
            for part in getattr(child, "decorator_list", []) + args.defaults + args.kw_defaults:
                if part is not None:
                    yield part, guarded
                    yield from _run_at_import(part, guarded)
            continue
        yield child, guarded
        if isinstance(child, ast.Try):
            inner = guarded or any(_catches_import_error(h) for h in child.handlers)
            for stmt in child.body:
                yield stmt, inner
                yield from _run_at_import(stmt, inner)
            for part in child.handlers + child.orelse + child.finalbody:
                yield part, guarded
                yield from _run_at_import(part, guarded)
        else:
            yield from _run_at_import(child, guarded)


def _is_optional(name):
    return isinstance(name, str) and name.split(".")[0] in OPTIONAL


def imports_at_import_time(source):
    """The lines of ``source`` that import an optional package when the module is imported:
    ``import mpmath`` / ``from mpmath import ...`` outside functions (and outside a ``try``
    that catches ImportError and does not raise again), ``importlib.import_module("mpmath")``
    and ``__import__("mpmath")`` the same, and ``pytest.importorskip("mpmath")`` outside
    functions; a function's decorators and default values run at import."""
    found = set()
    for node, guarded in _run_at_import(ast.parse(source)):
        if isinstance(node, ast.Import) and not guarded:
            if any(_is_optional(alias.name) for alias in node.names):
                found.add(node.lineno)
        elif isinstance(node, ast.ImportFrom) and not guarded:
            if node.level == 0 and _is_optional(node.module):
                found.add(node.lineno)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if (node.args and isinstance(node.args[0], ast.Constant) and _is_optional(node.args[0].value)
                    and (name == "importorskip" or (name in _IMPORTERS and not guarded))):
                found.add(node.lineno)
    return sorted(found)


def check_test_modules(directory):
    bad = [f"{path.name} line {line}" for path in sorted(directory.glob("*.py"))
           for line in imports_at_import_time(path.read_text(encoding="utf-8"))]
    assert not bad, (
        f"these test modules import {', '.join(OPTIONAL)} at module level, which fails the "
        "collection of the whole run where it is not installed (CI's first step): ask for "
        f"it inside the test, mp = pytest.importorskip({OPTIONAL[0]!r}): {bad}")


def test_no_test_module_imports_mpmath_at_module_level():
    check_test_modules(TESTS)


@pytest.mark.parametrize("source", [
    "import mpmath\n",
    "import mpmath as mp\n",
    "import numpy, mpmath.libmp\n",
    "from mpmath import mp, mpf\n",
    "if True:\n    import mpmath\n",
    "class Truths:\n    import mpmath\n",
    "try:\n    import mpmath\nexcept KeyError:\n    pass\n",
    "mp = pytest.importorskip('mpmath')\n",
    "import pytest\nfrom pytest import importorskip\nmp = importorskip('mpmath')\n",
    "with open(__file__):\n    from mpmath import mpf\n",
    "import importlib\nmp = importlib.import_module('mpmath')\n",
    "mp = __import__('mpmath')\n",
    "@pytest.mark.skipif(not pytest.importorskip('mpmath'), reason='')\ndef test_a():\n    pass\n",
    "def test_a(mp=pytest.importorskip('mpmath')):\n    pass\n",
    "def test_a(*, mp=__import__('mpmath')):\n    pass\n",
    "try:\n    import mpmath\nexcept ImportError:\n    raise\n",
    "try:\n    import mpmath\nexcept ImportError as e:\n    raise RuntimeError('no mpmath') from e\n",
])
def test_the_check_sees_an_import_at_module_level(source):
    line = next(i for i, text in enumerate(source.splitlines(), 1) if "mpmath" in text)
    assert imports_at_import_time(source) == [line]


@pytest.mark.parametrize("source", [
    "def truth():\n    import mpmath\n    return mpmath.mpf(1)\n",
    "def test_a():\n    mp = pytest.importorskip('mpmath')\n",
    "class TestA:\n    def test_b(self):\n        from mpmath import mpf\n",
    "try:\n    import mpmath\nexcept ImportError:\n    mpmath = None\n",
    "try:\n    import mpmath\nexcept (ModuleNotFoundError, KeyError):\n    mpmath = None\n",
    "f = lambda: __import__('mpmath')\nimport mpmath_extra_package_name_that_differs\n",
    "import numpy as np\nsc = pytest.importorskip('scipy.special')\n",
    "def test_a(n=3):\n    mp = importlib.import_module('mpmath')\n",
    "try:\n    mp = importlib.import_module('mpmath')\nexcept ImportError:\n    mp = None\n",
])
def test_the_check_allows_an_import_inside_a_function_or_guarded(source):
    assert imports_at_import_time(source) == []


def test_the_check_fails_on_a_planted_test_module(tmp_path):
    (tmp_path / "test_fine.py").write_text("def test_a():\n    import mpmath\n")
    check_test_modules(tmp_path)
    # the module-level import of last session's tests/test_gamma_shape_large_a.py
    (tmp_path / "test_planted.py").write_text('"""Doc."""\nimport math\n\nimport mpmath as mp\n')
    with pytest.raises(AssertionError, match=r"mpmath at module level.*test_planted\.py line 4"):
        check_test_modules(tmp_path)
