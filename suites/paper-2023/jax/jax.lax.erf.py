import jax
import jax.numpy as jnp
import numpy as np
import scipy.special

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.lax.erf"


@case(dtype=["float32", "float16", "bfloat16", "float64"], shape=[(257,), (0,)])
def values(bench, device, dtype, shape):
    x = jnp.asarray(np.linspace(-5, 5, shape[0]), dtype)
    out = bench.measure(jax.lax.erf, x)
    assert out.dtype == x.dtype
    assert_close(out, scipy.special.erf(np.asarray(x.astype(jnp.float64))), dtype, scale=4)


@case
def limits(bench, device):
    x = jnp.asarray([0.0, -0.0, 1e-300, 30.0, -30.0, np.inf, -np.inf, np.nan])
    out = bench.measure(jax.lax.erf, x)
    assert_close(out, scipy.special.erf(np.asarray(x)), "float64")


@case(dtype=["float32", "float64"])
def gradients(bench, device, dtype):
    # the study timed erf inside check_grads; check first and second derivatives
    x = jnp.asarray(np.linspace(-3, 3, 25), dtype)
    d1 = bench.measure(jax.vmap(jax.grad(jax.lax.erf)), x)
    xn = np.asarray(x, dtype=np.float64)
    assert_close(d1, 2 / np.sqrt(np.pi) * np.exp(-xn**2), dtype, scale=4)
    d2 = jax.vmap(jax.grad(jax.grad(jax.lax.erf)))(x)
    assert_close(d2, -4 * xn / np.sqrt(np.pi) * np.exp(-xn**2), dtype, scale=4)


@case
def integer_rejected(bench, device):
    out = bench.measure(jax.lax.erf, jnp.asarray([0.5], jnp.float32))
    assert_close(out, scipy.special.erf([0.5]), "float32")
    try:
        jax.lax.erf(jnp.asarray([1, 2]))
    except TypeError:
        return
    raise AssertionError("lax.erf accepted an integer array; lax ops require floating inputs")
