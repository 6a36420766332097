import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.lax.top_k"


@case(dtype=["float32", "float16", "bfloat16", "float64", "int32", "uint8", "int64"], k=[1, 5, 50])
def values_and_indices(bench, device, dtype, k):
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.permutation(50 * 3).reshape(3, 50) % 200).astype(dtype)
    vals, idx = bench.measure(jax.lax.top_k, x, k=k)
    xn = np.asarray(x.astype(jnp.float64))
    ref = -np.sort(-xn, axis=-1)[:, :k]
    assert vals.dtype == x.dtype and idx.shape == (3, k)
    assert_close(vals.astype(jnp.float64), ref, "float64")
    assert_close(np.take_along_axis(xn, np.asarray(idx), axis=-1), ref, "float64")


@case
def ties_take_lower_index(bench, device):
    x = jnp.asarray([1.0, 3.0, 3.0, 2.0, 3.0])
    vals, idx = bench.measure(jax.lax.top_k, x, k=3)
    assert_close(idx, np.array([1, 2, 4]), "int32")


@case
def nan_and_infinities(bench, device):
    x = jnp.asarray([1.0, np.nan, np.inf, -np.inf, 0.0])
    vals, idx = bench.measure(jax.lax.top_k, x, k=2)
    # NaN sorts above +inf, as in lax.sort
    assert np.isnan(float(vals[0])) and float(vals[1]) == np.inf, f"top-2 {vals}"


@case
def gradient_scatters_to_winners(bench, device):
    g = bench.measure(jax.grad(lambda v: jax.lax.top_k(v, 2)[0].sum()), jnp.asarray([0.5, 2.0, -1.0, 3.0]))
    assert_close(g, np.array([0.0, 1.0, 0.0, 1.0]), "float64")
