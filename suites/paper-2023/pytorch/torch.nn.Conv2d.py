"""torch.nn.Conv2d: the module's forward (the study timed its construction), against
a NumPy direct convolution: dtypes, stride, dilation, groups (depthwise), no bias,
empty batch, channels_last input and gradients, as in PyTorch's test_convolution."""
import numpy as np
import torch
from numpy.lib.stride_tricks import sliding_window_view

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.nn.Conv2d"


def reference(x, w, b, stride=1, padding=0, dilation=1, groups=1):
    x = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    o, cg, kh, kw = w.shape
    span = ((kh - 1) * dilation + 1, (kw - 1) * dilation + 1)
    win = sliding_window_view(x, span, axis=(2, 3))[:, :, ::stride, ::stride, ::dilation, ::dilation]
    og = o // groups
    out = np.concatenate([np.einsum("nchwij,ocij->nohw", win[:, g * cg:(g + 1) * cg], w[g * og:(g + 1) * og]) for g in range(groups)], axis=1)
    return out if b is None else out + b[None, :, None, None]


def make(cin, cout, k, dtype, device, **kw):
    torch.manual_seed(0)
    return torch.nn.Conv2d(cin, cout, k, **kw).to(device=device, dtype=dtype)


def np_(t):
    return None if t is None else t.detach().double().cpu().numpy()


@case(dtype=["float32", "float64", "float16", "bfloat16"], stride=[1, 2], dilation=[1, 2])
def forward(bench, device, dtype, stride, dilation):
    t = getattr(torch, dtype)
    m = make(3, 4, 3, t, device, stride=stride, padding=1, dilation=dilation)
    x = torch.tensor(np.random.default_rng(0).standard_normal((2, 3, 9, 8)), dtype=t, device=device)
    out = bench.measure(m, x)
    assert_close(out, reference(np_(x), np_(m.weight), np_(m.bias), stride, 1, dilation), dtype, scale=6)


@case(groups=[2, 4], bias=[True, False])
def groups(bench, device, groups, bias):
    m = make(4, 8, 3, torch.float64, device, groups=groups, bias=bias)
    x = torch.randn(2, 4, 6, 6, dtype=torch.float64, device=device)
    out = bench.measure(m, x)
    assert_close(out, reference(np_(x), np_(m.weight), np_(m.bias), groups=groups), "float64")


@case
def channels_last(bench, device):
    m = make(3, 2, 3, torch.float32, device).to(memory_format=torch.channels_last)
    x = torch.randn(1, 3, 7, 7, device=device).to(memory_format=torch.channels_last)
    out = bench.measure(m, x)
    assert_close(out, reference(np_(x), np_(m.weight), np_(m.bias)), "float32", scale=4)


@case
def empty_batch(bench, device):
    out = bench.measure(make(2, 3, 3, torch.float32, device), torch.empty(0, 2, 5, 5, device=device))
    assert tuple(out.shape) == (0, 3, 3, 3)


@case
def gradient(bench, device):
    m = make(1, 1, 2, torch.float64, device, bias=False)
    x = torch.randn(1, 1, 3, 3, dtype=torch.float64, device=device, requires_grad=True)
    out = bench.measure(m, x)
    out.sum().backward()
    w = np_(m.weight)[0, 0]
    ref = np.zeros((3, 3))
    for i in range(2):
        for j in range(2):
            ref[i:i + 2, j:j + 2] += w
    assert_close(x.grad, ref[None, None], "float64")
