"""torch.addr: beta * input + alpha * outer(vec1, vec2), as in PyTorch's
test_addr_bool / test_addr_integral / test_addr_float_and_complex: every dtype
family, broadcast input, beta=0 ignoring NaN, non-contiguous vectors, gradients."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.addr"


@case(dtype=["float32", "float64", "float16", "bfloat16", "complex64"], beta=[1.0, 0.5], alpha=[1.0, 2.0])
def floating(bench, device, dtype, beta, alpha):
    rng = np.random.default_rng(0)
    t = getattr(torch, dtype)
    m, a, b = rng.standard_normal((5, 4)), rng.standard_normal(5), rng.standard_normal(4)
    tm, ta, tb = (torch.tensor(v, device=device).to(t) for v in (m, a, b))
    out = bench.measure(torch.addr, tm, ta, tb, beta=beta, alpha=alpha)
    ref = beta * tm.cpu().to(torch.complex128 if t.is_complex else torch.float64).numpy() + alpha * np.outer(ta.cpu().double().numpy(), tb.cpu().double().numpy())
    assert_close(out, ref, "float32" if dtype == "complex64" else dtype, scale=4)


@case(dtype=["int8", "int16", "int32", "int64", "uint8"])
def integral(bench, device, dtype):
    t = getattr(torch, dtype)
    m = torch.arange(12, device=device).reshape(3, 4).to(t)
    a, b = torch.tensor([1, 2, 3], device=device, dtype=t), torch.tensor([0, 1, 2, 1], device=device, dtype=t)
    out = bench.measure(torch.addr, m, a, b, beta=2, alpha=3)
    ref = 2 * m.cpu().numpy().astype(np.int64) + 3 * np.outer([1, 2, 3], [0, 1, 2, 1])
    assert_close(out, ref.astype(out.cpu().numpy().dtype), dtype)


@case
def boolean(bench, device):
    m = torch.tensor([[True, False], [False, False]], device=device)
    a, b = torch.tensor([True, False], device=device), torch.tensor([False, True], device=device)
    out = bench.measure(torch.addr, m, a, b, beta=True, alpha=True)
    assert out.tolist() == [[True, True], [False, False]]


@case
def broadcast_and_beta_zero_ignores_nan(bench, device):
    inp = torch.full((4,), float("nan"), dtype=torch.float64, device=device)
    a = torch.arange(6, dtype=torch.float64, device=device)[::2]  # non-contiguous
    b = torch.ones(4, dtype=torch.float64, device=device)
    out = bench.measure(torch.addr, inp, a, b, beta=0)
    assert_close(out, np.outer([0.0, 2.0, 4.0], np.ones(4)), "float64")


@case
def gradient(bench, device):
    a = torch.tensor([1.0, 2.0], dtype=torch.float64, device=device, requires_grad=True)
    b = torch.tensor([3.0, 4.0, 5.0], dtype=torch.float64, device=device)
    out = bench.measure(torch.addr, torch.zeros(2, 3, dtype=torch.float64, device=device), a, b)
    out.sum().backward()
    assert_close(a.grad, np.array([12.0, 12.0]), "float64")
