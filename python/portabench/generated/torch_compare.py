"""Compare an op's output on the target with a CPU reference, leaf by leaf.

Outputs may be a tensor, a tuple or named tuple of tensors, a number, a bool, a
``torch.Size``, ``None``: they are flattened (``torch.utils._pytree``) and compared
pairwise. Floating and complex leaves are compared with ``torch.testing.assert_close``
(NaN equal to NaN, dtypes allowed to differ so that a float16 result meets a float64
reference) within ``(rtol, atol)``; integer and bool leaves must be equal, and a
mismatch there is reported as a wrong result rather than a precision miss.

A failed comparison raises ``Mismatch`` (an ``AssertionError``): precision misses keep
torch's "Tensor-likes are not close!" text (the classifier files them under
float_precision); wrong integer/bool results and structural differences start with
"Wrong result".
"""
import torch
from torch.testing._comparison import default_tolerances
from torch.utils._pytree import tree_flatten

# What PyTorch's own TestCommon.test_compare_cpu allows between a device and CPU.
COMPARE_CPU_TOL = (1e-3, 1e-3)


class Mismatch(AssertionError):
    pass


def _leaf(x):
    if isinstance(x, torch.Tensor):
        x = x.detach()
        if x.layout != torch.strided:
            x = x.to_dense()
        if x.is_quantized:
            x = x.dequantize()
        return x.cpu()
    return x


def _inexact(x):
    return isinstance(x, float) or isinstance(x, complex) or (
        isinstance(x, torch.Tensor) and (x.is_floating_point() or x.is_complex())
    )


def tolerance_for(leaf, extra=None, floor=None):
    """(rtol, atol) for one output leaf: torch.testing's defaults for its dtype,
    loosened to ``extra`` (the OpInfo's override) and ``floor`` where those are larger."""
    if isinstance(leaf, torch.Tensor):
        rtol, atol = default_tolerances(leaf)
    elif isinstance(leaf, (float, complex)):
        rtol, atol = default_tolerances(torch.tensor(leaf))
    else:
        rtol, atol = 0.0, 0.0
    for more in (extra, floor):
        if more:
            rtol, atol = max(rtol, more[0]), max(atol, more[1])
    return rtol, atol


def differences(actual, expected):
    """``{"max_abs_diff", "max_rel_diff"}`` over the floating leaves of ``actual`` and
    ``expected`` that have the same shape (``numpy_compare.differences``, in float64): the
    largest ``|a - e|``, and that largest difference relative to the leaf's scale,
    ``max|a - e| / max|e|`` (an element-wise ratio explodes where a reference element is near
    0, as logits and losses have). NaN where both are NaN counts as equal; a NaN or infinite
    difference is left out (JSON has no NaN) and counted in ``nonfinite_diffs``. Empty when
    no leaf compares."""
    from .numpy_compare import differences as leaf_differences

    a_leaves, _ = tree_flatten(actual)
    e_leaves, _ = tree_flatten(expected)
    pairs = []
    for a, e in zip(a_leaves, e_leaves):
        a, e = _leaf(a), _leaf(e)
        if not (isinstance(a, torch.Tensor) and isinstance(e, torch.Tensor)) or a.shape != e.shape:
            continue
        if not (_inexact(a) and _inexact(e)) or a.is_complex() or e.is_complex() or a.numel() == 0:
            continue
        pairs.append((a.double().cpu().numpy(), e.double().cpu().numpy()))
    return leaf_differences([a for a, _ in pairs], [e for _, e in pairs])


def compare(actual, expected, extra=None, floor=None, what="result"):
    """Raise ``Mismatch`` unless ``actual`` matches ``expected`` (see the module docstring).
    ``extra``: the OpInfo's tolerance for the case dtype; ``floor``: a minimum tolerance
    for inexact leaves (the device-vs-CPU allowance)."""
    a_leaves, a_spec = tree_flatten(actual)
    e_leaves, e_spec = tree_flatten(expected)
    if len(a_leaves) != len(e_leaves):
        raise Mismatch(f"Wrong result: {what} has {len(a_leaves)} outputs, the reference {len(e_leaves)}")
    for i, (a, e) in enumerate(zip(a_leaves, e_leaves)):
        a, e = _leaf(a), _leaf(e)
        where = f"{what} output {i}" if len(a_leaves) > 1 else what
        if isinstance(a, torch.Tensor) or isinstance(e, torch.Tensor):
            if not (isinstance(a, torch.Tensor) and isinstance(e, torch.Tensor)):
                raise Mismatch(f"Wrong result: {where} is {type(a).__name__}, the reference {type(e).__name__}")
            if a.shape != e.shape:
                raise Mismatch(f"Wrong result: {where} has shape {tuple(a.shape)}, the reference {tuple(e.shape)}")
        if _inexact(a) or _inexact(e):
            rtol, atol = tolerance_for(a, extra, floor)
            try:
                torch.testing.assert_close(a, e, rtol=rtol, atol=atol, equal_nan=True, check_dtype=False,
                                           check_device=False, check_layout=False, check_stride=False)
            except AssertionError as exc:
                raise Mismatch(f"{where}: {exc}") from None
        elif isinstance(a, torch.Tensor):
            if a.dtype != e.dtype and (a.dtype == torch.bool) != (e.dtype == torch.bool):
                raise Mismatch(f"Wrong result: {where} has dtype {a.dtype}, the reference {e.dtype}")
            if not torch.equal(a.to(e.dtype), e):
                bad = int((a.to(e.dtype) != e).sum())
                raise Mismatch(f"Wrong result: {where}: {bad} of {a.numel()} elements differ from the reference ({a.dtype})")
        elif a != e:
            raise Mismatch(f"Wrong result: {where} is {a!r}, the reference {e!r}")
