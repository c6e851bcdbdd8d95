"""Loads the core (internal; use ``wengert.*``).

The core is eight modules, bottom first: ``wengert._tape`` (the Wengert list), ``_hooks``
(the slow paths the Python layer installs), ``_var`` (Var and its arithmetic),
``_engine`` (rules, staging, ``apply``), ``_views`` (structured views and part leaves),
``_scalar`` (the elementary functions), ``_kernels`` (pullbacks on one float64 entry in
C) and ``_replay`` (``wengert.jit``'s replay of a recorded tape). This module is their only importer.

Each is a compiled extension module (``csrc/wengert/*.pyx``) with a pure-Python twin
named after it (``_tape_py``, ``_hooks_py``, ...): the same interface and behaviour, a
reference that is clear rather than fast (msgpack's ``fallback.py``), chosen only by
setting ``WENGERT_PURE_PYTHON=1`` (``IMPLEMENTATION`` is then ``"python"``). If the
compiled modules cannot be loaded and the twins were not chosen, importing wengert fails
with an explanation that says how to choose them: it never falls back silently to the
slow core, which would corrupt every benchmark and surprise every user.
"""
import os
from typing import Any, Callable, Dict

from ._elementary import ELEMENTARY

# The modules of the core, bottom first, as chosen below (Any: the compiled modules carry
# no type information, and both kinds must look alike to the code that uses them).
_core: Any

if os.environ.get("WENGERT_PURE_PYTHON", "") not in ("", "0"):
    # Importing _engine_py and _views_py also fills in Var's calls to them, as below.
    from . import _engine_py, _hooks_py, _kernels_py, _replay_py, _scalar_py, _tape_py, _var_py, _views_py
    _core = (_tape_py, _hooks_py, _var_py, _engine_py, _views_py, _scalar_py, _kernels_py, _replay_py)
    from . import _dual_py as _dual_module  # forward mode's Dual (its floats in C when compiled)
    IMPLEMENTATION = "python"
else:
    try:
        # Importing _engine and _views also fills in Var's calls to them (see csrc/wengert/_var.pxd).
        from . import _engine, _hooks, _kernels, _replay, _scalar, _tape, _var, _views
    except ImportError as exc:  # exercised by tests/test_build.py on a copy without the extensions
        raise ImportError(
            "wengert's compiled core (wengert._tape, _hooks, _var, _engine, _views, _scalar, _kernels, "
            "_replay) "
            f"could not be loaded: {exc}. wengert must be installed from a built wheel or with "
            "`pip install .`, which compiles the Cython sources in csrc/. Or choose the "
            "pure-Python reference core, the same library without a compiler but tens of times "
            "slower, by setting the environment variable WENGERT_PURE_PYTHON=1.") from exc
    _core = (_tape, _hooks, _var, _engine, _views, _scalar, _kernels, _replay)
    from . import _dual as _dual_module  # type: ignore[no-redef]  # (loaded with _scalar, which cimports it)
    IMPLEMENTATION = "cython"
(_tape_module, _hooks_module, _var_module, _engine_module, _views_module, _scalar_module,
 _kernels_module, _replay_module) = _core

Tape = _tape_module.Tape
record_on = _tape_module.record_on
sweep_cotangent = _tape_module.sweep_cotangent
in_sweep_pullback = _tape_module.in_sweep_pullback  # (a rule's g a sweep's cotangent, not forward mode's tangent)
report_live = _tape_module.report_live
cotangent_live = _tape_module.cotangent_live
sweep_parents = _tape_module.sweep_parents
no_cotangent = _tape_module.no_cotangent  # (wengert.jit's pullback of a parent that needs no gradient)
OPCODE_NAMES = _tape_module.OPCODE_NAMES
install_hooks = _hooks_module.install_hooks
Var = _var_module.Var
Dual = _dual_module.Dual
Deferred = _dual_module.Deferred  # a primal forward mode computes only when read
install_dual = _dual_module.install  # wengert.forward gives Duals their slow paths
array_apply = _dual_module.array_apply  # forward mode's common case (wengert.forward's first step)
live_term = _dual_module.live_term  # an elementwise rule's term and its live marks (forward mode)
join_live = _dual_module.join_live
held_zero = _dual_module.held_zero  # a product's term where the other factor is a 0 that does not move (forward mode)
make_var = _var_module.make_var
operand_read = _var_module.operand_read  # a float subclass as an operator on a Var or Dual reads it
Rule = _engine_module.Rule
StagedRule = _engine_module.StagedRule
stretched_axes = _engine_module.stretched_axes
apply = _engine_module.apply
PLAIN_TYPES = _engine_module.PLAIN_TYPES  # arguments that hold no Var and no Dual
leaf_var = _views_module.leaf_var
part_leaf = _views_module.part_leaf
part_leaves = _views_module.part_leaves
record_view = _views_module.record_view
carries_no_gradient = _views_module.carries_no_gradient
#: wengert.exp, log, ...: each takes a float or a Var and returns one of the same kind.
scalar_functions: Dict[str, Callable[[Any], Any]] = {
    row.name: getattr(_scalar_module, row.name) for row in ELEMENTARY}  # (wengert._elementary's rows)
# pullbacks on one float64 entry (in C in the compiled core)
product = _kernels_module.product
times_x = _kernels_module.times_x
times_y = _kernels_module.times_y
set_live_product = _kernels_module.set_live_product
set_traced_product = _kernels_module.set_traced_product
one_entry_rule = _kernels_module.one_entry_rule
vanishing_unless_zeros = _kernels_module.vanishing_unless_zeros
nonzero_cotangent_rule = _kernels_module.nonzero_cotangent_rule
logistic_chain = _kernels_module.logistic_chain  # wengert.jit's fused pullback of c / (k + exp(-z))
log_softmax_chain = _kernels_module.log_softmax_chain  # and of z - log(sum(exp(z), -1, keepdims=True))
lone_entry_sums = _kernels_module.lone_entry_sums  # (its sum of a one-hot cotangent's rows)
quotient_in_range = _kernels_module.quotient_in_range  # (a quotient's pullback: no rescaling needed)
at_least = _kernels_module.at_least  # (the logistic sigmoid's test that exp(-x) cannot overflow)
within = _kernels_module.within  # (tanh's and logistic's test that no entry is far: ops.elementwise's _far_exp_rule)
all_finite = _kernels_module.all_finite  # (matmul's pullbacks: a finite product says its factors are)
logistic_partial = _kernels_module.logistic_partial  # (and its derivative from the saved exp(-x), in one pass)
logistic_cotangent = _kernels_module.logistic_cotangent  # (and wengert.jit's replay of its pullback, in one pass)
weighted = _kernels_module.weighted  # (a cross-entropy's cotangent times its targets)
outer_dot = _kernels_module.outer_dot  # np.dot of an (m, 1) and a (1, n) matrix: a matmul pullback at batch 1
distinct_bases = _kernels_module.distinct_bases
array_keys = _kernels_module.array_keys  # wengert.jit's signatures: arrays' shapes and dtypes in C
same_key = _kernels_module.same_key  # (and a call with the last call's signature, found without its key)
# wengert.jit's replay, and the reads of values that it does not guard
plain_value = _replay_module.plain_value
value_of = _replay_module.read_value
replay_scalars = _replay_module.replay_scalars
first_unreplayable = _replay_module.first_unreplayable
ReplayStep = _replay_module.ReplayStep
LogisticChain = _replay_module.LogisticChain  # (wengert.jit's fused sigmoid,
LogSoftmaxChain = _replay_module.LogSoftmaxChain  # log-softmax
CrossEntropyChain = _replay_module.CrossEntropyChain  # and cross-entropy)
LogisticArrayStep = _replay_module.LogisticArrayStep  # (wnp.logistic on a float64 array, replayed)
OwnCrossEntropyChain = _replay_module.OwnCrossEntropyChain  # (and a cross-entropy of wnp.log_softmax)
run_program = _replay_module.run_program
describe = _replay_module.describe
set_float_leaves = _replay_module.set_float_leaves
all_floats = _replay_module.all_floats
float_adjoints = _replay_module.float_adjoints
set_leaves = _replay_module.set_leaves
leaf_gradients = _replay_module.leaf_gradients
scalar_sweep = _replay_module.scalar_sweep
NodeRef = _replay_module.NodeRef
ProgramRecorder = _replay_module.ProgramRecorder
gradient_needs = _replay_module.gradient_needs
NEEDS_GRADIENT = _replay_module.NEEDS_GRADIENT
IS_LEAF = _replay_module.IS_LEAF
IS_STEPPED = _replay_module.IS_STEPPED
