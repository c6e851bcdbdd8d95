"""Cyclomatic complexity of every function under a folder, largest first (the standard library only).

``python tools/complexity.py [FOLDER ...] [--top N] [--over K]`` (default ``src/wengert``,
the 15 largest). McCabe's count as radon's ``cc`` makes it, so the two agree: 1 for the
function, plus 1 for each ``if``/``elif``, conditional expression, ``for``, ``while``,
``except`` clause, ``assert``, ``for`` and ``if`` inside a comprehension, the ``else`` of a
``for``, ``while`` or ``try``, and each extra operand of ``and``/``or``. A nested function
or class is counted on its own (under ``outer.inner``), not in the function around it;
a lambda's branches count in the function that holds it. ``--over K`` exits with status 1
if any function is above K.
"""
import argparse
import ast
import pathlib
import sys

_SIMPLE = (ast.If, ast.IfExp, ast.Assert)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _branches(node):
    """The decision points in ``node``'s body, not entering nested functions or classes."""
    total = 0
    for child in ast.iter_child_nodes(node):
        if isinstance(child, _SCOPES):
            continue
        if isinstance(child, _SIMPLE):
            total += 1
        elif isinstance(child, _LOOPS):
            total += 1 + bool(child.orelse)
        elif isinstance(child, ast.Try):
            total += len(child.handlers) + bool(child.orelse)
        elif isinstance(child, ast.BoolOp):
            total += len(child.values) - 1
        elif isinstance(child, ast.comprehension):
            total += 1 + len(child.ifs)
        total += _branches(child)
    return total


def functions(tree, prefix=""):
    """``[(qualified name, line, complexity)]`` for every function in ``tree``."""
    found = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            name = prefix + node.name
            found.append((name, node.lineno, 1 + _branches(node)))
            found += functions(node, name + ".")
        elif isinstance(node, ast.ClassDef):
            found += functions(node, prefix + node.name + ".")
        else:
            found += functions(node, prefix)
    return found


def measure(folders):
    """``[(complexity, "path:line name")]`` for every function of every ``.py`` file, largest first."""
    rows = []
    for folder in folders:
        root = pathlib.Path(folder)
        for path in [root] if root.is_file() else sorted(root.rglob("*.py")):
            for name, line, cc in functions(ast.parse(path.read_text(), str(path))):
                rows.append((cc, f"{path}:{line} {name}"))
    return sorted(rows, key=lambda r: (-r[0], r[1]))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", default=["src/wengert"])
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--over", type=int, default=None)
    args = parser.parse_args(argv)
    rows = measure(args.folders)
    for cc, where in rows[:args.top]:
        print(f"{cc:4d}  {where}")
    if args.over is not None and rows and rows[0][0] > args.over:
        print(f"{sum(cc > args.over for cc, _ in rows)} function(s) above {args.over}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
