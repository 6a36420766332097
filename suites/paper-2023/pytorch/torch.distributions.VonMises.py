"""torch.distributions.VonMises: construct, score and sample, as in PyTorch's
test_vonmises_* (test_distributions): log_prob against the NumPy density with the
Bessel function I0, tensor and scalar parameters (shapes), samples in [-pi, pi)."""
import math

import numpy as np
import torch
from torch.distributions import VonMises

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.distributions.VonMises"


@case(dtype=["float32", "float64"], concentration=[0.1, 1.0, 20.0])
def log_prob(bench, device, dtype, concentration):
    t = getattr(torch, dtype)
    loc = torch.tensor([0.0, 1.0, -2.0], dtype=t, device=device)
    kappa = torch.full((3,), concentration, dtype=t, device=device)
    x = torch.tensor([[0.5, 1.0, 3.0], [-3.0, 0.0, -2.0]], dtype=t, device=device)
    out = bench.measure(lambda l, k, v: VonMises(l, k).log_prob(v), loc, kappa, x)
    ln, kn, xn = (a.double().cpu().numpy() for a in (loc, kappa, x))
    ref = kn * np.cos(xn - ln) - math.log(2 * math.pi) - np.log(np.i0(kn))
    assert_close(out, ref, dtype, scale=10)


@case(params=["tensor", "scalar"])
def sample_shapes(bench, device, params):
    if params == "tensor":
        loc, kappa = torch.zeros(2, 3, device=device), torch.ones(2, 3, device=device)
    else:
        loc, kappa = torch.tensor(0.5, device=device), torch.tensor(4.0, device=device)
    s = bench.measure(lambda l, k: VonMises(l, k).sample((200,)), loc, kappa)
    assert tuple(s.shape) == (200,) + tuple(loc.shape)
    assert (s >= -math.pi).all() and (s < math.pi).all()
    if params == "scalar":
        assert abs(torch.atan2(s.sin().mean(), s.cos().mean()).item() - 0.5) < 0.15
