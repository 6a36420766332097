import numpy as np
import torch
import torch.nn.functional as F

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.nn.functional.conv2d"


def reference(x, w, stride=1, padding=0):
    # direct float64 convolution (cross-correlation), NCHW / OIHW
    x = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    oh, ow = (h - kh) // stride + 1, (wd - kw) // stride + 1
    out = np.zeros((n, o, oh, ow))
    for i in range(kh):
        for j in range(kw):
            patch = x[:, :, i:i + stride * oh:stride, j:j + stride * ow:stride]
            out += np.einsum("nchw,oc->nohw", patch, w[:, :, i, j])
    return out


@case(dtype=["float32", "float16", "bfloat16", "float64"], stride=[1, 2])
def image(bench, device, dtype, stride):
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((2, 3, 32, 32)), rng.standard_normal((8, 3, 3, 3))
    t = getattr(torch, dtype)
    tx, tw = torch.tensor(x, dtype=t, device=device), torch.tensor(w, dtype=t, device=device)
    out = bench.measure(F.conv2d, tx, tw, stride=stride, padding=1)
    ref = reference(tx.double().cpu().numpy(), tw.double().cpu().numpy(), stride, 1)
    assert_close(out, ref, dtype, scale=6)


@case
def gradient(bench, device):
    rng = np.random.default_rng(1)
    x = torch.tensor(rng.standard_normal((1, 2, 8, 8)), device=device, requires_grad=True)
    w = torch.tensor(rng.standard_normal((4, 2, 3, 3)), device=device, requires_grad=True)
    out = bench.measure(F.conv2d, x, w)
    out.sum().backward()
    # d(sum)/dx at an interior pixel = sum of all weights over output channels
    assert_close(x.grad[0, :, 4, 4], w.detach().sum(dim=(0, 2, 3)).cpu().numpy(), "float64")
