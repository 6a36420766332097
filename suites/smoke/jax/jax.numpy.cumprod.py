import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.cumprod"


@case(dtype=["float32", "float16", "bfloat16", "float64", "int64"], axis=[0, 1])
def matrix(bench, device, dtype, axis):
    rng = np.random.default_rng(0)
    x = rng.uniform(0.5, 1.5, (16, 64)) if "int" not in dtype else rng.integers(-2, 3, (16, 64))
    jx = jnp.asarray(x).astype(dtype)
    out = bench.measure(jnp.cumprod, jx, axis=axis)
    base = np.asarray(jx.astype(jnp.float64)) if "int" not in dtype else np.asarray(jx)
    assert_close(out, np.cumprod(base, axis=axis), dtype, scale=8)


@case
def gradient_with_zero(bench, device):
    x = jnp.asarray([2.0, 0.0, 3.0, 4.0])
    g = bench.measure(jax.grad(lambda v: jnp.cumprod(v).sum()), x)
    assert_close(g, np.array([1.0, 2 + 6 + 24, 0.0, 0.0]), "float64")
