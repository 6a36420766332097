"""torch.ormqr: multiply by Q from a Householder QR (torch.geqrf) without forming Q,
as in PyTorch's test_ormqr: left/right, transposed, float32/float64/complex,
batched; against the explicit Q from NumPy."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.ormqr"


@case(dtype=["float32", "float64", "complex128"], left=[True, False], transpose=[False, True])
def multiply(bench, device, dtype, left, transpose):
    rng = np.random.default_rng(0)
    t = getattr(torch, dtype)
    a = torch.tensor(rng.standard_normal((5, 5)), device=device).to(t)
    c = torch.tensor(rng.standard_normal((5, 3) if left else (3, 5)), device=device).to(t)
    h, tau = torch.geqrf(a)
    out = bench.measure(torch.ormqr, h, tau, c, left=left, transpose=transpose)
    q = np.linalg.qr(a.cpu().numpy().astype(np.complex128 if t.is_complex else np.float64))[0]
    # Q is only defined up to column signs: use the Householder Q from torch's own factors
    q = torch.linalg.householder_product(h, tau).cpu().numpy().astype(q.dtype)
    qq = q.conj().T if transpose else q
    cn = c.cpu().numpy()
    ref = qq @ cn if left else cn @ qq
    assert_close(out, ref, "float32" if dtype == "float32" else "float64", scale=10)


@case
def batched(bench, device):
    a = torch.randn(3, 4, 4, dtype=torch.float64, device=device)
    c = torch.randn(3, 4, 2, dtype=torch.float64, device=device)
    h, tau = torch.geqrf(a)
    out = bench.measure(torch.ormqr, h, tau, c)
    q = torch.linalg.householder_product(h, tau)
    assert_close(out, (q @ c).cpu().numpy(), "float64")
    r = torch.triu(h)
    assert_close(q @ r, a.cpu().numpy(), "float64")
