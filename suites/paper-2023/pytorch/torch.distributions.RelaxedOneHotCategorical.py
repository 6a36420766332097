"""torch.distributions.RelaxedOneHotCategorical: reparameterised samples on the
simplex and their log-density, as in PyTorch's test_distributions
(test_relaxed_one_hot_categorical_*): shapes, temperatures, gradients through rsample."""
import math

import numpy as np
import torch
from torch.distributions import RelaxedOneHotCategorical

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.distributions.RelaxedOneHotCategorical"


def log_density(x, probs, temp):
    k = probs.shape[-1]
    logits = np.log(probs)
    s = logits - temp * np.log(x)
    logsumexp = np.log(np.exp(s).sum(-1))
    return math.lgamma(k) + (k - 1) * math.log(temp) + (s - np.log(x)).sum(-1) - k * logsumexp


@case(dtype=["float32", "float64"], temperature=[0.5, 2.0])
def samples_and_density(bench, device, dtype, temperature):
    t = getattr(torch, dtype)
    probs = torch.tensor([[0.1, 0.2, 0.7], [0.3, 0.3, 0.4]], dtype=t, device=device)
    temp = torch.tensor(temperature, dtype=t, device=device)
    x, lp = bench.measure(lambda p, T: (lambda d: (lambda s: (s, d.log_prob(s)))(d.rsample((50,))))(RelaxedOneHotCategorical(T, probs=p)), probs, temp)
    assert tuple(x.shape) == (50, 2, 3)
    assert_close(x.sum(-1), np.ones((50, 2)), dtype, scale=10)
    ref = log_density(x.double().cpu().numpy(), probs.double().cpu().numpy(), temperature)
    assert_close(lp, ref, dtype, scale=100)


@case
def gradient_through_rsample(bench, device):
    logits = torch.zeros(4, dtype=torch.float64, device=device, requires_grad=True)
    x = bench.measure(lambda l: RelaxedOneHotCategorical(torch.tensor(1.0, dtype=torch.float64), logits=l).rsample(), logits)
    x[0].backward()
    assert logits.grad is not None and torch.isfinite(logits.grad).all() and logits.grad.abs().sum() > 0
