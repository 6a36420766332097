"""torch.utils.data.Subset: build a subset and read it back, including a subset of a
subset and slicing, as in PyTorch's test_dataloader (test_slicing_of_subset_*)."""
import numpy as np
import torch
from torch.utils.data import Subset, TensorDataset

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.utils.data.Subset"


def read(dataset, indices):
    sub = Subset(dataset, indices)
    return [sub[i][0] for i in range(len(sub))]


@case(dtype=["float32", "int64", "bool", "float16"])
def rows(bench, device, dtype):
    x = torch.arange(24, device=device).reshape(12, 2).to(getattr(torch, dtype))
    idx = [5, 0, 11, 3]
    out = bench.measure(read, TensorDataset(x), idx)
    assert_close(torch.stack(out), x.cpu().numpy()[idx], dtype)


@case
def subset_of_subset(bench, device):
    x = torch.arange(10, device=device)
    inner = Subset(TensorDataset(x), list(range(2, 10)))
    out = bench.measure(read, inner, [0, 7, 3])
    assert_close(torch.stack(out), np.array([2, 9, 5]), "int64")
    assert Subset(inner, [1, 2])[[0, 1]][0].tolist() == [3, 4]


@case
def empty_indices(bench, device):
    out = bench.measure(read, TensorDataset(torch.ones(5, device=device)), [])
    assert out == []
