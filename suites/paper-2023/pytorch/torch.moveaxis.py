"""torch.moveaxis: move dimensions to new positions, as in PyTorch's test_movedim
(the study's timer wrapped a helper around torch.movedim): single and multiple axes,
negative indices, every dtype, a view of the input; against np.moveaxis."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.moveaxis"

MOVES = {"one": (0, 2), "negative": (-1, 0), "several": ((0, 1), (2, 0)), "identity": ((), ())}


@case(move=list(MOVES), dtype=["float32", "float64", "float16", "int64", "bool"])
def moves(bench, device, move, dtype):
    xn = np.arange(24).reshape(2, 3, 4) % 5
    x = torch.tensor(xn, device=device).to(getattr(torch, dtype))
    src, dst = MOVES[move]
    out = bench.measure(torch.moveaxis, x, src, dst)
    ref = np.moveaxis(xn.astype(bool) if dtype == "bool" else xn, src, dst)
    assert_close(out, ref, dtype)


@case
def is_a_view(bench, device):
    x = torch.zeros(2, 3, 4, device=device)
    out = bench.measure(torch.moveaxis, x, 1, -1)
    assert out.data_ptr() == x.data_ptr() and tuple(out.shape) == (2, 4, 3)


@case
def empty(bench, device):
    out = bench.measure(torch.moveaxis, torch.empty(0, 2, 3, device=device), 0, 2)
    assert tuple(out.shape) == (2, 3, 0)
