"""torch.nn.Dropout3d: channel-wise dropout in training mode (whole channels zeroed,
the rest scaled by 1/(1-p)), identity in eval mode, p=0 and p=1, unbatched input,
as in PyTorch's test_Dropout3d."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.nn.Dropout3d"


@case(dtype=["float32", "float64", "float16", "bfloat16"], p=[0.2, 0.5])
def channels(bench, device, dtype, p):
    x = torch.ones(4, 50, 2, 3, 2, device=device, dtype=getattr(torch, dtype))
    out = bench.measure(torch.nn.Dropout3d(p), x)
    o = out.float().cpu().numpy().reshape(4, 50, -1)
    per_channel = o[:, :, :1]
    assert (o == per_channel).all(), "each channel must be kept or dropped whole"
    kept = per_channel != 0
    assert_close(per_channel[kept], np.full(int(kept.sum()), 1 / (1 - p)), dtype)
    assert 0.05 < 1 - kept.mean() < 0.95


@case(p=[0.0, 1.0])
def extremes(bench, device, p):
    x = torch.randn(2, 3, 2, 2, 2, device=device)
    out = bench.measure(torch.nn.Dropout3d(p), x)
    assert_close(out, x.cpu().numpy() if p == 0 else np.zeros(x.shape), "float32")


@case
def eval_is_identity(bench, device):
    x = torch.randn(3, 2, 2, 2, device=device)  # unbatched (C, D, H, W)
    out = bench.measure(torch.nn.Dropout3d(0.5).eval(), x)
    assert torch.equal(out, x)
