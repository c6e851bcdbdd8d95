"""Loads the compiled core (internal; use ``wengert.*``).

The compiled extension modules ``wengert._tape`` and ``wengert._var`` are the core.
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
    from . import _tape as _tape_module
    from . import _var as _var_module
except ImportError as exc:  # exercised by tests/test_build.py on a copy without the extensions
    raise ImportError(
        "wengert's compiled core (wengert._tape, wengert._var) could not be loaded: "
        f"{exc}. wengert must be installed from a built wheel or with `pip install .`, "
        "which compiles the Cython sources in csrc/.") from exc

IMPLEMENTATION = "cython"

Tape = _tape_module.Tape
record_on = _tape_module.record_on
OPCODE_NAMES = _tape_module.OPCODE_NAMES
Var = _var_module.Var
make_var = _var_module.make_var
leaf_var = _var_module.leaf_var
part_leaf = _var_module.part_leaf
part_leaves = _var_module.part_leaves
install_hooks = _var_module.install_hooks
Rule = _var_module.Rule
StagedRule = _var_module.StagedRule
stretched_axes = _var_module.stretched_axes
record_view = _var_module.record_view
carries_no_gradient = _var_module.carries_no_gradient
apply = _var_module.apply
#: wengert.exp, log, ...: each takes a float or a Var and returns one of the same kind.
scalar_functions: Dict[str, Callable[[Any], Any]] = {
    name: getattr(_var_module, name)
    for name in ("exp", "log", "sin", "cos", "tan", "tanh", "sqrt", "logistic")}
plain_value = _var_module.plain_value
value_of = _var_module.value_of
replay_scalars = _var_module.replay_scalars
first_unreplayable = _var_module.first_unreplayable
ReplayStep = _var_module.ReplayStep
run_program = _var_module.run_program
describe = _var_module.describe
