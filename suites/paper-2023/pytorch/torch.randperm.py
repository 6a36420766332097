"""torch.randperm: a random permutation of 0..n-1, as in PyTorch's test_randperm*:
sizes 0, 1 and large, integer and floating dtypes, reproducible with a seeded
generator."""
import numpy as np
import torch

from portabench import case

FUNCTION = "torch.randperm"


@case(n=[0, 1, 10, 5000], dtype=["int64", "int32", "int16", "float32", "float64"])
def permutation(bench, device, n, dtype):
    if dtype == "int16" and n > 32767:
        n = 32767
    out = bench.measure(torch.randperm, n, dtype=getattr(torch, dtype), device=device)
    assert out.dtype == getattr(torch, dtype) and out.numel() == n
    assert np.array_equal(np.sort(out.cpu().numpy().astype(np.int64)), np.arange(n))


@case
def seeded_generator(bench, device):
    def draw(n):
        g = torch.Generator(device=device).manual_seed(123)
        return torch.randperm(n, generator=g, device=device)

    a = bench.measure(draw, 100)
    assert torch.equal(a, draw(100)) and not torch.equal(a, torch.arange(100, device=device))
