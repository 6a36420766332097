import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.linalg.matmul"


@case(dtype=["float32", "float16", "bfloat16", "float64"], n=[64, 256])
def square(bench, device, dtype, n):
    rng = np.random.default_rng(0)
    a = tf.cast(tf.constant(rng.standard_normal((n, n))), dtype)
    b = tf.cast(tf.constant(rng.standard_normal((n, n))), dtype)
    out = bench.measure(tf.linalg.matmul, a, b)
    ref = tf.cast(a, tf.float64).numpy() @ tf.cast(b, tf.float64).numpy()
    assert_close(tf.cast(out, tf.float64), ref, dtype, scale=np.sqrt(n))


@case(dtype=["float32", "float64"])
def batched(bench, device, dtype):
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((8, 32, 16)), rng.standard_normal((8, 16, 24))
    out = bench.measure(tf.linalg.matmul, tf.constant(a, dtype), tf.constant(b, dtype))
    assert tuple(out.shape) == (8, 32, 24)
    assert_close(out, a @ b, dtype, scale=4)


@case(dtype=["int32", "int64"])
def integers(bench, device, dtype):
    a = tf.reshape(tf.range(12, dtype=dtype), (3, 4))
    out = bench.measure(tf.linalg.matmul, a, a, transpose_b=True)
    ref = np.arange(12).reshape(3, 4) @ np.arange(12).reshape(3, 4).T
    assert_close(out, ref, dtype)
