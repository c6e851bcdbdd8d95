"""Functions whose results carry no gradient: called on Vars they return plain values."""
import operator

import numpy as np

from ..primitive import nondifferentiable

nondifferentiable(
    np.shape, np.ndim, np.size, np.result_type, np.iscomplexobj, np.isrealobj,
    np.argmax, np.argmin, np.argsort, np.sign, np.floor, np.ceil, np.round, np.rint, np.trunc,
    np.isnan, np.isinf, np.isfinite, np.greater, np.greater_equal, np.less, np.less_equal,
    np.equal, np.not_equal, np.logical_and, np.logical_or, np.logical_not, np.logical_xor,
    np.zeros_like, np.ones_like, np.empty_like, np.array_equal, np.allclose,
    np.isclose, np.nonzero, np.count_nonzero, np.signbit,
)
# x // y on Vars: a step, as np.floor_divide
nondifferentiable(np.floor_divide, operator="floor_divide", operator_fun=operator.floordiv)
# steps and type tests (issue 11)
nondifferentiable(np.heaviside, np.iscomplex, np.isreal)
# the positions that sorting and the NaN-skipping reductions pick (issue 11)
nondifferentiable(np.argpartition, np.nanargmax, np.nanargmin)
