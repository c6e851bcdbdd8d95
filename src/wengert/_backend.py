"""Loads the compiled core (internal; use ``wengert.*``).

The compiled extension modules are the core, bottom first: ``wengert._tape`` (the Wengert
list), ``_hooks`` (the slow paths the Python layer installs), ``_var`` (Var and its
arithmetic), ``_engine`` (rules, staging, ``apply``), ``_views`` (structured views and part
leaves) and ``_scalar`` (the elementary functions). This module is their only importer.
If they cannot be loaded, importing wengert fails with an explanation: it never falls
back silently to a slow path, which would corrupt every benchmark and surprise every
user. (A pure-Python reference core, selected by ``WENGERT_PURE_PYTHON=1``, is planned;
until it exists, setting that variable is an error rather than a silent no-op.)
"""
import os
from typing import Any, Callable, Dict

if os.environ.get("WENGERT_PURE_PYTHON", "") not in ("", "0"):
    raise ImportError("WENGERT_PURE_PYTHON=1 asks for the pure-Python reference core, which this "
                      "version of wengert does not have yet; unset the variable to use the "
                      "compiled core")

try:
    # Importing _engine and _views also fills in Var's calls to them (see csrc/wengert/_var.pxd).
    from . import _engine as _engine_module
    from . import _hooks as _hooks_module
    from . import _scalar as _scalar_module
    from . import _tape as _tape_module
    from . import _var as _var_module
    from . import _views as _views_module
except ImportError as exc:  # exercised by tests/test_build.py on a copy without the extensions
    raise ImportError(
        "wengert's compiled core (wengert._tape, _hooks, _var, _engine, _views, _scalar) "
        f"could not be loaded: {exc}. wengert must be installed from a built wheel or with `pip install .`, "
        "which compiles the Cython sources in csrc/.") from exc

IMPLEMENTATION = "cython"

Tape = _tape_module.Tape
record_on = _tape_module.record_on
OPCODE_NAMES = _tape_module.OPCODE_NAMES
install_hooks = _hooks_module.install_hooks
Var = _var_module.Var
make_var = _var_module.make_var
Rule = _engine_module.Rule
StagedRule = _engine_module.StagedRule
stretched_axes = _engine_module.stretched_axes
apply = _engine_module.apply
leaf_var = _views_module.leaf_var
part_leaf = _views_module.part_leaf
part_leaves = _views_module.part_leaves
record_view = _views_module.record_view
carries_no_gradient = _views_module.carries_no_gradient
#: wengert.exp, log, ...: each takes a float or a Var and returns one of the same kind.
scalar_functions: Dict[str, Callable[[Any], Any]] = {
    name: getattr(_scalar_module, name)
    for name in ("exp", "log", "sin", "cos", "tan", "tanh", "sqrt", "logistic")}
