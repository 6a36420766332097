"""torch.nn.functional.dropout: element-wise dropout (kept values scaled by
1/(1-p)), identity when not training, p=0 / p=1 corner cases and an empty input
(the study's two timed calls), gradients matching the mask."""
import numpy as np
import torch
import torch.nn.functional as F

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.nn.functional.dropout"


@case(dtype=["float32", "float64", "float16", "bfloat16"], p=[0.1, 0.5, 0.9])
def training(bench, device, dtype, p):
    x = torch.ones(4000, device=device, dtype=getattr(torch, dtype))
    out = bench.measure(F.dropout, x, p=p, training=True)
    o = out.float().cpu().numpy()
    kept = o != 0
    assert_close(o[kept], np.full(int(kept.sum()), 1 / (1 - p)), dtype)
    assert abs(kept.mean() - (1 - p)) < 0.05


@case(p=[0.0, 1.0])
def corner_cases(bench, device, p):
    x = torch.randn(10, 10, device=device)
    out = bench.measure(F.dropout, x, p=p, training=True)
    assert torch.equal(out, x if p == 0 else torch.zeros_like(x))


@case
def not_training_and_empty(bench, device):
    x = torch.randn(5, device=device)
    a, b = bench.measure(lambda x, e: (F.dropout(x, 0.5, training=False), F.dropout(e)), x, torch.empty(0, 3, device=device))
    assert torch.equal(a, x) and tuple(b.shape) == (0, 3)


@case
def gradient(bench, device):
    x = torch.ones(100, dtype=torch.float64, device=device, requires_grad=True)
    out = bench.measure(F.dropout, x, p=0.5, training=True)
    out.sum().backward()
    assert_close(x.grad, out.detach().cpu().numpy(), "float64")
