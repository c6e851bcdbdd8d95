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


class LensError(WengertError, TypeError):
    """A lens does not fit the value it is used on, or a part set through it does not fit.

    >>> import wengert as wg
    >>> wg.view(1.0, wg.at.w)
    Traceback (most recent call last):
    ...
    wengert.errors.LensError: ...

    .. versionadded:: 0.1
    """


class MissingPart(LensError, LookupError):
    """A lens reached a part that is absent: a missing field or dict key, an index out of range.

    ``wengert.preview`` returns None for such a part instead of raising.

    >>> import wengert as wg
    >>> wg.view({"a": 1.0}, "b")
    Traceback (most recent call last):
    ...
    wengert.errors.MissingPart: ...
    >>> wg.preview({"a": 1.0}, "b") is None
    True

    .. versionadded:: 0.1
    """
