import jax
import jax.numpy as jnp
import numpy as np
import scipy.stats

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.scipy.stats.norm.cdf"


# JAX documents ndtr (and so norm.cdf) for float32 and float64 only: float16 and
# bfloat16 raise TypeError on every backend, so they are not cases here.
@case(dtype=["float32", "float64"])
def standard(bench, device, dtype):
    x = jnp.asarray(np.linspace(-8, 8, 201), dtype)
    out = bench.measure(jax.scipy.stats.norm.cdf, x)
    assert out.dtype == x.dtype
    assert_close(out, scipy.stats.norm.cdf(np.asarray(x.astype(jnp.float64))), dtype, scale=4)


@case(dtype=["float32", "float64"])
def loc_scale_broadcast(bench, device, dtype):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((5, 1, 4)) * 3
    loc = rng.standard_normal((3, 1))
    scale = rng.uniform(0.5, 2.0, (4,))
    out = bench.measure(jax.scipy.stats.norm.cdf, jnp.asarray(x, dtype), jnp.asarray(loc, dtype), jnp.asarray(scale, dtype))
    assert out.shape == (5, 3, 4)
    assert_close(out, scipy.stats.norm.cdf(x, loc, scale), dtype, scale=4)


# checks float64 values at float64 tolerance: 64-bit types in this case's scope
@case(x64=True)
def tails_and_int_input(bench, device):
    x = jnp.asarray([-40.0, -10.0, 0.0, 10.0, 40.0, np.inf, -np.inf, np.nan])
    out = bench.measure(jax.scipy.stats.norm.cdf, x)
    assert_close(out, scipy.stats.norm.cdf(np.asarray(x)), "float64")
    o2 = bench.measure(jax.scipy.stats.norm.cdf, jnp.asarray([0, 1, -1]))
    assert o2.dtype.kind == "f"
    assert_close(o2, scipy.stats.norm.cdf([0, 1, -1]), "float64")


# checks float64 values at float64 tolerance: 64-bit types in this case's scope
@case(x64=True)
def gradient_is_pdf(bench, device):
    x = jnp.linspace(-4, 4, 17)
    g = bench.measure(jax.vmap(jax.grad(jax.scipy.stats.norm.cdf)), x)
    assert_close(g, scipy.stats.norm.pdf(np.asarray(x)), "float64")
