import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.matmul"


@case(dtype=["float32", "float16", "bfloat16", "float64"], n=[64, 256])
def square(bench, device, dtype, n):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((n, n)), rng.standard_normal((n, n))
    ta = torch.tensor(a, dtype=getattr(torch, dtype), device=device)
    tb = torch.tensor(b, dtype=getattr(torch, dtype), device=device)
    out = bench.measure(torch.matmul, ta, tb)
    # reference from the rounded inputs, so only the product's own error counts
    ref = ta.double().cpu().numpy() @ tb.double().cpu().numpy()
    assert_close(out, ref, dtype, scale=np.sqrt(n))


@case(dtype=["float32", "float64"])
def batched_broadcast(bench, device, dtype):
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((8, 32, 16)), rng.standard_normal((16, 24))
    ta = torch.tensor(a, dtype=getattr(torch, dtype), device=device)
    tb = torch.tensor(b, dtype=getattr(torch, dtype), device=device)
    out = bench.measure(torch.matmul, ta, tb)
    assert tuple(out.shape) == (8, 32, 24)
    assert_close(out, a @ b, dtype, scale=4)


@case(dtype=["int32", "int64"])
def integers(bench, device, dtype):
    a = torch.arange(12, dtype=getattr(torch, dtype), device=device).reshape(3, 4)
    out = bench.measure(torch.matmul, a, a.T)
    ref = np.arange(12).reshape(3, 4) @ np.arange(12).reshape(3, 4).T
    assert_close(out, ref, dtype)
