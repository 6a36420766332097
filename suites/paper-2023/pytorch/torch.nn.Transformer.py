"""torch.nn.Transformer: a small encoder-decoder forward (the study timed its
construction), compared with the same model run in float64 on the CPU, with a
causal target mask; an empty batch; gradients."""
import numpy as np
import torch
from torch import nn

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.nn.Transformer"


def make():
    torch.manual_seed(0)
    return nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16, dropout=0.0, batch_first=True).eval()


@case(dtype=["float32", "float64", "float16", "bfloat16"])
def forward(bench, device, dtype):
    t = getattr(torch, dtype)
    ref_model = make().double()
    model = make().to(device=device, dtype=t)
    rng = np.random.default_rng(0)
    src = torch.tensor(rng.standard_normal((2, 5, 8)))
    tgt = torch.tensor(rng.standard_normal((2, 3, 8)))
    mask = nn.Transformer.generate_square_subsequent_mask(3, dtype=torch.float64)
    with torch.no_grad():
        out = bench.measure(model, src.to(device, t), tgt.to(device, t), tgt_mask=mask.to(device, t))
        ref = ref_model(src, tgt, tgt_mask=mask)
    assert_close(out, ref.numpy(), dtype, scale=20)


@case
def empty_batch(bench, device):
    model = make().to(device)
    out = bench.measure(model, torch.empty(0, 4, 8, device=device), torch.empty(0, 2, 8, device=device))
    assert tuple(out.shape) == (0, 2, 8)


@case
def gradient(bench, device):
    model = make().double().to(device).train()
    src = torch.randn(1, 4, 8, dtype=torch.float64, device=device, requires_grad=True)
    tgt = torch.randn(1, 2, 8, dtype=torch.float64, device=device)
    out = bench.measure(model, src, tgt)
    out.pow(2).sum().backward()
    assert src.grad is not None and torch.isfinite(src.grad).all() and src.grad.abs().sum() > 0
