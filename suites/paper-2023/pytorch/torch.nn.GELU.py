"""torch.nn.GELU: the activation's forward (the study timed a TransformerEncoderLayer
construction instead). Exact ('none') and tanh approximations against the float64
formula, all floating dtypes, empty and non-contiguous inputs, gradients."""
import math

import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.nn.GELU"

erf = np.vectorize(math.erf)


def reference(x, approximate):
    if approximate == "tanh":
        return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))
    return 0.5 * x * (1 + erf(x / math.sqrt(2)))


@case(dtype=["float32", "float64", "float16", "bfloat16"], approximate=["none", "tanh"])
def values(bench, device, dtype, approximate):
    x = torch.tensor(np.linspace(-6, 6, 301), dtype=getattr(torch, dtype), device=device)
    out = bench.measure(torch.nn.GELU(approximate=approximate), x)
    assert_close(out, reference(x.double().cpu().numpy(), approximate), dtype, scale=2)


@case
def non_contiguous(bench, device):
    x = torch.randn(16, 32, dtype=torch.float64, device=device).t()
    out = bench.measure(torch.nn.GELU(), x)
    assert_close(out, reference(x.cpu().numpy(), "none"), "float64")


@case
def empty(bench, device):
    out = bench.measure(torch.nn.GELU(), torch.empty(0, 4, device=device))
    assert tuple(out.shape) == (0, 4)


@case
def gradient(bench, device):
    x = torch.linspace(-3, 3, 13, dtype=torch.float64, device=device, requires_grad=True)
    out = bench.measure(torch.nn.GELU(), x)
    out.sum().backward()
    xn = x.detach().cpu().numpy()
    ref = 0.5 * (1 + erf(xn / math.sqrt(2))) + xn * np.exp(-xn**2 / 2) / math.sqrt(2 * math.pi)
    assert_close(x.grad, ref, "float64")
