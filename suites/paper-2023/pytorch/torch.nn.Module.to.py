"""torch.nn.Module.to: move and cast a module's parameters and buffers, as in
PyTorch's test_to (the study's pick): dtype casts keep values, integer buffers are
not cast, device moves, returns self, memory_format."""
import numpy as np
import torch
from torch import nn

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.nn.Module.to"


@case(dtype=["float64", "float16", "bfloat16", "float32"])
def cast(bench, device, dtype):
    torch.manual_seed(0)
    m = nn.Sequential(nn.Linear(3, 5), nn.BatchNorm1d(5))
    w = m[0].weight.detach().double().numpy().copy()
    out = bench.measure(lambda m: m.to(dtype=getattr(torch, dtype)), m)
    assert out is m
    assert m[0].weight.dtype == getattr(torch, dtype) and m[1].running_mean.dtype == getattr(torch, dtype)
    assert m[1].num_batches_tracked.dtype == torch.int64
    assert_close(m[0].weight, w, dtype)


@case
def to_device(bench, device):
    m = nn.Linear(2, 2)
    out = bench.measure(lambda m: m.to(device), m)
    assert out.weight.device.type == device.type
    x = torch.ones(1, 2, device=device)
    assert out(x).device.type == device.type


@case
def device_and_dtype_and_memory_format(bench, device):
    m = nn.Conv2d(3, 4, 3)
    out = bench.measure(lambda m: m.to(device, torch.float64, memory_format=torch.channels_last), m)
    assert out.weight.dtype == torch.float64 and out.weight.is_contiguous(memory_format=torch.channels_last)
