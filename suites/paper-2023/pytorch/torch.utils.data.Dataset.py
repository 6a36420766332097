"""torch.utils.data.Dataset: a user Dataset subclass read through a DataLoader
(the study timed only the subclass's construction), as in PyTorch's test_dataloader:
tensor and dict samples, batching and collation, an empty dataset."""
import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.utils.data.Dataset"


class TensorRows(Dataset):
    def __init__(self, data):
        self.data = data

    def __len__(self):
        return len(self.data)

    def __getitem__(self, i):
        return self.data[i]


class DictDataset(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, i):
        return {"a_tensor": torch.empty(4, 2).fill_(i), "another_dict": {"a_number": i}}


def load_all(data, batch_size):
    return list(DataLoader(TensorRows(data), batch_size=batch_size))


@case(dtype=["float32", "float64", "int64", "bool"], batch_size=[1, 3])
def tensor_rows(bench, device, dtype, batch_size):
    x = torch.arange(20, device=device).reshape(10, 2).to(getattr(torch, dtype))
    batches = bench.measure(load_all, x, batch_size=batch_size)
    assert len(batches) == -(-10 // batch_size)
    assert_close(torch.cat(batches), x.cpu().numpy(), dtype)


@case
def dict_samples(bench, device):
    batches = bench.measure(lambda: list(DataLoader(DictDataset(), batch_size=2)))
    assert len(batches) == 2
    for i, b in enumerate(batches):
        assert tuple(b["a_tensor"].shape) == (2, 4, 2)
        assert_close(b["another_dict"]["a_number"], np.array([2 * i, 2 * i + 1]), "int64")


@case
def empty(bench, device):
    batches = bench.measure(load_all, torch.empty(0, 3, device=device), batch_size=4)
    assert batches == []
