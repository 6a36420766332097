import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.lax.pmax"


def mapped_max(x):
    """pmax over a named axis created by vmap."""
    return jax.vmap(lambda v: jax.lax.pmax(v, "i"), axis_name="i")(x)


@case(dtype=["float32", "float16", "bfloat16", "float64", "int32", "uint8", "int64"])
def over_vmapped_axis(bench, device, dtype):
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.standard_normal((6, 5)) * 40).astype(dtype)
    out = bench.measure(mapped_max, x)
    ref = np.broadcast_to(np.max(np.asarray(x.astype(jnp.float64)), axis=0), (6, 5))
    assert out.dtype == x.dtype
    assert_close(out.astype(jnp.float64), ref, "float64")


@case
def two_named_axes(bench, device):
    x = jnp.arange(24.0).reshape(2, 3, 4) * jnp.asarray([1, -1, 1, -1])
    f = jax.vmap(jax.vmap(lambda v: jax.lax.pmax(v, ("a", "b")), axis_name="b"), axis_name="a")
    out = bench.measure(f, x)
    assert_close(out, np.broadcast_to(np.max(np.asarray(x), axis=(0, 1)), (2, 3, 4)), "float64")


@case
def nan_and_pytree(bench, device):
    x = jnp.asarray([[1.0, np.nan], [3.0, 2.0]])
    out = bench.measure(lambda t: jax.vmap(lambda v: jax.lax.pmax(v, "i"), axis_name="i")(t), {"a": x, "b": x * 2})
    assert np.isnan(np.asarray(out["a"])[:, 1]).all(), "pmax dropped a NaN"
    assert_close(out["b"][:, 0], np.array([6.0, 6.0]), "float64")
