import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.argsort"


@case(dtype=["float32", "float16", "bfloat16", "float64", "int64"])
def random_rows(bench, device, dtype):
    rng = np.random.default_rng(0)
    x = torch.tensor(rng.permutation(4 * 2049).reshape(4, 2049), device=device).to(getattr(torch, dtype))
    idx = bench.measure(torch.argsort, x)
    assert torch.equal(torch.gather(x, 1, idx), torch.sort(x).values)


@case(descending=[False, True])
def stable_ties(bench, device, descending):
    x = torch.tensor([3, 1, 2, 1, 3, 2, 1], device=device)
    idx = bench.measure(torch.argsort, x, stable=True, descending=descending)
    ref = np.argsort(-x.cpu().numpy() if descending else x.cpu().numpy(), kind="stable")
    assert_close(idx, ref, "int64")


@case
def empty(bench, device):
    x = torch.empty(0, device=device)
    idx = bench.measure(torch.argsort, x)
    assert idx.numel() == 0 and idx.dtype == torch.int64
