"""Exceptions raised by wengert; each message says what happened and what to do.

.. versionadded:: 0.1
"""


class WengertError(Exception):
    """Base class of wengert's own errors.

    >>> import wengert as wg
    >>> issubclass(wg.NoGradientRule, wg.WengertError)
    True
    """


class EscapedVarError(WengertError, RuntimeError):
    """A Var was used after its runner returned (it escaped the function it was made for).

    >>> import wengert as wg
    >>> leak = []
    >>> wg.grad_bp(lambda x: leak.append(x) or x * 2.0, 1.0)
    2.0
    >>> leak[0] + 1.0
    Traceback (most recent call last):
    ...
    wengert.errors.EscapedVarError: ...
    """


class NoGradientRule(WengertError, TypeError):
    """An operation reached a Var but has no gradient rule for that argument.

    >>> import numpy as np, wengert as wg
    >>> issubclass(wg.NoGradientRule, TypeError)
    True
    """


class NoProtocolInstance(WengertError, TypeError):
    """A value's type has no zero/add/one (Backprop protocol) instance.

    >>> import wengert as wg
    >>> wg.zero(object())
    Traceback (most recent call last):
    ...
    wengert.errors.NoProtocolInstance: ...
    """


class SeedRequired(WengertError, ValueError):
    """The differentiated function returned a non-scalar and no output seed was given.

    >>> import numpy as np, wengert as wg
    >>> wg.grad_bp(lambda x: x * 2.0, np.ones(3))
    Traceback (most recent call last):
    ...
    wengert.errors.SeedRequired: ...
    """


class MixedTapesError(WengertError, RuntimeError):
    """Vars of two unrelated tapes (not nested in one another) met in one operation.

    >>> import wengert as wg
    >>> issubclass(wg.MixedTapesError, RuntimeError)
    True
    """


class NoGradientThrough(WengertError, RuntimeError):
    """A gradient had to flow through an op declared with ``op_no_grad``.

    >>> import wengert as wg
    >>> issubclass(wg.NoGradientThrough, RuntimeError)
    True
    """
