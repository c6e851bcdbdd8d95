"""Read IDX files (the format of MNIST and Fashion-MNIST), gzip-compressed or not.

An IDX file is a big-endian header (two zero bytes, a type code, the number of
dimensions, then one 32-bit size per dimension) followed by the values in C order.
:func:`read_idx` checks every part of it and raises a ``ValueError`` that names the file
and what is wrong (a bad magic number, a truncated header or body, extra bytes, a corrupt
gzip stream) instead of returning a silently wrong array. Compression is detected by
content (the gzip magic bytes), not by the file name.

>>> from wengert.examples import idx
>>> import io
>>> idx.parse_idx(bytes([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]), "tiny")
array([[1, 2, 3],
       [4, 5, 6]], dtype=uint8)

.. versionadded:: 0.1
"""
import gzip
import os
import struct
import zlib

import numpy as np

__all__ = ["read_idx", "parse_idx", "read_bytes", "TYPE_CODES"]

# IDX type code -> big-endian NumPy dtype (from the format's description by LeCun et al.).
TYPE_CODES = {0x08: np.dtype("u1"), 0x09: np.dtype("i1"), 0x0B: np.dtype(">i2"),
              0x0C: np.dtype(">i4"), 0x0D: np.dtype(">f4"), 0x0E: np.dtype(">f8")}

_GZIP_MAGIC = b"\x1f\x8b"


def read_bytes(path):
    """The bytes of ``path``, decompressed when its content is gzip (whatever its name).

    >>> import gzip, os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> with open(os.path.join(d, "x"), "wb") as f:
    ...     _ = f.write(gzip.compress(b"abc"))
    >>> read_bytes(os.path.join(d, "x"))
    b'abc'
    """
    path = os.fspath(path)
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] != _GZIP_MAGIC:
        return raw
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as e:
        # gzip raises BadGzipFile (an OSError), EOFError when truncated, zlib.error on bad data.
        raise ValueError(f"{path}: corrupt or truncated gzip data ({e}); download the "
                         "file again") from None


def parse_idx(data, name="<bytes>"):
    """The array held by the IDX bytes ``data``; ``name`` is used in error messages.

    >>> parse_idx(bytes([0, 0, 8, 1, 0, 0, 0, 3, 7, 2, 1]), "labels")
    array([7, 2, 1], dtype=uint8)
    >>> parse_idx(b"<html>Not Found</html>", "labels.gz")
    Traceback (most recent call last):
    ...
    ValueError: labels.gz: not an IDX file (it starts with b'<htm', which is neither gzip data nor an IDX magic number 0x0000TTNN)
    """
    if len(data) < 4:
        raise ValueError(f"{name}: truncated header: the file has {len(data)} bytes, an IDX "
                         "file starts with a 4-byte magic number")
    zeros, code, ndim = data[:2], data[2], data[3]
    if zeros != b"\0\0" or code not in TYPE_CODES:
        raise ValueError(
            f"{name}: not an IDX file (it starts with {bytes(data[:4])!r}, which is neither "
            "gzip data nor an IDX magic number 0x0000TTNN)")
    if ndim == 0:
        raise ValueError(f"{name}: IDX header declares 0 dimensions")
    header = 4 + 4 * ndim
    if len(data) < header:
        raise ValueError(f"{name}: truncated header: {ndim} dimensions need {header} header "
                         f"bytes, the file has {len(data)}")
    dims = struct.unpack(f">{ndim}I", data[4:header])
    dtype = TYPE_CODES[code]
    expected = int(np.prod(dims, dtype=np.int64)) * dtype.itemsize
    body = len(data) - header
    if body < expected:
        raise ValueError(f"{name}: truncated: the header declares shape {dims} of {dtype.name} "
                         f"({expected} bytes of data) but the file holds only {body}")
    if body > expected:
        raise ValueError(f"{name}: {body - expected} unexpected bytes after the data of shape "
                         f"{dims} declared by the header: the file is malformed")
    return np.frombuffer(data, dtype, offset=header).reshape(dims).astype(dtype.newbyteorder("="))


def read_idx(path):
    """The array held by the IDX file ``path`` (gzip-compressed or not).

    >>> import os
    >>> here = os.path.join(os.path.dirname(__file__), "data")
    >>> read_idx(os.path.join(here, "t10k-labels-idx1-ubyte.gz"))[:10]
    array([7, 2, 1, 0, 4, 1, 4, 9, 5, 9], dtype=uint8)
    """
    return parse_idx(read_bytes(path), os.fspath(path))
