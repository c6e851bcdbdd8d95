"""The layering of ``src/wengert``, read from the source with ``ast`` (nothing is imported).

Two rules, so that a module can be understood (and replaced) knowing only what is below it:

1. No module imports another module's private name: a function, class or variable whose
   name starts with ``_`` (``from .structured import _children``, or
   ``structured._children`` through an imported module). Modules whose own name starts
   with ``_`` (``_context``, ``_dispatch``, ``ops._util``) are private to the package and
   may be imported by any module of it; a package made of private modules
   (``scipy.stats._common``, ``scipy.stats._normal``...) shares their private names among
   them (``from ._common import _plain`` in ``scipy.stats._normal``), never outside it; the core (the compiled ``_tape``, ``_hooks``,
   ``_var``, ``_engine``, ``_views``, ``_scalar`` and their pure-Python twins ``NAME_py``)
   only through its one door, ``_backend`` (``COMPILED_CORE_DOOR``, the only exception; a
   twin imports the twins below it, as a ``.pyx`` cimports a ``.pxd``).
2. Every ``wengert`` module imports only modules that come before it in ``LAYERS``
   (imports inside functions included), so the import graph has no cycle and a future
   upward import fails with a message naming both modules. A new module must be placed
   in ``LAYERS``.
"""
import ast
import functools
import pathlib

import pytest

SRC = pathlib.Path(__file__).resolve().parent.parent / "src"
CSRC = pathlib.Path(__file__).resolve().parent.parent / "csrc"

#: The order of the modules, bottom first ("wengert" is the package's __init__). A module
#: may import only modules listed before it.
LAYERS = [
    # 0. the bottom: import nothing of wengert (then the compiled core, in its cimport
    #    order; each compiled module's pure-Python twin, NAME_py, just after it)
    "errors", "tree", "_elementary", "_tape", "_tape_py", "_hooks", "_hooks_py", "_var", "_var_py",
    "_dual", "_dual_py",  # forward mode's Dual (fwd2)
    "_engine", "_engine_py", "_views", "_views_py", "_scalar", "_scalar_py", "_kernels", "_kernels_py",
    "_replay", "_replay_py",
    # 1. the compiled core's one door, the runners' context stack, the zero/add/one protocol
    "_backend", "_context", "protocol",
    # 2. structured values and views, primitives and their rules, nodes of whole values and
    #    backprop's container/record API, lifting user functions
    "structured", "primitive", "forward", "records", "lift",
    # 3. the rule tables (they know nothing of runners)
    "ops._util", "ops.complexnum", "ops.elementwise", "ops.fft", "ops.linalg", "ops.nograd",
    "ops.reductions", "ops.shape", "ops.sorting", "ops.scipy_special_more", "ops.scipy_special_misc", "ops.scipy_special_extra", "ops.scipy_special", "ops.scipy_special_dist", "ops.scipy_linalg", "ops.scipy_fft",
    "ops.statistics", "ops.signal", "ops.updates", "ops.ufunc_methods",
    "ops.pyloops",
    "ops.conversions", "ops.windows", "ops.emath",
    "ops",
    # 4. runners, and what is built on them
    "runners", "jit", "lens", "transforms", "testing", "optim", "viz",
    # 5. the NumPy and SciPy namespaces users import
    "numpy.fft", "numpy.linalg", "numpy.emath", "numpy.lib.stride_tricks", "numpy.lib", "numpy",
    # (wengert.scipy.stats' modules, in their import order: see its docstring)
    "scipy.stats._common", "scipy.stats._normal", "scipy.stats._gamma", "scipy.stats._beta", "scipy.stats._extreme_value",
    "scipy.stats._power_tails", "scipy.stats._inverse_gaussian", "scipy.stats._generalized", "scipy.stats._elementary",
    "scipy.stats._noncentral_t", "scipy.stats._discrete", "scipy.stats._multivariate", "scipy.stats._irwinhall",
    "scipy.stats._ncf", "scipy.stats._ksone",
    "scipy.stats._across_families", "scipy.stats._descriptive", "scipy.stats._moments",
    "scipy.stats._every_distribution", "scipy.stats", "scipy.special", "scipy.linalg", "scipy.ndimage", "scipy.signal", "scipy.integrate", "scipy.fft", "scipy.interpolate", "scipy",
    # 6. NumPy dispatch for Vars (installs Var's slow paths)
    "_dispatch",
    # 7. the public API, and the programs written with it
    "wengert", "distributed", "__main__", "examples", "examples.idx", "examples.network",
    "examples.mnist",
]



def _full(name):
    return "wengert" if name == "wengert" else "wengert." + name


def _modules():
    """{module name: (path, is package)} for every Python module of src/wengert."""
    found = {}
    for path in sorted((SRC / "wengert").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if package else parts)] = (path, package)
    return found


MODULES = _modules()
COMPILED = {"wengert." + p.stem for p in (CSRC / "wengert").glob("*.pyx")}
#: The pure-Python twin of each compiled module (WENGERT_PURE_PYTHON=1 selects them).
TWINS = {name: name + "_py" for name in COMPILED}
CORE = COMPILED | set(TWINS.values())
KNOWN = set(MODULES) | COMPILED

#: (importer, imported): the only imports of a private name allowed across modules: the
#: core's one door, and a twin importing a twin (as a .pyx cimports a .pxd).
COMPILED_CORE_DOOR = ({("wengert._backend", name) for name in CORE}
                      | {(a, b) for a in TWINS.values() for b in TWINS.values() if a != b})


def _siblings_in_private_modules(importer, imported):
    """Whether ``imported`` is a private module (``scipy.stats._common``) of the package that ``importer`` belongs to
    (its ``__init__`` or another of its modules): the package's modules share their private names."""
    package, _, own = imported.rpartition(".")
    if not own.startswith("_") or package == "wengert" or imported in CORE:
        return False
    return importer == package or importer.rpartition(".")[0] == package


def _imports(name):
    """``(line, imported module, private name or None)`` for each import of a wengert
    module or name in module ``name``, and each ``module._name`` read through one."""
    path, package = MODULES[name]
    return _read(name, path, package)[0]


@functools.lru_cache(maxsize=None)
def _read(name, path, package):
    """Module ``name``'s imports (``_imports``) and its ``Primitive(...)`` calls (``_primitive_calls``),
    from one parse of its source: three tests read every module, and parsing the package took ~3 s
    of CPU (the findings are kept, not the syntax trees: ~125 MB)."""
    tree = ast.parse(path.read_text(), str(path))
    return tuple(_imports_in(tree, name, package)), tuple(_primitive_calls(tree, name))


def _imports_in(tree, name, package):
    here = name if package else name.rpartition(".")[0]
    bound = {}  # local name -> wengert module it is bound to
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")[:len(here.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "wengert":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in KNOWN:  # a module: private modules are the package's, not one module's
                    found.append((node.lineno, sub, sub if sub in CORE else None))
                    bound[alias.asname or alias.name] = sub
                else:
                    private = alias.name if alias.name.startswith("_") and not alias.name.startswith("__") else None
                    found.append((node.lineno, target, private and f"{target}.{private}"))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "wengert":
                    found.append((node.lineno, alias.name, None))
                    if alias.asname:
                        bound[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in bound and node.attr.startswith("_")
                and not node.attr.startswith("__")):
            module = bound[node.value.id]
            if f"{module}.{node.attr}" not in KNOWN:
                found.append((node.lineno, module, f"{module}.{node.attr}"))
    return found


def test_every_module_has_a_place_in_the_layers():
    placed = {_full(n) for n in LAYERS}
    assert len(placed) == len(LAYERS), "a module is listed twice in LAYERS"
    missing = sorted(set(KNOWN) - placed)
    assert not missing, f"place these modules in tests/test_layering.py's LAYERS: {missing}"
    gone = sorted(placed - set(KNOWN))
    assert not gone, f"LAYERS lists modules that no longer exist: {gone}"


def test_every_compiled_module_has_a_pure_python_twin():
    missing = sorted(twin for twin in TWINS.values() if twin not in MODULES)
    assert not missing, (f"write the pure-Python twin of each compiled module (see "
                         f"CONTRIBUTING.md, 'The two cores'): {missing}")


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_private_name_of_another_module_is_imported(name):
    bad = [f"line {line}: {private}" for line, module, private in _imports(name)
           if private is not None and module != name and (name, module) not in COMPILED_CORE_DOOR
           and not _siblings_in_private_modules(name, module)]
    assert not bad, (f"{name} uses private names of other modules (make them public, with a "
                     f"docstring saying internal, or move them): {bad}")


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_only_go_down_the_layers(name):
    order = {_full(n): i for i, n in enumerate(LAYERS)}
    mine = order[name]
    upward = sorted({(line, module) for line, module, _ in _imports(name)
                     if module != name and order[module] >= mine})
    assert not upward, "\n".join(
        f"{name} (line {line}) imports {module}, which is not below it in LAYERS "
        f"(an upward import or a cycle): move the shared code down, or {name} up"
        for line, module in upward)


def test_the_checker_sees_private_and_upward_imports(tmp_path, monkeypatch):
    """The rules are not vacuous: a planted private import and a planted upward import fail."""
    src = tmp_path / "wengert"
    src.mkdir()
    (src / "__init__.py").write_text("")
    (src / "errors.py").write_text("from .tree import children\n")
    (src / "tree.py").write_text("from . import protocol\nprotocol._registry\n")
    (src / "protocol.py").write_text("from .tree import _FieldNames\n")
    monkeypatch.setitem(MODULES, "wengert.errors", (src / "errors.py", False))
    monkeypatch.setitem(MODULES, "wengert.tree", (src / "tree.py", False))
    monkeypatch.setitem(MODULES, "wengert.protocol", (src / "protocol.py", False))
    with pytest.raises(AssertionError, match="wengert.errors .line 1. imports wengert.tree"):
        test_imports_only_go_down_the_layers("wengert.errors")
    with pytest.raises(AssertionError, match=r"wengert\.tree\._FieldNames"):
        test_no_private_name_of_another_module_is_imported("wengert.protocol")
    with pytest.raises(AssertionError, match=r"wengert\.protocol\._registry"):
        test_no_private_name_of_another_module_is_imported("wengert.tree")
    test_imports_only_go_down_the_layers("wengert.protocol")  # downward: allowed
    # a private module of a package shares its private names in the package, not outside
    assert _siblings_in_private_modules("wengert.scipy.stats._normal", "wengert.scipy.stats._common")
    assert _siblings_in_private_modules("wengert.scipy.stats", "wengert.scipy.stats._common")
    assert not _siblings_in_private_modules("wengert.scipy.special", "wengert.scipy.stats._common")
    assert not _siblings_in_private_modules("wengert.scipy.stats._normal", "wengert.scipy.stats")
    assert not _siblings_in_private_modules("wengert.tree", "wengert._context")


@pytest.mark.parametrize("path", sorted(p for p in (CSRC / "wengert").iterdir()
                                         if p.suffix in (".pyx", ".pxd")), ids=lambda p: p.name)
def test_the_compiled_core_cimports_only_down_the_layers(path):
    """A .pyx or .pxd cimports only compiled modules below its own in LAYERS: a cimport
    upward would be a cycle (Var reaches the engine and the views above it through the
    function pointers they fill in at import, declared in _var.pxd)."""
    import re
    order = {_full(n): i for i, n in enumerate(LAYERS)}
    me = order["wengert." + path.stem]
    cimported = re.findall(r"^\s*(?:from\s+(wengert\.\w+)\s+cimport|cimport\s+(wengert\.\w+))",
                           path.read_text(), re.MULTILINE)
    names = {a or b for a, b in cimported}
    assert names <= COMPILED, f"{path.name} cimports modules that are not compiled: {names - COMPILED}"
    upward = sorted(n for n in names if n != "wengert." + path.stem and order[n] >= me)
    assert not upward, f"{path.name} cimports {upward}, not below it in LAYERS"


#: The one place the library builds a user's (checked) Primitive: the public ``wg.primitive``.
USERS_PRIMITIVE_BUILDERS = {("wengert.primitive", "primitive")}


def _primitive_calls(tree, module):
    """(module, enclosing function) of every call of ``Primitive(...)`` / ``x.Primitive(...)``."""
    found = []

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            func = getattr(child, "func", None) if isinstance(child, ast.Call) else None
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if name == "Primitive":
                found.append((module, function))
            visit(child, inner)
    visit(tree, None)
    return found


def test_the_library_builds_its_rules_as_own_primitives():
    """wengert's own rules are ``OwnPrimitive`` (7939970): a ``Primitive`` is a user's rule, whose
    every call looks at its result for a Var the function closed over (a Python frame per call).
    A library rule built as ``Primitive`` gives the right numbers, only slower: twice in session 46
    a new distribution's stand-in rule was (irwinhall, ncf)."""
    calls = [call for name, (path, package) in MODULES.items() for call in _read(name, path, package)[1]]
    assert [call for call in calls if call not in USERS_PRIMITIVE_BUILDERS] == []
    assert _primitive_calls(ast.parse("def f():\n    return p.Primitive(g)\nh = Primitive(k)"), "m") == [
        ("m", "f"), ("m", None)]  # (the checker sees both spellings)
