import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.zeros"


@case(shape=[(), (3, 0), (2, 1, 5), (512, 512)], dtype=[None, "float16", "bfloat16", "float32", "int64", "uint8", "bool", "complex128"])
def shapes_dtypes(bench, device, shape, dtype):
    out = bench.measure(jnp.zeros, shape=shape, dtype=dtype)
    assert out.shape == shape
    # no dtype: JAX's default float (float32, float64 under jax_enable_x64)
    assert out.dtype == (jax.dtypes.canonicalize_dtype(jnp.float64) if dtype is None else jnp.dtype(dtype)), f"dtype {out.dtype}"
    assert not np.asarray(out).any(), "zeros has a non-zero element"


@case
def traced_shape_use_and_negative(bench, device):
    out = bench.measure(lambda x: jnp.zeros(x.shape, x.dtype) - x, jnp.arange(3.0))
    assert_close(out, -np.arange(3.0), "float64")
    try:
        jnp.zeros((-1, 2))
    except (ValueError, TypeError):
        return
    raise AssertionError("zeros accepted a negative dimension")
