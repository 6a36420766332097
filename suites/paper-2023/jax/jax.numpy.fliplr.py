import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.fliplr"


@case(shape=[(4, 5), (3, 1, 2), (0, 3), (2, 0)], dtype=["float16", "float64", "bool"])
def flips_second_axis(bench, device, shape, dtype):
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.standard_normal(shape) * 4).astype(dtype)
    out = bench.measure(jnp.fliplr, x)
    assert_close(out.astype(jnp.float64), np.fliplr(np.asarray(x.astype(jnp.float64))), "float64")


@case
def one_dimensional_rejected(bench, device):
    out = bench.measure(jnp.fliplr, jnp.eye(3))
    assert_close(out, np.fliplr(np.eye(3)), "float64")
    try:
        jnp.fliplr(jnp.arange(3))
    except ValueError:
        return
    raise AssertionError("fliplr accepted a 1-D array; NumPy requires at least 2 dimensions")


@case
def gradient(bench, device):
    w = jnp.arange(6.0).reshape(2, 3)
    g = bench.measure(jax.grad(lambda v: (jnp.fliplr(v) * w).sum()), jnp.zeros((2, 3)))
    assert_close(g, np.fliplr(np.arange(6.0).reshape(2, 3)), "float64")
