import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.lax.select"


@case(dtype=["float32", "float16", "bfloat16", "float64", "int8", "int64", "bool", "complex64"])
def elementwise(bench, device, dtype):
    rng = np.random.default_rng(0)
    pred = jnp.asarray(rng.integers(0, 2, (20, 7)).astype(bool))
    a = jnp.asarray(rng.standard_normal((20, 7)) * 9).astype(dtype)
    b = jnp.asarray(rng.standard_normal((20, 7)) * 9).astype(dtype)
    out = bench.measure(jax.lax.select, pred, a, b)
    assert out.dtype == a.dtype
    assert np.array_equal(np.asarray(out), np.where(np.asarray(pred), np.asarray(a), np.asarray(b)))


@case
def scalar_predicate_and_empty(bench, device):
    a, b = jnp.arange(4.0), -jnp.arange(4.0)
    out = bench.measure(jax.lax.select, jnp.asarray(False), a, b)
    assert_close(out, -np.arange(4.0), "float64")
    e = bench.measure(jax.lax.select, jnp.zeros((0, 2), bool), jnp.zeros((0, 2)), jnp.ones((0, 2)))
    assert e.shape == (0, 2)


@case
def shape_mismatch_rejected(bench, device):
    out = bench.measure(jax.lax.select, jnp.asarray([True, False]), jnp.asarray([1, 2]), jnp.asarray([3, 4]))
    assert_close(out, np.array([1, 4]), "int64")
    try:
        jax.lax.select(jnp.asarray([True, False]), jnp.ones(2), jnp.ones(3))
    except (TypeError, ValueError):
        return
    raise AssertionError("lax.select accepted operands of different shapes (lax does not broadcast)")


@case
def gradient(bench, device):
    pred = jnp.asarray([True, False, True])
    ga, gb = bench.measure(jax.grad(lambda a, b: (jax.lax.select(pred, a, b) * 2).sum(), argnums=(0, 1)), jnp.ones(3), jnp.ones(3))
    assert_close(ga, np.array([2.0, 0.0, 2.0]), "float64")
    assert_close(gb, np.array([0.0, 2.0, 0.0]), "float64")
