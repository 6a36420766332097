import jax
import jax.numpy as jnp
import numpy as np
import scipy.special

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.i0"


@case(dtype=["float32", "float16", "bfloat16", "float64"])
def values(bench, device, dtype):
    x = jnp.asarray(np.linspace(-10, 10, 101), dtype)
    out = bench.measure(jnp.i0, x)
    assert out.dtype == x.dtype
    assert_close(out, np.i0(np.asarray(x.astype(jnp.float64))), dtype, scale=8)


# checks float64 values at float64 tolerance: 64-bit types in this case's scope
@case(x64=True)
def integers_and_empty(bench, device):
    out = bench.measure(jnp.i0, jnp.asarray([0, 1, 2, -3]))
    assert out.dtype.kind == "f"
    assert_close(out, np.i0(np.array([0.0, 1.0, 2.0, -3.0])), "float64")
    e = bench.measure(jnp.i0, jnp.zeros((0, 2)))
    assert e.shape == (0, 2)


@case
def gradient_is_i1(bench, device):
    x = jnp.asarray(np.linspace(-4, 4, 17))
    g = bench.measure(jax.vmap(jax.grad(jnp.i0)), x)
    assert_close(g, scipy.special.i1(np.asarray(x)), "float64", scale=10)
