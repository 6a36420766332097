"""torch.nn.KLDivLoss: KL divergence from log-probabilities, with every reduction and
log_target, against NumPy, zero targets contributing zero, gradients; as in
PyTorch's test_nn (test_KLDivLoss_*)."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.nn.KLDivLoss"


def reference(inp, target, reduction, log_target):
    if log_target:
        pointwise = np.exp(target) * (target - inp)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            pointwise = np.where(target > 0, target * (np.log(np.where(target > 0, target, 1)) - inp), 0.0)
    return {"none": pointwise, "sum": pointwise.sum(), "mean": pointwise.mean(), "batchmean": pointwise.sum() / inp.shape[0]}[reduction]


@case(dtype=["float32", "float64", "float16", "bfloat16"], reduction=["batchmean", "sum", "mean", "none"], log_target=[False, True])
def reductions(bench, device, dtype, reduction, log_target):
    rng = np.random.default_rng(0)
    t = getattr(torch, dtype)
    logits_in, logits_t = rng.standard_normal((4, 5)), rng.standard_normal((4, 5))
    inp = torch.log_softmax(torch.tensor(logits_in), -1).to(device, t)
    target = torch.softmax(torch.tensor(logits_t), -1)
    target = (target.log() if log_target else target).to(device, t)
    out = bench.measure(torch.nn.KLDivLoss(reduction=reduction, log_target=log_target), inp, target)
    ref = reference(inp.double().cpu().numpy(), target.double().cpu().numpy(), reduction, log_target)
    assert_close(out, np.asarray(ref), dtype, scale=4)


@case
def zero_targets(bench, device):
    inp = torch.tensor([[-1.0, -2.0, -0.5]], dtype=torch.float64, device=device)
    target = torch.tensor([[0.0, 0.3, 0.7]], dtype=torch.float64, device=device)
    out = bench.measure(torch.nn.KLDivLoss(reduction="none"), inp, target)
    assert_close(out, reference(inp.cpu().numpy(), target.cpu().numpy(), "none", False), "float64")


@case
def gradient(bench, device):
    inp = torch.tensor([[-1.0, -0.5]], dtype=torch.float64, device=device, requires_grad=True)
    target = torch.tensor([[0.25, 0.75]], dtype=torch.float64, device=device)
    out = bench.measure(torch.nn.KLDivLoss(reduction="sum"), inp, target)
    out.backward()
    assert_close(inp.grad, -target.cpu().numpy(), "float64")
