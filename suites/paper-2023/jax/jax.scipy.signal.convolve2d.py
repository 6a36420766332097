import jax
import jax.numpy as jnp
import numpy as np
import scipy.signal

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.scipy.signal.convolve2d"


@case(dtype=["float32", "float16", "bfloat16", "float64"], mode=["full", "same", "valid"])
def modes(bench, device, dtype, mode):
    rng = np.random.default_rng(0)
    a = jnp.asarray(rng.standard_normal((12, 9)), dtype)
    k = jnp.asarray(rng.standard_normal((3, 4)), dtype)
    out = bench.measure(jax.scipy.signal.convolve2d, a, k, mode=mode)
    ref = scipy.signal.convolve2d(np.asarray(a.astype(jnp.float64)), np.asarray(k.astype(jnp.float64)), mode=mode)
    assert out.shape == ref.shape, f"shape {out.shape} != {ref.shape}"
    assert_close(out, ref, dtype, scale=12)


@case(dtype=["int32", "int64"])
def integers(bench, device, dtype):
    a = jnp.arange(20, dtype=dtype).reshape(4, 5)
    k = jnp.asarray([[1, -1], [2, 0]], dtype=dtype)
    out = bench.measure(jax.scipy.signal.convolve2d, a, k)
    assert_close(out, scipy.signal.convolve2d(np.arange(20).reshape(4, 5), [[1, -1], [2, 0]]), "float64")


@case
def kernel_larger_than_input(bench, device):
    rng = np.random.default_rng(1)
    a, k = rng.standard_normal((3, 3)), rng.standard_normal((5, 6))
    out = bench.measure(jax.scipy.signal.convolve2d, jnp.asarray(a), jnp.asarray(k), mode="full")
    assert_close(out, scipy.signal.convolve2d(a, k, mode="full"), "float64", scale=4)


@case
def gradient(bench, device):
    rng = np.random.default_rng(2)
    a = jnp.asarray(rng.standard_normal((5, 5)))
    k = jnp.asarray(rng.standard_normal((2, 2)))
    g = bench.measure(jax.grad(lambda x, w: jax.scipy.signal.convolve2d(x, w, mode="valid").sum(), argnums=1), a, k)
    # d/dk[i,j] sum(valid conv) = sum of the flipped-window elements of a
    an = np.asarray(a)
    ref = np.array([[an[1 - i:5 - i, 1 - j:5 - j].sum() for j in range(2)] for i in range(2)])
    assert_close(g, ref, "float64")
