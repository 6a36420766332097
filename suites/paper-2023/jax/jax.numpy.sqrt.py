import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.sqrt"


@case(dtype=["float32", "float16", "bfloat16", "float64"], shape=[(1000,), (4, 0)])
def values(bench, device, dtype, shape):
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.uniform(0, 1e3, shape), dtype)
    out = bench.measure(jnp.sqrt, x)
    assert out.dtype == x.dtype
    assert_close(out, np.sqrt(np.asarray(x.astype(jnp.float64))), dtype)


@case
def special_values_and_ints(bench, device):
    x = jnp.asarray([0.0, -0.0, -1.0, np.inf, np.nan, 4.0])
    out = bench.measure(jnp.sqrt, x)
    with np.errstate(invalid="ignore"):
        assert_close(out, np.sqrt(np.asarray(x)), "float64")
    o2 = bench.measure(jnp.sqrt, jnp.asarray([1, 4, 9], jnp.int32))
    assert o2.dtype.kind == "f"
    assert_close(o2, np.array([1.0, 2.0, 3.0]), str(o2.dtype))


# checks float64 values at float64 tolerance: 64-bit types in this case's scope
@case(x64=True)
def complex_and_gradient(bench, device):
    z = np.array([-4 + 0j, 1j, 3 - 4j])
    out = bench.measure(jnp.sqrt, jnp.asarray(z))
    np.testing.assert_allclose(np.asarray(out), np.sqrt(z), rtol=1e-12)
    g = bench.measure(jax.vmap(jax.grad(jnp.sqrt)), jnp.asarray([1.0, 4.0, 0.25]))
    assert_close(g, np.array([0.5, 0.25, 1.0]), "float64")
