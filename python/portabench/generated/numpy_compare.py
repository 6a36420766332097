"""Compare outputs given as NumPy-convertible leaves (JAX arrays, TensorFlow tensors,
NumPy arrays, scalars) with a reference, leaf by leaf.

Inexact leaves (floating, complex) are compared with ``np.isclose`` (NaN equal to
NaN, complex values compared as complex) within a tolerance for the dtype under test
(``TOLERANCE``: for results computed at that dtype on two devices or by two
implementations, not against an exact answer); integer and bool leaves must be equal.
bfloat16 and other ``ml_dtypes`` floats are widened to float32 for the comparison.

A precision miss raises ``PrecisionError`` ("Not close …", classified
float_precision); a wrong integer/bool result or a different shape raises
``AssertionError`` starting with "Wrong result".
"""
import numpy as np

from portabench.testing import PrecisionError

# (rtol, atol) per dtype name.
TOLERANCE = {
    "float64": (1e-7, 1e-9),
    "float32": (1e-4, 1e-5),
    "float16": (1e-2, 1e-3),
    "bfloat16": (2e-2, 1e-2),
    "complex128": (1e-7, 1e-9),
    "complex64": (1e-4, 1e-5),
}
# Low-precision float formats NumPy knows only through ml_dtypes: compared as float32.
_NARROW = {"bfloat16", "float8_e4m3fn", "float8_e5m2", "float8_e4m3b11fnuz", "float8_e4m3fnuz", "float8_e5m2fnuz"}


def as_array(x):
    if hasattr(x, "numpy") and not isinstance(x, np.ndarray):  # tf.Tensor
        x = x.numpy()
    arr = np.asarray(x)
    if arr.dtype.name in _NARROW:
        arr = arr.astype(np.float32)
    return arr


def tolerance(*dtype_names, scale=1.0):
    """The loosest (rtol, atol) among the named dtypes (those with no entry, e.g.
    integers, do not count; float32's when none has one)."""
    known = [TOLERANCE[n] for n in dtype_names if n in TOLERANCE] or [TOLERANCE["float32"]]
    return max(t[0] for t in known) * scale, max(t[1] for t in known) * scale


def compare_leaf(actual, expected, dtype_name=None, scale=1.0, what="result"):
    """Tolerance: the loosest of the tested dtype ``dtype_name`` and the two leaves'
    own dtypes (NumPy computes ``sin`` of int8 in float16, TensorFlow in float32)."""
    a0, e0 = np.asarray(actual) if not hasattr(actual, "numpy") else actual.numpy(), np.asarray(expected)
    names = [n for n in (dtype_name, a0.dtype.name, e0.dtype.name) if n]
    name = names[0]
    a, e = as_array(a0), as_array(e0)
    if a.shape != e.shape:
        raise AssertionError(f"Wrong result: {what} has shape {a.shape}, the reference {e.shape}")
    if a.dtype.kind in "fc" or e.dtype.kind in "fc":
        rtol, atol = tolerance(*names, scale=scale)
        ok = np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=True)
        if not ok.all():
            diff = np.nan_to_num(np.abs(a.astype(np.complex128) - e.astype(np.complex128)), nan=np.inf)
            worst = np.unravel_index(int(np.argmax(np.where(ok, -1.0, diff))), a.shape) if a.ndim else ()
            raise PrecisionError(
                f"Not close ({name}): {what}: {int((~ok).sum())} of {a.size} elements outside "
                f"rtol={rtol:g}, atol={atol:g}; max abs diff {float(diff[worst]):.3g} at "
                f"{tuple(int(i) for i in worst)} (got {a[worst]!r}, expected {e[worst]!r})")
        return
    if not np.array_equal(a, e):
        bad = int(np.sum(a != e)) if a.shape else 1
        raise AssertionError(f"Wrong result: {what}: {bad} of {max(a.size, 1)} elements differ from the reference ({a.dtype})")


def compare_leaves(actual, expected, dtype_name=None, scale=1.0, what="result"):
    """Compare two equally long lists of leaves."""
    if len(actual) != len(expected):
        raise AssertionError(f"Wrong result: {what} has {len(actual)} outputs, the reference {len(expected)}")
    for i, (a, e) in enumerate(zip(actual, expected)):
        compare_leaf(a, e, dtype_name, scale, f"{what} output {i}" if len(actual) > 1 else what)


def compare_shapes(actual, expected, what="result"):
    """For outputs that are not unique (eigenvectors, factorisations): same number of
    outputs, shapes and dtypes."""
    if len(actual) != len(expected):
        raise AssertionError(f"Wrong result: {what} has {len(actual)} outputs, the reference {len(expected)}")
    for i, (a, e) in enumerate(zip(actual, expected)):
        a, e = np.asarray(a), np.asarray(e)
        if a.shape != e.shape or a.dtype != e.dtype:
            raise AssertionError(f"Wrong result: {what} output {i} is {a.dtype}{list(a.shape)}, the reference {e.dtype}{list(e.shape)}")


def differences(actual, expected):
    """``{"max_abs_diff", "max_rel_diff"}`` over the inexact leaves of two lists of leaves that
    have the same shape (in float64), as ``torch_compare.differences`` gives for tensors: the
    largest ``|a - e|`` and that difference relative to the leaf's scale (``max|a - e| / max|e|``).
    NaN where both are NaN counts as equal; non-finite differences are left out and counted
    in ``nonfinite_diffs``. Empty when no leaf compares."""
    out = {}
    nonfinite = 0
    for a, e in zip(actual, expected):
        a, e = as_array(a), as_array(e)
        if a.shape != e.shape or a.size == 0 or a.dtype.kind != "f" or e.dtype.kind != "f":
            continue
        a, e = np.atleast_1d(a.astype(np.float64)), np.atleast_1d(e.astype(np.float64))
        diff = np.abs(a - e)
        diff[np.isnan(a) & np.isnan(e)] = 0.0
        finite = np.isfinite(diff)
        nonfinite += int((~finite).sum())
        if not finite.any():
            continue
        worst = float(diff[finite].max())
        scale = float(np.abs(e[finite]).max())
        out["max_abs_diff"] = max(out.get("max_abs_diff", 0.0), worst)
        if scale > 0:
            out["max_rel_diff"] = max(out.get("max_rel_diff", 0.0), worst / scale)
    if out and nonfinite:
        out["nonfinite_diffs"] = float(nonfinite)
    return out
