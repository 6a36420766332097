import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.convert_to_tensor"


@case(dtype=["float16", "bfloat16", "float32", "float64", "int32", "int64", "bool"])
def numpy_values(bench, device, dtype):
    rng = np.random.default_rng(0)
    v = rng.integers(0, 2, (3, 7)).astype(bool) if dtype == "bool" else rng.integers(-5, 6, (3, 7)).astype(np.float64)
    out = bench.measure(lambda: tf.convert_to_tensor(v, dtype=dtype))
    assert out.dtype == tf.as_dtype(dtype)
    assert_close(tf.cast(out, tf.float64) if dtype != "bool" else out, v, "float64")


@case(dtype_hint=[None, "float32", "float64"])
def python_list_with_hint(bench, device, dtype_hint):
    v = [[1.0, 2.0], [3.0, 4.5]]
    out = bench.measure(lambda: tf.convert_to_tensor(v, dtype_hint=dtype_hint))
    assert out.dtype == tf.as_dtype(dtype_hint or "float32")
    assert_close(out, np.array(v), dtype_hint or "float32")


@case(dtype=["float32", "int64"])
def tensor_passthrough(bench, device, dtype):
    x = tf.cast(tf.reshape(tf.range(12), (3, 4)), dtype)
    out = bench.measure(tf.convert_to_tensor, x)
    assert out.dtype == x.dtype
    assert_close(out, np.arange(12).reshape(3, 4).astype(dtype), dtype)


@case
def incompatible_dtype_raises(bench, device):
    try:
        bench.measure(tf.convert_to_tensor, tf.constant([1.5]), dtype=tf.int32)
    except (TypeError, ValueError):
        return
    raise AssertionError("converting a float32 tensor to int32 must raise")


@case
def empty(bench, device):
    out = bench.measure(lambda: tf.convert_to_tensor(np.zeros((0, 4))))
    assert out.shape == (0, 4) and out.dtype == tf.float64
