"""torch.nn.Module.zero_grad: clear the gradients of every parameter of a module
tree, as in PyTorch's test_zero_grad: set_to_none (default) or zero-filled, nested
modules, parameters without gradients, dtypes."""
import torch
from torch import nn

from portabench import case

FUNCTION = "torch.nn.Module.zero_grad"


def trained(dtype, device):
    m = nn.Sequential(nn.Linear(4, 3), nn.Sequential(nn.Linear(3, 2))).to(device=device, dtype=dtype)
    m(torch.randn(5, 4, device=device, dtype=dtype)).sum().backward()
    return m


@case(dtype=["float32", "float64", "float16", "bfloat16"], set_to_none=[True, False])
def clears(bench, device, dtype, set_to_none):
    m = trained(getattr(torch, dtype), device)
    assert all(p.grad is not None for p in m.parameters())
    bench.measure(m.zero_grad, set_to_none=set_to_none)
    for p in m.parameters():
        assert p.grad is None if set_to_none else (p.grad is not None and not p.grad.any())


@case
def frozen_parameters(bench, device):
    m = nn.Linear(2, 2).to(device)
    m.weight.requires_grad_(False)
    m(torch.ones(1, 2, device=device)).sum().backward()
    bench.measure(m.zero_grad)
    assert m.weight.grad is None and m.bias.grad is None
