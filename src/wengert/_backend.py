"""Chooses the compiled core or the pure-Python reference (internal; use ``wengert.*``).

The compiled extension modules ``wengert._tape`` and ``wengert._var`` are the normal
core. Setting the environment variable ``WENGERT_PURE_PYTHON=1`` before importing
wengert selects ``wengert._tape_py`` / ``wengert._var_py`` instead, a slow reference
with the same names and errors, used to test the compiled core against.

If the compiled core cannot be loaded, importing wengert fails with an explanation:
it never falls back silently to the slow reference, which would corrupt every
benchmark and surprise every user.
"""
import os

PURE_PYTHON = os.environ.get("WENGERT_PURE_PYTHON", "") not in ("", "0")

if PURE_PYTHON:
    from . import _tape_py as _tape_module
    from . import _var_py as _var_module
    IMPLEMENTATION = "python"
else:
    try:
        from . import _tape as _tape_module
        from . import _var as _var_module
    except ImportError as exc:  # pragma: no cover - exercised by test_build in a broken install
        raise ImportError(
            "wengert's compiled core (wengert._tape, wengert._var) could not be loaded: "
            f"{exc}. wengert must be installed from a built wheel or with `pip install .`, "
            "which compiles the Cython sources in csrc/. To run the slow pure-Python "
            "reference instead, set WENGERT_PURE_PYTHON=1.") from exc
    IMPLEMENTATION = "cython"

Tape = _tape_module.Tape
OPCODE_NAMES = _tape_module.OPCODE_NAMES
Var = _var_module.Var
make_var = _var_module.make_var
install_hooks = _var_module.install_hooks
scalar_functions = {name: getattr(_var_module, name)
                    for name in ("exp", "log", "sin", "cos", "tan", "tanh", "sqrt", "logistic")}
