"""torch.optim.lr_scheduler.ExponentialLR: construct the scheduler and step it
(the study's timed region only built a lambda). As in PyTorch's test_lrscheduler:
the learning rate follows lr * gamma**epoch, per parameter group."""
import numpy as np
import torch
from torch.optim.lr_scheduler import ExponentialLR

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.optim.lr_scheduler.ExponentialLR"


def schedule(p, gamma, epochs, optimizer="SGD"):
    opt = getattr(torch.optim, optimizer)([{"params": [p]}, {"params": [p.detach().clone().requires_grad_(True)], "lr": 0.5}], lr=0.05)
    sched = ExponentialLR(opt, gamma=gamma)
    lrs = []
    for _ in range(epochs):
        lrs.append([g["lr"] for g in opt.param_groups])
        opt.step()
        sched.step()
    return lrs


@case(gamma=[0.9, 0.5, 1.0], optimizer=["SGD", "Adam"])
def decay(bench, device, gamma, optimizer):
    p = torch.zeros(3, device=device, requires_grad=True)
    p.grad = torch.ones(3, device=device)
    lrs = bench.measure(schedule, p, gamma=gamma, epochs=10, optimizer=optimizer)
    ref = np.array([[0.05 * gamma**e, 0.5 * gamma**e] for e in range(10)])
    assert_close(np.array(lrs), ref, "float64")


@case
def last_lr(bench, device):
    p = torch.zeros(1, device=device, requires_grad=True)

    def run(p):
        opt = torch.optim.SGD([p], lr=1.0)
        sched = ExponentialLR(opt, gamma=0.1)
        for _ in range(3):
            opt.step()
            sched.step()
        return sched.get_last_lr()

    out = bench.measure(run, p)
    assert_close(np.array(out), np.array([1e-3]), "float64")
