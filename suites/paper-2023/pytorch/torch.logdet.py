"""torch.logdet: log of the determinant, as in PyTorch's test_logdet /
common_methods_invocations: positive determinant, negative (nan), singular (-inf),
batched, float32/float64 and complex, gradients (inverse transpose)."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.logdet"


def spd(n, rng, batch=()):
    a = rng.standard_normal(batch + (n, n))
    return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)


@case(dtype=["float32", "float64"], n=[1, 3, 8])
def positive_definite(bench, device, dtype, n):
    a = spd(n, np.random.default_rng(0))
    out = bench.measure(torch.logdet, torch.tensor(a, dtype=getattr(torch, dtype), device=device))
    assert_close(out, np.array(np.linalg.slogdet(a)[1]), dtype, scale=n)


@case
def batched_with_negative_and_singular(bench, device):
    a = np.stack([spd(3, np.random.default_rng(1)), np.diag([-1.0, 2.0, 3.0]), np.array([[1.0, 2, 3], [2, 4, 6], [0, 0, 1]])])
    out = bench.measure(torch.logdet, torch.tensor(a, device=device))
    r = out.cpu().numpy()
    assert_close(r[0], np.array(np.linalg.slogdet(a[0])[1]), "float64")
    assert np.isnan(r[1]) and r[2] == -np.inf


@case
def empty_matrix(bench, device):
    out = bench.measure(torch.logdet, torch.empty(2, 0, 0, dtype=torch.float64, device=device))
    assert_close(out, np.zeros(2), "float64")


@case
def gradient(bench, device):
    a = spd(4, np.random.default_rng(2))
    x = torch.tensor(a, device=device, requires_grad=True)
    out = bench.measure(torch.logdet, x)
    out.backward()
    assert_close(x.grad, np.linalg.inv(a).T, "float64")
