"""torch.distributions.Multinomial: build the distribution, sample and score, as in
PyTorch's test_distributions (test_multinomial_*): log_prob against the NumPy
formula, samples summing to total_count, batched probabilities, zero probabilities."""
import math

import numpy as np
import torch
from torch.distributions import Multinomial

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.distributions.Multinomial"


def log_prob(counts, p):
    n = counts.sum(-1)
    lg = np.vectorize(math.lgamma)
    with np.errstate(divide="ignore"):
        terms = np.where(counts > 0, counts * np.log(np.where(p > 0, p, 1)), 0.0)
    return lg(n + 1) - lg(counts + 1).sum(-1) + terms.sum(-1)


@case(dtype=["float32", "float64"], total_count=[1, 10])
def score(bench, device, dtype, total_count):
    t = getattr(torch, dtype)
    p = torch.tensor([[0.2, 0.3, 0.5], [0.1, 0.0, 0.9]], dtype=t, device=device)
    counts = torch.tensor([[0, total_count, 0], [total_count, 0, 0]], dtype=t, device=device)
    out = bench.measure(lambda p, c: Multinomial(total_count, probs=p).log_prob(c), p, counts)
    assert_close(out, log_prob(counts.double().cpu().numpy(), p.double().cpu().numpy()), dtype, scale=10)


@case
def samples(bench, device):
    p = torch.tensor([0.0, 0.25, 0.75], device=device)
    out = bench.measure(lambda p: Multinomial(20, probs=p).sample((500,)), p)
    assert tuple(out.shape) == (500, 3)
    assert (out.sum(-1) == 20).all() and (out[:, 0] == 0).all()
    assert abs(out[:, 2].mean().item() / 20 - 0.75) < 0.03


@case
def logits(bench, device):
    logits = torch.tensor([0.0, 1.0, 2.0], dtype=torch.float64, device=device)
    out = bench.measure(lambda l: Multinomial(3, logits=l).probs, logits)
    e = np.exp([0.0, 1.0, 2.0])
    assert_close(out, e / e.sum(), "float64")
