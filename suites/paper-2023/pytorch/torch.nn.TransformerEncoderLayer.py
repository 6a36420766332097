"""torch.nn.TransformerEncoderLayer: the layer's forward (the study timed its
construction), against a float64 NumPy encoder layer (self-attention, feed-forward,
post/pre layer norm), with masks and batch_first, as PyTorch's test_transformers."""
import numpy as np
import torch
from torch import nn

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.nn.TransformerEncoderLayer"


def np_(t):
    return t.detach().double().cpu().numpy()


def layer_norm(x, ln):
    mu, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + ln.eps) * np_(ln.weight) + np_(ln.bias)


def attention(x, mha, nhead, mask=None):
    b, s, d = x.shape
    q, k, v = np.split(x @ np_(mha.in_proj_weight).T + np_(mha.in_proj_bias), 3, axis=-1)
    heads = lambda t: t.reshape(b, s, nhead, d // nhead).transpose(0, 2, 1, 3)
    q, k, v = heads(q), heads(k), heads(v)
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d // nhead)
    if mask is not None:
        scores = scores + mask
    w = np.exp(scores - scores.max(-1, keepdims=True))
    w /= w.sum(-1, keepdims=True)
    out = (w @ v).transpose(0, 2, 1, 3).reshape(b, s, d)
    return out @ np_(mha.out_proj.weight).T + np_(mha.out_proj.bias)


def reference(layer, x, nhead, norm_first, mask=None):
    ff = lambda h: np.maximum(h @ np_(layer.linear1.weight).T + np_(layer.linear1.bias), 0) @ np_(layer.linear2.weight).T + np_(layer.linear2.bias)
    if norm_first:
        x = x + attention(layer_norm(x, layer.norm1), layer.self_attn, nhead, mask)
        return x + ff(layer_norm(x, layer.norm2))
    x = layer_norm(x + attention(x, layer.self_attn, nhead, mask), layer.norm1)
    return layer_norm(x + ff(x), layer.norm2)


def make(dtype, device, norm_first=False):
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, batch_first=True, norm_first=norm_first)
    return layer.to(device=device, dtype=dtype).eval()


@case(dtype=["float32", "float64", "float16", "bfloat16"], norm_first=[False, True])
def forward(bench, device, dtype, norm_first):
    t = getattr(torch, dtype)
    layer = make(t, device, norm_first)
    x = torch.tensor(np.random.default_rng(0).standard_normal((2, 5, 8)), dtype=t, device=device)
    with torch.no_grad():
        out = bench.measure(layer, x)
    assert_close(out, reference(layer, np_(x), 2, norm_first), dtype, scale=10)


@case
def causal_mask(bench, device):
    layer = make(torch.float64, device)
    x = torch.randn(1, 4, 8, dtype=torch.float64, device=device)
    mask = nn.Transformer.generate_square_subsequent_mask(4, device=device, dtype=torch.float64)
    out = bench.measure(layer, x, src_mask=mask)
    assert_close(out, reference(layer, np_(x), 2, False, np_(mask)), "float64")


@case
def gradient(bench, device):
    layer = make(torch.float64, device).train()
    x = torch.randn(2, 3, 8, dtype=torch.float64, device=device, requires_grad=True)
    out = bench.measure(layer, x)
    out.sum().backward()
    assert x.grad is not None and torch.isfinite(x.grad).all()
