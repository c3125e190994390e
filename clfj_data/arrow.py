"""Arrow arrays and scalars made from Python values without pyarrow importing pandas.

Whenever pyarrow converts a Python or numpy value (``pa.array``, ``pa.scalar``, or a number
passed to a compute function) it first imports pandas, to ask whether the value is a pandas
object: about a quarter of a second, longer than checking 100,000 milestones takes. Arrays
assembled from their buffers skip that question, so the loader and the schema make their
arrays and scalars here, and checking a file never loads pandas.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

_EPOCH = dt.date(1970, 1, 1)
_NUMBERS = {pa.int32(): np.int32, pa.int64(): np.int64}


def array(values, type: pa.DataType) -> pa.Array:
    """``values`` (Python values, None where one is missing) as an Arrow array of ``type``:
    strings, dates (date32), booleans, 32 or 64-bit integers, or lists of those."""
    values = list(values)
    if pa.types.is_list(type):
        lengths = [len(value) for value in values]
        offsets = np.concatenate([np.zeros(1, np.int32), np.cumsum(lengths, dtype=np.int32)])
        flat = array([item for value in values for item in value], type.value_type)
        return pa.ListArray.from_arrays(numbers(offsets, pa.int32()), flat)
    size = len(values)
    present = np.fromiter((value is not None for value in values), dtype=bool, count=size)
    validity = None if present.all() else pa.py_buffer(np.packbits(present, bitorder="little"))
    if pa.types.is_string(type):
        encoded = [value.encode("utf-8") if value is not None else b"" for value in values]
        offsets = np.zeros(size + 1, np.int32)
        np.cumsum([len(cell) for cell in encoded], out=offsets[1:])
        buffers = [validity, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))]
        return pa.Array.from_buffers(type, size, buffers)
    if pa.types.is_date32(type):
        days = [(value - _EPOCH).days if value is not None else 0 for value in values]
        return pa.Array.from_buffers(type, size, [validity, pa.py_buffer(np.array(days, np.int32))])
    if pa.types.is_boolean(type):
        bits = np.packbits(np.array([bool(value) for value in values], dtype=bool), bitorder="little")
        return pa.Array.from_buffers(type, size, [validity, pa.py_buffer(bits)])
    if type in _NUMBERS:
        cells = np.array([value if value is not None else 0 for value in values], _NUMBERS[type])
        return pa.Array.from_buffers(type, size, [validity, pa.py_buffer(cells)])
    raise TypeError(f"Cannot make an array of {type}")


def text_bytes(column: pa.ChunkedArray) -> bytes:
    """The UTF-8 bytes of a string column's cells, end to end. A sliced array's buffers can
    also hold its neighbours' cells: enough for a check that may only raise a false alarm."""
    return b"".join(chunk.buffers()[2].to_pybytes() for chunk in column.chunks if len(chunk))


def numbers(values: np.ndarray, type: pa.DataType) -> pa.Array:
    """A numpy array of integers, none missing, as an Arrow array of ``type``."""
    cells = np.ascontiguousarray(values, dtype=_NUMBERS[type])
    return pa.Array.from_buffers(type, len(cells), [None, pa.py_buffer(cells)])


def scalar(value, type: pa.DataType) -> pa.Scalar:
    """``value`` as an Arrow scalar, for comparing a column with it."""
    return array([value], type)[0]


def filled(text: str, size: int) -> pa.Array:
    """A string array of ``size`` copies of ``text``."""
    encoded = text.encode("utf-8")
    offsets = np.arange(size + 1, dtype=np.int32) * len(encoded)
    return pa.Array.from_buffers(
        pa.string(), size, [None, pa.py_buffer(offsets), pa.py_buffer(encoded * size)]
    )
