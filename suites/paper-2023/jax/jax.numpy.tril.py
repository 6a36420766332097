import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.tril"


@case(dtype=["float32", "float16", "bfloat16", "float64", "int32", "bool"], k=[0, 2, -1])
def square(bench, device, dtype, k):
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.standard_normal((6, 6)) * 5).astype(dtype)
    out = bench.measure(jnp.tril, x, k=k)
    assert out.dtype == x.dtype
    assert_close(out.astype(jnp.float64), np.tril(np.asarray(x.astype(jnp.float64)), k=k), "float64")


@case(shape=[(3, 7), (7, 3), (2, 4, 5), (0, 3), (1, 0)])
def rectangular_batched_empty(bench, device, shape):
    x = jnp.arange(int(np.prod(shape)), dtype=jnp.float32).reshape(shape) + 1
    out = bench.measure(jnp.tril, x, k=1)
    assert_close(out, np.tril(np.asarray(x), k=1), "float32")


@case
def gradient(bench, device):
    g = bench.measure(jax.grad(lambda m: jnp.tril(m).sum()), jnp.ones((3, 3)))
    assert_close(g, np.tril(np.ones((3, 3))), "float64")
