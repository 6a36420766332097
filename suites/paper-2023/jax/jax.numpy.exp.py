import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.exp"


@case(dtype=["float32", "float16", "bfloat16", "float64"], shape=[(1000,), (5, 0)])
def values(bench, device, dtype, shape):
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.uniform(-8, 8, shape), dtype)
    out = bench.measure(jnp.exp, x)
    assert out.dtype == x.dtype
    assert_close(out, np.exp(np.asarray(x.astype(jnp.float64))), dtype, scale=2)


@case(dtype=["int32", "bool"])
def integer_promotes(bench, device, dtype):
    x = jnp.asarray([0, 1, 2, 1]).astype(dtype)
    out = bench.measure(jnp.exp, x)
    assert out.dtype.kind == "f"
    assert_close(out, np.exp(np.asarray(x).astype(np.float64)), str(out.dtype))


@case(dtype=["float32", "float64"])
def overflow_underflow(bench, device, dtype):
    x = jnp.asarray([1000.0, -1000.0, np.inf, -np.inf, np.nan, 0.0], dtype)
    out = bench.measure(jnp.exp, x)
    with np.errstate(over="ignore"):
        assert_close(out, np.exp(np.asarray(x, dtype=np.float64)), dtype)


# checks float64 values at float64 tolerance: 64-bit types in this case's scope
@case(x64=True)
def complex_and_gradient(bench, device):
    z = np.array([1j * np.pi, 1 + 1j, -2.0 + 0j])
    out = bench.measure(jnp.exp, jnp.asarray(z))
    np.testing.assert_allclose(np.asarray(out), np.exp(z), rtol=1e-12, atol=1e-12)
    x = jnp.linspace(-2, 2, 9)
    g = bench.measure(jax.vmap(jax.grad(jnp.exp)), x)
    assert_close(g, np.exp(np.asarray(x)), "float64")
