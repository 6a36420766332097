"""The public qualified name of the function an OpInfo exercises, so that generated
results join with the API catalog (``portabench enumerate``) and with mined usage.

OpInfo names are mostly the public path below ``torch`` already (``add``,
``nn.functional.conv2d``, ``linalg.svd``, ``fft.fft``, ``special.i0``,
``masked.sum``, ``signal.windows.hann``); ``op.op`` itself is often a private object
(``torch._C._linalg.linalg_svd``) or a lambda, so its ``__module__`` names no public
path. In order:

1. ``torch.Tensor.<name>_`` for an ``in_place`` variant (``"inplace_method"``); then
   ``torch.<name>`` when that path resolves to a callable (a dtype such as
   ``torch.float`` does not count) — ``how="name"``;
2. ``torch.Tensor.<name>`` for method-only ops (``item``, ``T``, ``__radd__``,
   ``float``) — ``"method"``; ``torch.Tensor.<name>_`` for ops OpInfo tests through
   the in-place method only (``cauchy``, ``uniform``) — ``"inplace_method"``;
3. an alias that resolves (``torch.<alias>``) — ``"alias"``;
4. ``op.op``'s own ``__module__.__qualname__`` when that is a public module (no
   ``_``-prefixed part, not the test suite's lambdas) — ``"object"``;
5. ``torch.ops.aten.<name>`` when ATen has the op (``slice``,
   ``native_dropout_backward``) — ``"aten"``;
6. fallback ``torch.<name>``, unresolved — ``"fallback"`` (e.g. the CUDA-only
   ``jiterator_*`` test ops).
"""
import torch


def resolve(path, root=torch):
    obj = root
    for part in path.split("."):
        try:
            obj = getattr(obj, part)
        except Exception:
            return None
    return obj


def _is_function(obj):
    return obj is not None and callable(obj) and not isinstance(obj, torch.dtype)


def _public_module(mod):
    return bool(mod) and mod.startswith("torch") and not any(p.startswith("_") for p in mod.split("."))


def public_name(op):
    """``(qualified_name, how)`` for an OpInfo (see the module docstring)."""
    name = op.name
    if name.startswith("torch."):  # "torch.ops.aten._safe_softmax.default"
        rest = name[len("torch."):]
        return ("torch." + rest, "name") if resolve(rest) is not None else (name, "fallback")
    if getattr(op, "variant_test_name", "") == "in_place" and hasattr(torch.Tensor, name + "_"):
        return "torch.Tensor." + name + "_", "inplace_method"  # normal (in_place variant)
    if _is_function(resolve(name)):
        return "torch." + name, "name"
    if hasattr(torch.Tensor, name):
        return "torch.Tensor." + name, "method"
    if hasattr(torch.Tensor, name + "_"):
        return "torch.Tensor." + name + "_", "inplace_method"
    for alias in getattr(op, "aliases", ()) or ():
        if _is_function(resolve(alias.name)):
            return "torch." + alias.name, "alias"
    fn = getattr(op, "op", None)
    mod, qual = getattr(fn, "__module__", None), getattr(fn, "__qualname__", None)
    if _public_module(mod) and qual and "<" not in qual and resolve(f"{mod}.{qual}".removeprefix("torch.")) is fn:
        return f"{mod}.{qual}", "object"
    if hasattr(torch.ops.aten, name.split(".")[0]):
        return "torch.ops.aten." + name, "aten"
    return "torch." + name, "fallback"
