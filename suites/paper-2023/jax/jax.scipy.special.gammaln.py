import jax
import jax.numpy as jnp
import numpy as np
import scipy.special

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.scipy.special.gammaln"


@case(dtype=["float32", "float16", "bfloat16", "float64"])
def positive(bench, device, dtype):
    x = jnp.asarray(np.geomspace(1e-3, 1e3, 200), dtype)
    out = bench.measure(jax.scipy.special.gammaln, x)
    assert out.dtype == x.dtype
    assert_close(out, scipy.special.gammaln(np.asarray(x.astype(jnp.float64))), dtype, scale=8)


@case(dtype=["float32", "float64"])
def negative_non_integers(bench, device, dtype):
    x = jnp.asarray([-0.5, -1.5, -2.25, -7.9, -10.1], dtype)
    out = bench.measure(jax.scipy.special.gammaln, x)
    assert_close(out, scipy.special.gammaln(np.asarray(x, dtype=np.float64)), dtype, scale=10)


# checks float64 values at float64 tolerance: 64-bit types in this case's scope
@case(x64=True)
def poles_and_ints(bench, device):
    x = jnp.asarray([0.0, -1.0, -2.0, 1.0, 2.0, np.inf])
    out = bench.measure(jax.scipy.special.gammaln, x)
    assert_close(out, scipy.special.gammaln(np.asarray(x)), "float64")
    o2 = bench.measure(jax.scipy.special.gammaln, jnp.asarray([1, 5, 10]))
    assert_close(o2, scipy.special.gammaln([1, 5, 10]), "float64")


# checks float64 values at float64 tolerance: 64-bit types in this case's scope
@case(x64=True)
def gradient_is_digamma(bench, device):
    x = jnp.asarray(np.linspace(0.2, 9.0, 23))
    g = bench.measure(jax.vmap(jax.grad(jax.scipy.special.gammaln)), x)
    assert_close(g, scipy.special.digamma(np.asarray(x)), "float64", scale=10)
