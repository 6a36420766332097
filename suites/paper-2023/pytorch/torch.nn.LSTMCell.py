"""torch.nn.LSTMCell: one LSTM step (the study timed construction only), against the
NumPy gate equations: dtypes, given or zero initial state, unbatched input, no bias,
gradients; as in PyTorch's test_LSTM_cell / test_RNN_cell_no_broadcasting."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.nn.LSTMCell"


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def reference(cell, x, h, c):
    np_ = lambda t: t.detach().double().cpu().numpy()
    gates = x @ np_(cell.weight_ih).T + h @ np_(cell.weight_hh).T
    if cell.bias:
        gates = gates + np_(cell.bias_ih) + np_(cell.bias_hh)
    i, f, g, o = np.split(gates, 4, axis=-1)
    c2 = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    return sigmoid(o) * np.tanh(c2), c2


def make(dtype, device, bias=True):
    torch.manual_seed(0)
    return torch.nn.LSTMCell(5, 4, bias=bias).to(device=device, dtype=dtype)


@case(dtype=["float32", "float64", "float16", "bfloat16"], bias=[True, False])
def step(bench, device, dtype, bias):
    t = getattr(torch, dtype)
    cell = make(t, device, bias)
    rng = np.random.default_rng(0)
    x, h, c = (torch.tensor(rng.standard_normal(s), dtype=t, device=device) for s in ((3, 5), (3, 4), (3, 4)))
    h2, c2 = bench.measure(cell, x, (h, c))
    rh, rc = reference(cell, *(a.double().cpu().numpy() for a in (x, h, c)))
    assert_close(h2, rh, dtype, scale=4)
    assert_close(c2, rc, dtype, scale=4)


@case
def zero_state_unbatched(bench, device):
    cell = make(torch.float64, device)
    x = torch.randn(5, dtype=torch.float64, device=device)
    h2, c2 = bench.measure(cell, x)
    rh, rc = reference(cell, x.cpu().numpy(), np.zeros(4), np.zeros(4))
    assert_close(h2, rh, "float64")
    assert_close(c2, rc, "float64")


@case
def gradient(bench, device):
    cell = make(torch.float64, device)
    x = torch.randn(2, 5, dtype=torch.float64, device=device, requires_grad=True)
    h2, c2 = bench.measure(cell, x)
    (h2.sum() + c2.sum()).backward()
    assert x.grad is not None and torch.isfinite(x.grad).all()
