"""Bit-for-bit equality of two values, for the tests of ``wengert.jit``'s replays (a replay
makes the same NumPy calls in the same order as a recording, so its numbers are the same
bits): -0.0 is not 0.0 and NaNs differ by their payloads, as ``math.copysign`` and
``struct.pack`` tell them apart."""
import struct

import numpy as np

from wengert import tree

#: NumPy 2.0 and 2.1 choose between a fused multiply-add SIMD loop and a scalar loop for a
#: complex product by a conservative overlap test on the operands' heap addresses (a strided
#: input's range is taken to reach one stride past its end), so the same product of the
#: same arrays can differ in the last bit from one call to the next: np.cross of complex
#: arrays does, with no wengert involved (measured on NumPy 2.0.0: an output allocated
#: just after its input gives a different last bit; NumPy 2.2 and later do not).
COMPLEX_PRODUCTS_REPRODUCIBLE = np.lib.NumpyVersion(np.__version__) >= "2.2.0"


def _bits(x):
    if type(x) is float:
        return struct.pack("<d", x)
    if type(x) is complex:
        return struct.pack("<dd", x.real, x.imag)
    return np.ascontiguousarray(x).tobytes()


def same(a, b, what="value"):
    """True if ``a`` and ``b`` have the same structure and their leaves the same types,
    shapes, dtypes and bits (complex arrays within a few units in the last place where
    NumPy's complex products are not reproducible); raises AssertionError saying where not.

    >>> same([0.0, np.ones(2)], [0.0, np.ones(2)])
    True
    >>> same(0.0, -0.0)
    Traceback (most recent call last):
    ...
    AssertionError: value: -0.0 where 0.0 was expected (other bits)
    """
    la, lb = tree.leaves(a), tree.leaves(b)
    assert len(la) == len(lb), f"{what}: {len(lb)} leaves where {len(la)} were expected"
    assert tree.map_leaves(lambda _: 0, a) == tree.map_leaves(lambda _: 0, b), f"{what}: another structure"
    for x, y in zip(la, lb):
        assert type(x) is type(y), f"{what}: {type(y).__name__} where {type(x).__name__} was expected"
        if isinstance(x, (np.ndarray, np.generic)):
            assert x.shape == y.shape and x.dtype == y.dtype, (
                f"{what}: {y.dtype} {y.shape} where {x.dtype} {x.shape} was expected")
            if np.iscomplexobj(x) and not COMPLEX_PRODUCTS_REPRODUCIBLE:
                scale = np.max(np.abs(x), initial=1.0, where=np.isfinite(x))
                assert np.allclose(x, y, rtol=0.0, atol=8 * np.finfo(x.real.dtype).eps * scale,
                                   equal_nan=True), f"{what}: {y!r} where {x!r} was expected"
                continue
        if isinstance(x, (float, complex, np.ndarray, np.generic)):
            assert _bits(x) == _bits(y), f"{what}: {y!r} where {x!r} was expected (other bits)"
        else:
            assert x == y, f"{what}: {y!r} where {x!r} was expected"
    return True


def copied(x):
    """``x`` with each array leaf copied: what a replay handed out, kept to check later with
    :func:`same` that no later replay wrote into it."""
    return tree.map_leaves(lambda leaf: leaf.copy() if isinstance(leaf, np.ndarray) else leaf, x)
