"""torch.nn.AdaptiveAvgPool3d: the pooling forward (the study timed construction),
against NumPy adaptive windows; output size one, non-divisible sizes, a zero batch
(test_adaptive_pooling_zero_batch) and gradients."""
import math

import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.nn.AdaptiveAvgPool3d"


def reference(x, out):
    n, c, *size = x.shape
    res = np.zeros((n, c) + tuple(out))
    for i in range(out[0]):
        for j in range(out[1]):
            for k in range(out[2]):
                s = [slice(math.floor(a * insz / o), math.ceil((a + 1) * insz / o)) for a, insz, o in zip((i, j, k), size, out)]
                res[:, :, i, j, k] = x[:, :, s[0], s[1], s[2]].mean(axis=(2, 3, 4))
    return res


@case(dtype=["float32", "float64", "float16", "bfloat16"], output=[(1, 1, 1), (2, 3, 2), (5, 4, 3)])
def pool(bench, device, dtype, output):
    t = getattr(torch, dtype)
    x = torch.tensor(np.random.default_rng(0).standard_normal((2, 3, 5, 7, 6)), dtype=t, device=device)
    out = bench.measure(torch.nn.AdaptiveAvgPool3d(output), x)
    assert_close(out, reference(x.double().cpu().numpy(), output), dtype, scale=2)


@case
def unbatched_non_contiguous(bench, device):
    x = torch.randn(6, 4, 5, 3, dtype=torch.float64, device=device).permute(3, 0, 1, 2)
    out = bench.measure(torch.nn.AdaptiveAvgPool3d((3, 2, None)), x)
    assert_close(out, reference(x.cpu().numpy()[None], (3, 2, 5))[0], "float64")


@case
def zero_batch(bench, device):
    out = bench.measure(torch.nn.AdaptiveAvgPool3d(2), torch.empty(0, 3, 4, 4, 4, device=device))
    assert tuple(out.shape) == (0, 3, 2, 2, 2)


@case
def gradient(bench, device):
    x = torch.randn(1, 1, 4, 4, 4, dtype=torch.float64, device=device, requires_grad=True)
    out = bench.measure(torch.nn.AdaptiveAvgPool3d(2), x)
    out.sum().backward()
    assert_close(x.grad, np.full((1, 1, 4, 4, 4), 1 / 8), "float64")
