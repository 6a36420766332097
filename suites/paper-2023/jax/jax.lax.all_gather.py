import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.lax.all_gather"


def gathered(x, axis=0, tiled=False):
    """all_gather over a named axis created by vmap: each of the mapped instances
    receives every instance's value."""
    return jax.vmap(lambda v: jax.lax.all_gather(v, "i", axis=axis, tiled=tiled), axis_name="i")(x)


@case(dtype=["float32", "float16", "bfloat16", "float64", "int32", "bool"], axis=[0, 1])
def stacked(bench, device, dtype, axis):
    rng = np.random.default_rng(0)
    x = np.asarray(rng.integers(0, 2, (4, 3, 5))) if dtype == "bool" else rng.standard_normal((4, 3, 5)) * 10
    jx = jnp.asarray(x).astype(dtype)
    out = bench.measure(gathered, jx, axis=axis)
    base = np.asarray(jx.astype(jnp.float64))
    ref = np.stack([np.stack(list(base), axis=axis)] * 4)
    assert out.shape == ref.shape, f"shape {out.shape} != {ref.shape}"
    assert out.dtype == jx.dtype
    assert_close(out.astype(jnp.float64), ref, "float64")


@case
def tiled(bench, device):
    x = jnp.arange(24.0).reshape(4, 3, 2)
    out = bench.measure(gathered, x, tiled=True)
    ref = np.stack([np.arange(24.0).reshape(12, 2)] * 4)
    assert_close(out, ref, "float64")


@case
def gradient(bench, device):
    # d/dx_j sum_i w_i * gather(x)_j  -> each instance's gradient sums its weight over the group
    x = jnp.arange(3.0)
    w = jnp.asarray([1.0, 2.0, 3.0])
    loss = lambda v: (gathered(v) * w[None, :]).sum()
    g = bench.measure(jax.grad(loss), x)
    assert_close(g, 3 * np.array([1.0, 2.0, 3.0]), "float64")
