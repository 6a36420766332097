"""torch.nn.Sequential: a container's forward through its layers (the study timed
construction plus .to(device)); indexing, append and an empty container, as in
PyTorch's test_nn Sequential tests, against a NumPy forward."""
import numpy as np
import torch
from torch import nn

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.nn.Sequential"


def mlp(dtype, device):
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 3)).to(device=device, dtype=dtype)


def reference(seq, x):
    for layer in seq:
        if isinstance(layer, nn.Linear):
            x = x @ layer.weight.detach().double().cpu().numpy().T + layer.bias.detach().double().cpu().numpy()
        elif isinstance(layer, nn.ReLU):
            x = np.maximum(x, 0)
        elif isinstance(layer, nn.Tanh):
            x = np.tanh(x)
    return x


@case(dtype=["float32", "float64", "float16", "bfloat16"], batch=[1, 7])
def forward(bench, device, dtype, batch):
    t = getattr(torch, dtype)
    seq = mlp(t, device)
    x = torch.tensor(np.random.default_rng(0).standard_normal((batch, 6)), dtype=t, device=device)
    out = bench.measure(seq, x)
    assert_close(out, reference(seq, x.double().cpu().numpy()), dtype, scale=4)


@case
def append_and_slice(bench, device):
    seq = mlp(torch.float64, device)
    seq.append(nn.Tanh())
    head = seq[:2]
    assert isinstance(head, nn.Sequential) and len(head) == 2
    x = torch.randn(4, 6, dtype=torch.float64, device=device)
    out = bench.measure(seq, x)
    assert_close(out, reference(seq, x.cpu().numpy()), "float64")


@case
def empty_is_identity(bench, device):
    x = torch.randn(3, 2, device=device)
    out = bench.measure(nn.Sequential(), x)
    assert out is x


@case
def gradient(bench, device):
    seq = mlp(torch.float64, device)
    x = torch.randn(2, 6, dtype=torch.float64, device=device)
    out = bench.measure(seq, x)
    out.sum().backward()
    assert seq[0].weight.grad is not None and seq[0].weight.grad.shape == (5, 6)
