import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.cos"


@case(dtype=["float32", "float16", "bfloat16", "float64"], shape=[(1000,), (7, 33), (0, 4)])
def values(bench, device, dtype, shape):
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.uniform(-10, 10, shape), dtype)
    out = bench.measure(jnp.cos, x)
    assert out.dtype == x.dtype
    assert_close(out, np.cos(np.asarray(x.astype(jnp.float64))), dtype, scale=2)


@case(dtype=["int32", "int64", "bool"])
def integer_promotes(bench, device, dtype):
    x = jnp.asarray([0, 1, 2, 3]).astype(dtype)
    out = bench.measure(jnp.cos, x)
    assert out.dtype.kind == "f", f"cos of {dtype} gave {out.dtype}"
    assert_close(out, np.cos(np.asarray(x).astype(np.float64)), str(out.dtype))


@case(dtype=["complex64", "complex128"])
def complex_values(bench, device, dtype):
    z = np.array([0.5 + 1j, -2 - 0.25j, 3j, 1.0])
    out = bench.measure(jnp.cos, jnp.asarray(z, dtype))
    np.testing.assert_allclose(np.asarray(out), np.cos(z), rtol=1e-5 if dtype == "complex64" else 1e-12)


@case
def special_values_and_gradient(bench, device):
    out = bench.measure(jnp.cos, jnp.asarray([0.0, np.pi, np.inf, np.nan, 1e10]))
    assert_close(out, np.cos([0.0, np.pi, np.inf, np.nan, 1e10]), "float64")
    x = jnp.linspace(-3, 3, 13)
    g = bench.measure(jax.vmap(jax.grad(jnp.cos)), x)
    assert_close(g, -np.sin(np.asarray(x)), "float64")
