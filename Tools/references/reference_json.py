"""Shared by the reference generators: how a number is written into the committed JSON.

Floats keep full precision (Python's repr is the shortest round-trip form); NaN and ±∞, which
strict JSON cannot hold, become the strings "nan", "inf" and "-inf" that the Swift tests'
`ReferenceData` reads back. Where a test needs the exact double (ulp-level accuracy tests),
`bit_pattern` writes its IEEE 754 bits instead.
"""
import math
import struct


def json_number(x):
    """One float, JSON-safe."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def json_nested(values):
    """A number or nested lists/arrays of numbers (any depth), JSON-safe."""
    if hasattr(values, "tolist"):
        values = values.tolist()
    if isinstance(values, (list, tuple)):
        return [json_nested(v) for v in values]
    return json_number(values)


def bit_pattern(x):
    """The IEEE 754 bit pattern of a double as 16 hex digits: exact whatever the JSON reader's
    number parsing (Foundation's JSONSerialization on Linux misreads some 17-digit decimals by a
    few ulps, which would swamp a 1-ulp test), and it keeps the sign of −0 and NaN."""
    return format(struct.unpack("<Q", struct.pack("<d", float(x)))[0], "016x")
