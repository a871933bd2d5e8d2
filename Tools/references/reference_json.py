"""Shared by the reference generators: how a number is written into the committed JSON.

Floats keep full precision (Python's repr is the shortest round-trip form); NaN and ±∞, which
strict JSON cannot hold, become the strings "nan", "inf" and "-inf" that the Swift tests'
`ReferenceData` reads back.
"""
import math


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
