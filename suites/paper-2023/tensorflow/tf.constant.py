import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.constant"

# tf.constant takes Python/NumPy values, not tensors: the value is captured by a closure
# (tf.function would turn a NumPy keyword argument into a traced input), so a
# compiler embeds it in the program.


@case(dtype=["float16", "bfloat16", "float32", "float64", "int8", "int32", "int64", "uint8", "bool", "complex64"])
def from_numpy(bench, device, dtype):
    rng = np.random.default_rng(0)
    v = rng.integers(0, 2, (4, 5)) if dtype == "bool" else rng.integers(-8, 9, (4, 5)) if "int" in dtype else rng.uniform(-4, 4, (4, 5))
    if dtype == "uint8":
        v = np.abs(v)
    out = bench.measure(lambda: tf.constant(v, dtype=dtype))
    assert out.dtype == tf.as_dtype(dtype) and out.shape == (4, 5)
    if dtype in ("bool",) or "int" in dtype:
        assert_close(out, v.astype(np.bool_ if dtype == "bool" else dtype), dtype)
    else:
        tol = dtype if dtype != "complex64" else "float32"
        assert_close(tf.cast(out, tf.float64) if dtype != "complex64" else tf.math.real(out), v, tol)


@case(shape=[(3,), (2, 3, 4), (0,), (0, 5)])
def scalar_broadcast_to_shape(bench, device, shape):
    out = bench.measure(lambda: tf.constant(2.5, shape=shape, dtype=tf.float32))
    assert tuple(out.shape) == shape
    assert_close(out, np.full(shape, 2.5), "float32")


@case
def nested_python_lists(bench, device):
    v = [[1, 2, 3], [4, 5, 6]]
    out = bench.measure(lambda: tf.constant(v))
    assert out.dtype == tf.int32
    assert_close(out, np.array(v, np.int32), "int32")


@case
def strings(bench, device):
    out = bench.measure(lambda: tf.constant(["a", "bc", ""]))
    assert out.dtype == tf.string
    assert [s.decode() for s in out.numpy()] == ["a", "bc", ""]
