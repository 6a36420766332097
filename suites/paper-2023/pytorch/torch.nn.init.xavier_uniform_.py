"""torch.nn.init.xavier_uniform_: fill a tensor in place from U(-a, a) with
a = gain * sqrt(6 / (fan_in + fan_out)), as in PyTorch's test_xavier_uniform: 2-D and
convolution shapes, gains, dtypes, a seeded generator, <2-D input refused."""
import math

import numpy as np
import torch
from torch.nn import init

from portabench import case

FUNCTION = "torch.nn.init.xavier_uniform_"


@case(shape=[(50, 80), (30, 20, 3, 3)], gain=[1.0, math.sqrt(2)], dtype=["float32", "float64", "float16", "bfloat16"])
def bounds(bench, device, shape, gain, dtype):
    w = torch.empty(shape, device=device, dtype=getattr(torch, dtype))
    out = bench.measure(init.xavier_uniform_, w, gain=gain)
    assert out is w
    rf = int(np.prod(shape[2:])) if len(shape) > 2 else 1
    a = gain * math.sqrt(6 / (shape[1] * rf + shape[0] * rf))
    v = w.double().cpu().numpy()
    assert v.min() >= -a * 1.01 and v.max() <= a * 1.01
    assert abs(v.std() - a / math.sqrt(3)) < 0.1 * a  # std of U(-a, a)


@case
def seeded_generator(bench, device):
    def fill(w):
        g = torch.Generator(device=device).manual_seed(7)
        return init.xavier_uniform_(w, generator=g).clone()

    a = bench.measure(fill, torch.empty(10, 10, device=device))
    assert torch.equal(a, fill(torch.empty(10, 10, device=device)))


@case
def refuses_one_dimensional(bench, device):
    def call(w):
        try:
            init.xavier_uniform_(w)
        except ValueError as exc:
            return str(exc)
        return None

    assert bench.measure(call, torch.empty(5, device=device)) is not None
