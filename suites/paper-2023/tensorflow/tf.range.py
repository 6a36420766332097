import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.range"


@case(dtype=["int32", "int64", "float32", "float64", "float16", "bfloat16"])
def start_limit_delta(bench, device, dtype):
    start, limit, delta = (tf.constant(v, dtype) for v in (2, 40, 3))
    out = bench.measure(tf.range, start, limit, delta)
    assert out.dtype == tf.as_dtype(dtype)
    assert_close(tf.cast(out, tf.float64), np.arange(2, 40, 3).astype(np.float64), "float64")


@case(args=[(10,), (0, 10, 2), (10, 0, -3), (5, 5)])
def integer_arguments(bench, device, args):
    out = bench.measure(tf.range, *[tf.constant(a) for a in args])
    assert_close(out, np.arange(*args).astype(np.int32), "int32")


@case
def fractional_delta(bench, device):
    out = bench.measure(tf.range, tf.constant(0.0, tf.float64), tf.constant(1.0, tf.float64), tf.constant(0.1, tf.float64))
    assert_close(out, np.arange(0, 1, 0.1), "float64")


@case
def zero_delta_raises(bench, device):
    try:
        bench.measure(tf.range, tf.constant(0), tf.constant(5), tf.constant(0))
    except (tf.errors.InvalidArgumentError, ValueError):
        return
    raise AssertionError("tf.range with delta == 0 must raise")
