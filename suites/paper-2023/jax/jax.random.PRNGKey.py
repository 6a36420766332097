import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.random.PRNGKey"

MASK = 0xFFFFFFFF


def reference_key(seed, bits):
    """Default (threefry) key data: the seed's high and low 32-bit words."""
    seed = int(seed)
    if bits == 64:
        return np.array([(seed >> 32) & MASK, seed & MASK], dtype=np.uint32)
    return np.array([0, seed & MASK], dtype=np.uint32)


@case(seed=[0, 42, -1, 2**40 + 5], dtype=["int64", "uint32", "int32"])
def seed_words(bench, device, seed, dtype):
    if dtype == "uint32" and seed < 0:
        seed = 7
    if dtype != "int64" and abs(seed) >= 2**31:
        seed = 2**31 - 1
    s = jnp.asarray(seed, dtype=dtype)
    key = bench.measure(jax.random.PRNGKey, s)
    assert key.dtype == jnp.uint32, f"key dtype {key.dtype}, expected uint32"
    assert_close(key, reference_key(seed, 64 if dtype == "int64" else 32), "uint32")


@case
def streams_reproducible(bench, device):
    seeds = jnp.asarray([0, 1, 2, 3], dtype=jnp.int64)
    keys = bench.measure(jax.vmap(jax.random.PRNGKey), seeds)
    assert keys.shape == (4, 2)
    draws = np.stack([np.asarray(jax.random.uniform(k, (64,))) for k in keys])
    again = np.asarray(jax.random.uniform(jax.random.PRNGKey(2), (64,)))
    assert_close(draws[2], again, "float64")
    # different seeds give different streams; uniform in [0, 1)
    assert len({tuple(np.round(d, 12)) for d in draws}) == 4, "two seeds produced the same stream"
    assert (draws >= 0).all() and (draws < 1).all()


@case
def split_children_differ(bench, device):
    key = bench.measure(jax.random.PRNGKey, jnp.asarray(1234, dtype=jnp.int64))
    a, b = jax.random.split(key)
    assert not np.array_equal(np.asarray(a), np.asarray(b))
    assert not np.array_equal(np.asarray(a), np.asarray(key))
