import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.array"


@case(dtype=["float32", "float16", "bfloat16", "float64", "int8", "int32", "int64", "uint8", "bool"])
def from_numpy(bench, device, dtype):
    rng = np.random.default_rng(0)
    src = (rng.standard_normal((17, 9)) * 50)
    x = jnp.asarray(src).astype(dtype)  # the source array, already in the dtype
    host = np.asarray(x)
    out = bench.measure(jnp.array, host)
    assert out.dtype == x.dtype, f"dtype {out.dtype} != {x.dtype}"
    assert_close(out, np.asarray(x.astype(jnp.float64)) if dtype != "bool" else host, dtype)


@case(obj=[[[1, 2], [3, 4]], [1.5, 2, 3], [True, False], [], [[1], [2.5]], 7, 2.5])
def from_python(bench, device, obj):
    out = bench.measure(jnp.array, object=obj)
    ref = np.array(obj)
    assert out.shape == ref.shape, f"shape {out.shape} != {ref.shape}"
    assert out.dtype.kind == ref.dtype.kind, f"dtype kind {out.dtype} vs numpy {ref.dtype}"
    assert_close(out, ref, "float64")


@case(dtype=["float32", "int16", "bool", "bfloat16"], ndmin=[0, 3])
def dtype_and_ndmin(bench, device, dtype, ndmin):
    out = bench.measure(jnp.array, object=[0, 1, 2], dtype=dtype, ndmin=ndmin)
    assert out.dtype == jnp.dtype(dtype), f"dtype {out.dtype} != {dtype}"
    assert out.ndim == max(1, ndmin)
    assert_close(out.reshape(-1).astype(jnp.float64), np.array([0, 1, 2]).astype(bool if dtype == "bool" else float), "float64")


@case
def copy_of_device_array(bench, device):
    x = jnp.arange(10.0)
    out = bench.measure(jnp.array, x, copy=True)
    assert_close(out, np.arange(10.0), "float64")
