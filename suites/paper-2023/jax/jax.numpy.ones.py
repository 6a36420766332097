import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.ones"


@case(shape=[(), (3, 0), (4, 1, 5), (256, 256)], dtype=[None, "float16", "bfloat16", "float64", "int8", "uint32", "bool", "complex64"])
def shapes_dtypes(bench, device, shape, dtype):
    out = bench.measure(jnp.ones, shape=shape, dtype=dtype)
    assert out.shape == shape, f"shape {out.shape} != {shape}"
    if dtype is None:
        # JAX's default float: float32, float64 under jax_enable_x64
        want = jax.dtypes.canonicalize_dtype(jnp.float64)
        assert out.dtype == want, f"default dtype {out.dtype}, expected {want} (x64 {jax.config.jax_enable_x64})"
    else:
        assert out.dtype == jnp.dtype(dtype)
    assert_close(out.astype(jnp.float64) if dtype != "complex64" else out.real, np.ones(shape), "float64")


@case
def int_shape_and_traced_use(bench, device):
    out = bench.measure(jnp.ones, shape=5, dtype=jnp.int32)
    assert_close(out, np.ones(5, dtype=np.int32), "int32")
    # inside a traced function, ones of the input's shape
    out = bench.measure(lambda x: jnp.ones(x.shape, x.dtype) + x, jnp.arange(4.0))
    assert_close(out, np.arange(4.0) + 1, "float64")
