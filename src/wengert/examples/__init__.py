"""Runnable examples that come with the wheel.

* ``python -m wengert.examples.mnist``: a handwritten-digit classifier (784 inputs, 250
  logistic hidden units, 10 softmax outputs) trained with ``wengert.grad_bp`` and
  ``wengert.optim`` on 10,000 real MNIST digits shipped in ``wengert/examples/data``
  (see :mod:`wengert.examples.mnist`);
* :mod:`wengert.examples.idx`: the reader of IDX files (MNIST's format) it uses;
* :mod:`wengert.examples.network`: the networks it trains, defined once for it, the tour
  (``python -m wengert``), the tests and the benchmarks.

>>> from wengert.examples import mnist
>>> mnist.Net.__dataclass_fields__.keys()
dict_keys(['w1', 'b1', 'w2', 'b2'])

.. versionadded:: 0.1
"""

__all__ = ["new_figure"]


def new_figure(what, **kwargs):
    """A matplotlib ``Figure`` (drawn with Agg, pyplot untouched), or a clear exit if missing.

    ``what`` names the option that needs it, for the message.

    >>> try:
    ...     fig = new_figure("--plot", figsize=(4, 3))
    ... except SystemExit as missing:  # says: pip install "wengert[plot]"
    ...     fig = None

    .. versionadded:: 0.1
    """
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise SystemExit(f'{what} needs matplotlib, which is not installed: '
                         'pip install "wengert[plot]" (or pip install matplotlib)') from None
    return Figure(**kwargs)
