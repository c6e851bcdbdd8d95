"""No block of six or more lines is written twice in ``src/`` or ``csrc/``.

Logic that repeats is made one piece of code that serves both places (CONTRIBUTING.md).
The check reads every ``.py``, ``.pyx`` and ``.pxd`` file under ``src/`` and ``csrc/``
(the ``.pyi`` stubs, which restate the compiled modules' signatures by design, and
generated ``.c`` files are not read) and compares their *meaningful* lines:

- each line is stripped and its runs of whitespace are made one space;
- blank lines and comment-only lines are ignored;
- trivial lines are ignored: lines made only of closing brackets and commas (``)``,
  ``]),``), a lone docstring quote (``\"\"\"``), and the bare keywords ``else:``,
  ``try:``, ``finally:``, ``pass``, ``return``, ``continue``, ``break``;
- import lines are ignored (``import math``, ``from ..errors import NoGradientRule``): they
  are not logic, and the modules of one package import the same names (the fourteen of
  ``wengert.scipy.stats`` open with the same few).

Any six consecutive meaningful lines that appear at two places (in one file or in two)
fail the test, which names both places. One pairing is not counted: the pure-Python
reference core (``src/wengert/*_py.py``, selected by ``WENGERT_PURE_PYTHON=1``) mirrors
the compiled core in ``csrc/`` method for method by design (msgpack's ``fallback.py``), so a
block shared by a twin and a ``csrc/`` file is expected; the same block a third time, or
twice within the twins or within ``csrc/``, still fails.
"""
import collections
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
WINDOW = 6
TRIVIAL = {"else:", "try:", "finally:", "pass", "return", "continue", "break", '"""', "'''"}
_CLOSING = re.compile(r"^[)\]},:;\s]*$")
_IMPORT = re.compile(r"^(import \S|from \S+ import )")


def meaningful_lines(text):
    """``[(line number, normalised text)]`` of the lines the check compares."""
    out = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = " ".join(raw.split())
        if not line or line.startswith("#") or line in TRIVIAL or _CLOSING.match(line) or _IMPORT.match(line):
            continue
        out.append((number, line))
    return out


def _is_twin_pair(a, b):
    """True for a pure-Python twin of the compiled core and a file of the compiled core."""
    def twin(p):
        return p.startswith("src/") and p.endswith("_py.py")
    return (twin(a) and b.startswith("csrc/")) or (twin(b) and a.startswith("csrc/"))


def _repeats(places):
    """True if two of ``places`` (``(path, index)``) are not a twin and its compiled module."""
    return any(not _is_twin_pair(p, q) for i, (p, _) in enumerate(places) for q, _ in places[i + 1:])


def repeated_blocks(files):
    """``[(block text, [(path, first line, last line), ...])]`` for each block of at least
    ``WINDOW`` meaningful lines found at two or more places; overlapping windows of one
    repetition are merged into one block."""
    seen = collections.defaultdict(list)  # window text -> [(path, index into its lines)]
    lines_of = {}
    for path, text in files:
        lines = meaningful_lines(text)
        lines_of[path] = lines
        for i in range(len(lines) - WINDOW + 1):
            seen["\n".join(line for _, line in lines[i:i + WINDOW])].append((path, i))
    repeated = {key: places for key, places in seen.items() if _repeats(places)}
    # Merge runs: a window at (path, i) whose successor (path, i + 1) also repeats, with the
    # same partners shifted by one, belongs to the same block.
    starts = collections.defaultdict(set)
    for places in repeated.values():
        for path, i in places:
            starts[path].add(i)
    blocks = {}
    for key, places in repeated.items():
        path, i = places[0]
        if i - 1 in starts[path] and all(j - 1 in starts[p] for p, j in places):
            continue  # not the first window of its run
        length = WINDOW
        while all(j + length - WINDOW + 1 in starts[p] for p, j in places):
            length += 1
        spans = []
        for p, j in places:
            lines = lines_of[p]
            spans.append((p, lines[j][0], lines[min(j + length, len(lines)) - 1][0]))
        blocks[key] = spans
    return [(key, spans) for key, spans in blocks.items()]


def _source_files():
    for folder in ("src", "csrc"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".py", ".pyx", ".pxd") and "_build" not in path.parts:
                yield str(path.relative_to(ROOT)), path.read_text()


def test_no_block_of_six_lines_is_repeated():
    found = repeated_blocks(list(_source_files()))
    report = "\n".join(
        "  " + " and ".join(f"{p}:{a}-{b}" for p, a, b in spans) + "\n    " + key.split("\n")[0]
        for key, spans in sorted(found, key=lambda kv: kv[1]))
    assert not found, (f"{len(found)} block(s) of {WINDOW} or more lines are written more than "
                       f"once; make one piece of code serve every place:\n{report}")


def test_the_check_finds_a_repeated_block_and_ignores_trivial_lines():
    block = "\n".join(f"x{i} = f(x{i - 1})  # step {i}" for i in range(1, 7))
    padded = block.replace("\n", "\n\n    )\n# a comment\n", 2)  # blank, trivial and comment lines
    found = repeated_blocks([("a.py", "def f():\n" + block + "\n"), ("b.py", "y = 1\n" + padded)])
    assert len(found) == 1
    (_, spans), = found
    assert [p for p, _, _ in spans] == ["a.py", "b.py"]
    assert repeated_blocks([("a.py", block.rsplit("\n", 1)[0]), ("b.py", block)]) == []  # five lines
    assert repeated_blocks([("a.py", block), ("b.py", block.replace("x3", "z3"))]) == []
    imports = "\n".join(f"from .m{i} import f{i}" if i % 2 else f"import m{i}" for i in range(6))
    assert repeated_blocks([("a.py", imports), ("b.py", imports)]) == []  # imports are not logic
    twins = [("src/wengert/_t_py.py", block), ("csrc/wengert/_t.pyx", block)]
    assert repeated_blocks(twins) == []  # the reference core mirrors the compiled one
    assert len(repeated_blocks(twins + [("src/wengert/other.py", block)])) == 1
