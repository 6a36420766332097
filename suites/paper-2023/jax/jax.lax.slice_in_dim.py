import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.lax.slice_in_dim"


@case(dtype=["float32", "bfloat16", "float64", "int32", "bool"], spec=[(1, 4, 1, 0), (0, 6, 2, 1), (-3, None, 1, 1), (2, 2, 1, 0)])
def slices(bench, device, dtype, spec):
    start, limit, stride, axis = spec
    rng = np.random.default_rng(0)
    base = rng.standard_normal((5, 7)) * 5
    x = jnp.asarray(base).astype(dtype)
    out = bench.measure(jax.lax.slice_in_dim, x, start_index=start, limit_index=limit, stride=stride, axis=axis)
    xn = np.asarray(x.astype(jnp.float64))
    idx = [slice(None)] * 2
    idx[axis] = slice(start, limit, stride)
    assert_close(out.astype(jnp.float64), xn[tuple(idx)], "float64")


@case
def numpy_input(bench, device):
    # half of the study's calls passed a NumPy array (np.partition output)
    x = np.partition(np.array([9.0, 1.0, 7.0, 3.0, 5.0]), 2)
    out = bench.measure(jax.lax.slice_in_dim, x, start_index=0, limit_index=3)
    assert isinstance(out, jax.Array)
    assert_close(jnp.sort(out), np.sort(x[:3]), "float64")


@case
def gradient(bench, device):
    g = bench.measure(jax.grad(lambda v: jax.lax.slice_in_dim(v, 1, 3).sum() * 3), jnp.zeros(5))
    assert_close(g, np.array([0.0, 3.0, 3.0, 0.0, 0.0]), "float64")
