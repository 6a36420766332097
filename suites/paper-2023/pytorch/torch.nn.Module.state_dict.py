"""torch.nn.Module.state_dict: parameters and persistent buffers of a module tree
under dotted names, as in PyTorch's test_state_dict: nested modules, buffers, non
persistent buffers excluded, keep_vars, values detached and shared with the module."""
import torch
from torch import nn

from portabench import case

FUNCTION = "torch.nn.Module.state_dict"


def model(dtype, device):
    m = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3), nn.Sequential(nn.Linear(3, 2)))
    m.register_buffer("scratch", torch.zeros(2), persistent=False)
    return m.to(device=device, dtype=dtype)


@case(dtype=["float32", "float64", "float16", "bfloat16"])
def keys_and_values(bench, device, dtype):
    m = model(getattr(torch, dtype), device)
    sd = bench.measure(m.state_dict)
    assert list(sd) == ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked", "2.0.weight", "2.0.bias"]
    assert all(not v.requires_grad for v in sd.values())
    assert sd["0.weight"].data_ptr() == m[0].weight.data_ptr()
    assert sd["0.weight"].dtype == getattr(torch, dtype)


@case
def keep_vars_and_prefix(bench, device):
    m = model(torch.float32, device)
    sd = bench.measure(lambda: m.state_dict(prefix="net.", keep_vars=True))
    assert sd["net.0.weight"] is m[0].weight and sd["net.0.weight"].requires_grad


@case
def roundtrip(bench, device):
    a, b = model(torch.float64, device), model(torch.float64, device)
    b.load_state_dict(bench.measure(a.state_dict))
    x = torch.randn(5, 4, dtype=torch.float64, device=device)
    a.eval(), b.eval()
    assert torch.equal(a(x), b(x))
