import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.flip"


@case(axis=[None, 1, (0, 2)], dtype=["float32", "bfloat16", "bool"])
def axes(bench, device, axis, dtype):
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.standard_normal((3, 4, 5)) * 3).astype(dtype)
    out = bench.measure(jnp.flip, x, axis=axis)
    assert out.dtype == x.dtype
    assert_close(out.astype(jnp.float64), np.flip(np.asarray(x.astype(jnp.float64)), axis=axis), "float64")


@case(shape=[(0,), (3, 0), ()])
def empty_and_scalar(bench, device, shape):
    x = jnp.zeros(shape)
    out = bench.measure(jnp.flip, x)
    assert out.shape == shape


@case
def strided_view_and_gradient(bench, device):
    x = jnp.arange(20.0).reshape(4, 5)[:, ::2]
    out = bench.measure(jnp.flip, x, axis=1)
    assert_close(out, np.flip(np.arange(20.0).reshape(4, 5)[:, ::2], axis=1), "float64")
    w = jnp.asarray([1.0, 2.0, 3.0])
    g = bench.measure(jax.grad(lambda v: (jnp.flip(v) * w).sum()), jnp.zeros(3))
    assert_close(g, np.array([3.0, 2.0, 1.0]), "float64")
