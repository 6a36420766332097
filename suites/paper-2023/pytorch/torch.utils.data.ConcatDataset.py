"""torch.utils.data.ConcatDataset: concatenate datasets and index across their
boundaries, as in PyTorch's test_dataloader (TestConcatDataset): sizes, negative
indices, empty members, an out-of-range index."""
import numpy as np
import torch
from torch.utils.data import ConcatDataset, TensorDataset

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.utils.data.ConcatDataset"


def read_all(parts):
    ds = ConcatDataset([TensorDataset(p) for p in parts])
    return [ds[i][0] for i in range(len(ds))] + [ds[-1][0]]


@case(dtype=["float32", "int64", "bool", "bfloat16"])
def across_boundaries(bench, device, dtype):
    t = getattr(torch, dtype)
    parts = [torch.arange(n, device=device).to(t) for n in (3, 0, 5)]
    out = bench.measure(read_all, parts)
    ref = np.concatenate([np.arange(3), np.arange(5), [4]])
    assert_close(torch.stack(out), ref.astype(bool) if dtype == "bool" else ref, dtype)


@case
def out_of_range(bench, device):
    def index(parts):
        ds = ConcatDataset([TensorDataset(p) for p in parts])
        try:
            ds[len(ds)]
        except IndexError:
            return len(ds)
        return None

    assert bench.measure(index, [torch.zeros(2, device=device), torch.zeros(4, device=device)]) == 6
