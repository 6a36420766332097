import jax
import jax.numpy as jnp
import numpy as np
import scipy.special

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.scipy.special.ndtr"
# JAX documents ndtr for float32 and float64 only (float16/bfloat16 raise TypeError on
# every backend), so the dtypes here are those two.


@case(dtype=["float32", "float64"], shape=[(301,), (0,)])
def values(bench, device, dtype, shape):
    x = jnp.asarray(np.linspace(-12, 12, shape[0]), dtype)
    out = bench.measure(jax.scipy.special.ndtr, x)
    assert out.dtype == x.dtype
    assert_close(out, scipy.special.ndtr(np.asarray(x, dtype=np.float64)), dtype, scale=4)


@case
def far_tail_relative_accuracy(bench, device):
    x = jnp.asarray([-38.0, -30.0, -20.0, -10.0])
    out = bench.measure(jax.scipy.special.ndtr, x)
    ref = scipy.special.ndtr(np.asarray(x))
    np.testing.assert_allclose(np.asarray(out), ref, rtol=1e-10)


@case
def specials_and_int_rejected(bench, device):
    out = bench.measure(jax.scipy.special.ndtr, jnp.asarray([np.inf, -np.inf, np.nan, 0.0]))
    assert_close(out, scipy.special.ndtr([np.inf, -np.inf, np.nan, 0.0]), "float64")
    try:
        jax.scipy.special.ndtr(jnp.asarray([0, 1, 2]))
    except TypeError:
        return
    raise AssertionError("ndtr accepted an integer array; it is documented for float32/float64 only")


# checks float64 values at float64 tolerance: 64-bit types in this case's scope
@case(x64=True)
def gradient(bench, device):
    x = jnp.linspace(-5, 5, 11)
    g = bench.measure(jax.vmap(jax.grad(jax.scipy.special.ndtr)), x)
    xn = np.asarray(x)
    assert_close(g, np.exp(-xn**2 / 2) / np.sqrt(2 * np.pi), "float64")
