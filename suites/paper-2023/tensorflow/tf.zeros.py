import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.zeros"


@case(dtype=["float16", "bfloat16", "float32", "float64", "int8", "int32", "int64", "uint8", "bool", "complex128"])
def dtypes(bench, device, dtype):
    out = bench.measure(tf.zeros, tf.constant([3, 5]), dtype=dtype)
    assert out.dtype == tf.as_dtype(dtype) and out.shape == (3, 5)
    assert not np.any(out.numpy()), "tf.zeros returned a non-zero element"


@case(shape=[(0,), (2, 0), (1, 1, 1, 1), (64, 64)])
def shapes(bench, device, shape):
    out = bench.measure(tf.zeros, tf.constant(shape, tf.int32))
    assert tuple(out.shape) == shape
    assert_close(out, np.zeros(shape), "float32")


@case
def scalar(bench, device):
    out = bench.measure(tf.zeros, tf.constant([], tf.int32), dtype=tf.float64)
    assert out.shape == () and float(out) == 0.0


@case
def negative_dimension_raises(bench, device):
    try:
        bench.measure(tf.zeros, tf.constant([2, -3]))
    except (tf.errors.InvalidArgumentError, ValueError):
        return
    raise AssertionError("tf.zeros with a negative dimension must raise")
