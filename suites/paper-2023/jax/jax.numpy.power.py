import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.power"


@case(dtype=["float32", "float16", "bfloat16", "float64"])
def floats(bench, device, dtype):
    rng = np.random.default_rng(0)
    a = jnp.asarray(rng.uniform(0.1, 3, (50,)), dtype)
    b = jnp.asarray(rng.uniform(-2, 3, (50,)), dtype)
    out = bench.measure(jnp.power, a, b)
    assert_close(out, np.power(np.asarray(a.astype(jnp.float64)), np.asarray(b.astype(jnp.float64))), dtype, scale=8)


@case(dtype=["int8", "int32", "int64", "uint32"])
def integers(bench, device, dtype):
    a = jnp.asarray([0, 1, 2, 3, 5, 7]).astype(dtype)
    b = jnp.asarray([3, 0, 5, 2, 3, 2]).astype(dtype)
    out = bench.measure(jnp.power, a, b)
    assert out.dtype == a.dtype
    assert_close(out, np.power(np.asarray(a), np.asarray(b)), dtype)


@case
def negative_base_and_broadcast(bench, device):
    a = jnp.asarray([[-2.0], [-0.5], [0.0], [4.0]])
    b = jnp.asarray([0.0, 1.0, 2.0, 0.5, -1.0])
    out = bench.measure(jnp.power, a, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        assert_close(out, np.power(np.asarray(a), np.asarray(b)), "float64")


@case
def complex_and_gradient(bench, device):
    z = jnp.asarray([1j, -1 + 0j, 2 + 1j])
    out = bench.measure(jnp.power, z, jnp.asarray(0.5 + 0j))
    np.testing.assert_allclose(np.asarray(out), np.power(np.asarray(z), 0.5), rtol=1e-12)
    gx, gy = bench.measure(jax.grad(lambda x, y: jnp.power(x, y), argnums=(0, 1)), jnp.asarray(2.0), jnp.asarray(3.0))
    assert_close(gx, np.array(12.0), "float64")
    assert_close(gy, np.array(8 * np.log(2.0)), "float64")
