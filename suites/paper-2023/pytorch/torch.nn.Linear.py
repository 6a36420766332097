"""torch.nn.Linear: the layer's forward x @ W.T + b (the study timed construction
plus .to(device)), against NumPy: every floating dtype, no bias, batched 3-D and
1-D inputs, zero in_features, gradients; as in PyTorch's test_nn / test_linear."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.nn.Linear"


def make(i, o, dtype, device, bias=True):
    torch.manual_seed(0)
    return torch.nn.Linear(i, o, bias=bias).to(device=device, dtype=dtype)


def reference(m, x):
    y = x @ m.weight.detach().double().cpu().numpy().T
    return y + m.bias.detach().double().cpu().numpy() if m.bias is not None else y


@case(dtype=["float32", "float64", "float16", "bfloat16"], shape=[(7, 16), (2, 3, 16), (16,)])
def forward(bench, device, dtype, shape):
    t = getattr(torch, dtype)
    m = make(16, 5, t, device)
    x = torch.tensor(np.random.default_rng(0).standard_normal(shape), dtype=t, device=device)
    out = bench.measure(m, x)
    assert_close(out, reference(m, x.double().cpu().numpy()), dtype, scale=4)


@case
def no_bias(bench, device):
    m = make(4, 3, torch.float64, device, bias=False)
    x = torch.randn(5, 4, dtype=torch.float64, device=device)
    assert_close(bench.measure(m, x), reference(m, x.cpu().numpy()), "float64")


@case
def zero_in_features(bench, device):
    m = make(0, 3, torch.float32, device)
    out = bench.measure(m, torch.empty(2, 0, device=device))
    assert_close(out, np.broadcast_to(m.bias.detach().cpu().numpy(), (2, 3)), "float32")


@case
def gradient(bench, device):
    m = make(3, 2, torch.float64, device)
    x = torch.randn(4, 3, dtype=torch.float64, device=device)
    out = bench.measure(m, x)
    out.sum().backward()
    assert_close(m.weight.grad, np.tile(x.sum(0).cpu().numpy(), (2, 1)), "float64")
    assert_close(m.bias.grad, np.array([4.0, 4.0]), "float64")
