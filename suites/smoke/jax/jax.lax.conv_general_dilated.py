import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.lax.conv_general_dilated"


def reference(x, w, stride=1, padding=0):
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


def conv(x, w, stride):
    return jax.lax.conv_general_dilated(x, w, (stride, stride), [(1, 1), (1, 1)])


@case(dtype=["float32", "float16", "bfloat16", "float64"], stride=[1, 2])
def image(bench, device, dtype, stride):
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.standard_normal((2, 3, 32, 32)), dtype)
    w = jnp.asarray(rng.standard_normal((8, 3, 3, 3)), dtype)
    out = bench.measure(lambda a, b: conv(a, b, stride), x, w)
    ref = reference(np.asarray(x.astype(jnp.float64)), np.asarray(w.astype(jnp.float64)), stride, 1)
    assert_close(out, ref, dtype, scale=6)


# checks float64 values at float64 tolerance: 64-bit types in this case's scope
@case(x64=True)
def gradient(bench, device):
    rng = np.random.default_rng(1)
    x = jnp.asarray(rng.standard_normal((1, 2, 8, 8)))
    w = jnp.asarray(rng.standard_normal((4, 2, 3, 3)))
    loss = lambda a, b: jax.lax.conv_general_dilated(a, b, (1, 1), "VALID").sum()
    gx = bench.measure(jax.grad(loss), x, w)
    assert_close(gx[0, :, 4, 4], np.asarray(w).sum(axis=(0, 2, 3)), "float64")
