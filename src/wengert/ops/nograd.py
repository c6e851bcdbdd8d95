"""Functions whose results carry no gradient: called on Vars they return plain values (and
``np.nextafter``, ``x`` moved by a step that carries none)."""
import operator

import numpy as np

from ..primitive import defvjp, nondifferentiable, staged_rule
from ._util import unbroadcast

nondifferentiable(
    np.shape, np.ndim, np.size, np.result_type, np.iscomplexobj, np.isrealobj,
    np.sign, np.floor, np.ceil, np.rint, np.trunc,
    np.isnan, np.isinf, np.isfinite, np.greater, np.greater_equal, np.less, np.less_equal,
    np.equal, np.not_equal, np.logical_and, np.logical_or, np.logical_not, np.logical_xor,
    np.zeros_like, np.ones_like, np.empty_like, np.array_equal, np.allclose,
    np.isclose, np.count_nonzero, np.signbit,
)
# Their array-method spellings too (x.argmax(), x.round(2)...: JAX's tests call them)
nondifferentiable(np.argmax, methods=("argmax",))
nondifferentiable(np.argmin, methods=("argmin",))
nondifferentiable(np.argsort, methods=("argsort",))
nondifferentiable(np.nonzero, methods=("nonzero",))
nondifferentiable(np.round, methods=("round",))
# x // y on Vars: a step, as np.floor_divide
nondifferentiable(np.floor_divide, operator="floor_divide", operator_fun=operator.floordiv)
# steps and type tests (issue 11)
nondifferentiable(np.heaviside, np.iscomplex, np.isreal)
# the positions that sorting and the NaN-skipping reductions pick (issue 11)
nondifferentiable(np.argpartition, np.nanargmax, np.nanargmin)
# -- positions, tests, counts and index sets (their results are integers or booleans,
# piecewise constant in the values: no gradient)
nondifferentiable(np.all, methods=("all",))
nondifferentiable(np.any, methods=("any",))
nondifferentiable(np.argwhere, np.flatnonzero, np.isin, np.digitize, np.lexsort, np.isneginf,
                  np.isposinf, np.spacing, np.tril_indices_from, np.triu_indices_from,
                  np.diag_indices_from)
nondifferentiable(np.searchsorted, methods=("searchsorted",))
# np.nextafter(x, y) is x moved by one unit in the last place towards y: that step is piecewise
# constant, so the gradient is the identity's in x (summed over broadcasting) and none in y.
defvjp(np.nextafter, staged_rule(None, 0, "", unbroadcast), None)
# -- the rest of what JAX's NumPy tests call on traced arrays ----------------------
# np.around is NumPy's other name of np.round (a function object of its own); array_equiv
# is a boolean.
nondifferentiable(np.around, np.array_equiv)
# -- the contraction order np.einsum would take, and the text of an array
nondifferentiable(np.einsum_path, np.array2string, np.array_repr, np.array_str)
# -- whether two arrays' memory overlaps is a question about the values (their
# buffers), answered on them: a boolean, with no gradient (a Var's value may be the caller's
# own array, or another Var's when a conversion passed it through)
nondifferentiable(np.shares_memory, np.may_share_memory)
