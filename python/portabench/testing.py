"""Helpers for test files: dtype tolerances and comparisons against a reference.

A numeric mismatch raises ``PrecisionError`` (an ``AssertionError``) whose message
starts with "Not close", which the failure classifier files under float_precision.
NumPy is imported lazily: every supported framework depends on it.
"""

# (rtol, atol) per dtype name, for results compared with a float64 reference.
TOLERANCE = {
    "float64": (1e-7, 1e-9),
    "float32": (1e-4, 1e-5),
    "float16": (1e-2, 1e-3),
    "bfloat16": (2e-2, 1e-2),
}


class PrecisionError(AssertionError):
    pass


def tolerance(dtype, scale=1.0):
    rtol, atol = TOLERANCE.get(str(dtype).split(".")[-1], (0.0, 0.0))
    return rtol * scale, atol * scale


def to_numpy(x):
    import numpy as np

    if hasattr(x, "detach"):  # torch
        x = x.detach().cpu()
        if str(x.dtype) == "torch.bfloat16":
            x = x.float()
        return x.numpy()
    if hasattr(x, "numpy") and not isinstance(x, np.ndarray):  # tf
        x = x.numpy()
    arr = np.asarray(x)
    if arr.dtype.name == "bfloat16":
        arr = arr.astype(np.float32)
    return arr


def assert_close(actual, expected, dtype="float32", scale=1.0, what="result"):
    """Compare ``actual`` (any framework's tensor) with ``expected`` (NumPy, ideally
    float64) within the dtype's tolerance times ``scale``."""
    import numpy as np

    a = to_numpy(actual).astype(np.float64) if to_numpy(actual).dtype.kind in "fc" else to_numpy(actual)
    e = np.asarray(expected)
    if a.shape != e.shape:
        raise AssertionError(f"{what}: shape {a.shape} != expected {e.shape}")
    rtol, atol = tolerance(dtype, scale)
    if a.dtype.kind not in "fc" or (rtol == 0 and atol == 0):
        if not np.array_equal(a, e):
            bad = int(np.sum(a != e))
            raise AssertionError(f"{what}: {bad} of {a.size} elements differ from the reference")
        return
    ok = np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=True)
    if not ok.all():
        # NaN where the reference is finite counts as the worst difference
        diff = np.nan_to_num(np.abs(a - e), nan=np.inf)
        worst = np.unravel_index(int(np.argmax(np.where(ok, -1.0, diff))), a.shape) if a.ndim else ()
        nans = int(np.isnan(a).sum()) - int(np.isnan(e).sum())
        raise PrecisionError(
            f"Not close ({dtype}): {int((~ok).sum())} of {a.size} elements outside rtol={rtol:g}, atol={atol:g}; "
            f"max abs diff {float(diff[worst]):.3g} at {tuple(int(i) for i in worst)} "
            f"(got {float(a[worst]):.6g}, expected {float(e[worst]):.6g})"
            + (f"; {nans} unexpected NaN" if nans > 0 else "")
        )
