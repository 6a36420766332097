"""torch.nn.Conv3d: the module's forward convolution (the study timed only its
construction), against a NumPy direct convolution; groups, 'same' padding, empty
batch and gradients, as in PyTorch's test_nn / test_convolution."""
import numpy as np
import torch
from numpy.lib.stride_tricks import sliding_window_view

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.nn.Conv3d"


def reference(x, w, b, stride=1, padding=0, groups=1):
    if padding:
        x = np.pad(x, ((0, 0), (0, 0)) + ((padding, padding),) * 3)
    n, c = x.shape[:2]
    o, cg, kd, kh, kw = w.shape
    win = sliding_window_view(x, (kd, kh, kw), axis=(2, 3, 4))[:, :, ::stride, ::stride, ::stride]
    outs = []
    og = o // groups
    for g in range(groups):
        xs = win[:, g * cg:(g + 1) * cg]
        outs.append(np.einsum("ncdhwijk,ocijk->nodhw", xs, w[g * og:(g + 1) * og]))
    out = np.concatenate(outs, axis=1)
    return out + b.reshape(1, -1, 1, 1, 1) if b is not None else out


def module(cin, cout, k, dtype, device, **kw):
    torch.manual_seed(0)
    return torch.nn.Conv3d(cin, cout, k, **kw).to(device=device, dtype=dtype)


@case(dtype=["float32", "float64", "float16", "bfloat16"], stride=[1, 2])
def forward(bench, device, dtype, stride):
    t = getattr(torch, dtype)
    m = module(3, 4, 3, t, device, stride=stride, padding=1)
    x = torch.tensor(np.random.default_rng(0).standard_normal((2, 3, 6, 7, 5)), dtype=t, device=device)
    out = bench.measure(m, x)
    w, b = m.weight.detach().double().cpu().numpy(), m.bias.detach().double().cpu().numpy()
    ref = reference(x.double().cpu().numpy(), w, b, stride=stride, padding=1)
    assert_close(out, ref, dtype, scale=8)


@case(groups=[2, 4], bias=[True, False])
def groups(bench, device, groups, bias):
    m = module(4, 8, 3, torch.float64, device, groups=groups, bias=bias)
    x = torch.tensor(np.random.default_rng(1).standard_normal((1, 4, 5, 5, 5)), device=device)
    out = bench.measure(m, x)
    w = m.weight.detach().cpu().numpy()
    b = m.bias.detach().cpu().numpy() if bias else None
    assert_close(out, reference(x.cpu().numpy(), w, b, groups=groups), "float64")


@case
def same_padding(bench, device):
    m = module(2, 3, (3, 1, 5), torch.float64, device, padding="same")
    x = torch.randn(1, 2, 4, 6, 7, dtype=torch.float64, device=device)
    out = bench.measure(m, x)
    assert tuple(out.shape) == (1, 3, 4, 6, 7)


@case
def empty_batch(bench, device):
    m = module(2, 3, 3, torch.float32, device)
    x = torch.empty(0, 2, 4, 4, 4, device=device)
    out = bench.measure(m, x)
    assert tuple(out.shape) == (0, 3, 2, 2, 2)


@case
def gradient(bench, device):
    m = module(2, 2, 2, torch.float64, device, bias=False)
    x = torch.randn(1, 2, 3, 3, 3, dtype=torch.float64, device=device, requires_grad=True)
    out = bench.measure(m, x)
    out.sum().backward()
    # d(sum)/dx: each input element collects the weights of every window it falls in
    ones = np.ones((1, 2, 2, 2, 2))
    w = m.weight.detach().cpu().numpy()
    ref = np.zeros((1, 2, 3, 3, 3))
    for d in range(2):
        for h in range(2):
            for k in range(2):
                ref[0, :, d:d + 2, h:h + 2, k:k + 2] += np.einsum("oc...,o->c...", w, ones[0, :, d, h, k])
    assert_close(x.grad, ref, "float64")
