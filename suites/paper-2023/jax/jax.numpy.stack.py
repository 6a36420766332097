import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.stack"


@case(axis=[0, 1, -1], dtype=["float32", "bfloat16", "float64", "int32", "bool"])
def arrays(bench, device, axis, dtype):
    rng = np.random.default_rng(0)
    xs = [jnp.asarray(rng.standard_normal((3, 4)) * 4).astype(dtype) for _ in range(5)]
    out = bench.measure(jnp.stack, xs, axis=axis)
    assert out.dtype == xs[0].dtype
    assert_close(out.astype(jnp.float64), np.stack([np.asarray(x.astype(jnp.float64)) for x in xs], axis=axis), "float64")


@case
def promotion_and_empty(bench, device):
    out = bench.measure(jnp.stack, [jnp.asarray([1, 2], jnp.int32), jnp.asarray([0.5, 1.5], jnp.float32)])
    assert out.dtype == jnp.float32
    assert_close(out, np.array([[1.0, 2.0], [0.5, 1.5]]), "float32")
    e = bench.measure(jnp.stack, [jnp.zeros((0, 2)), jnp.zeros((0, 2))], axis=1)
    assert e.shape == (0, 2, 2)


@case
def mismatched_shapes_rejected(bench, device):
    out = bench.measure(jnp.stack, (jnp.ones(2), jnp.zeros(2)))
    assert out.shape == (2, 2)
    try:
        jnp.stack([jnp.ones(2), jnp.ones(3)])
    except ValueError:
        return
    raise AssertionError("stack accepted arrays of different shapes")


@case
def gradient(bench, device):
    g = bench.measure(jax.grad(lambda a, b: (jnp.stack([a, b]) * jnp.asarray([[1.0], [3.0]])).sum(), argnums=1), jnp.ones(2), jnp.ones(2))
    assert_close(g, np.array([3.0, 3.0]), "float64")
