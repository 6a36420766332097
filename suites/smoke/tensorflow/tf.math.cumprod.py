import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.math.cumprod"


@case(dtype=["float32", "float16", "bfloat16", "float64", "int64"], axis=[0, 1])
def matrix(bench, device, dtype, axis):
    rng = np.random.default_rng(0)
    x = rng.uniform(0.5, 1.5, (16, 64)) if "int" not in dtype else rng.integers(-2, 3, (16, 64))
    tx = tf.cast(tf.constant(x), dtype)
    out = bench.measure(tf.math.cumprod, tx, axis=axis)
    base = tf.cast(tx, tf.float64).numpy() if "int" not in dtype else tx.numpy()
    assert_close(tf.cast(out, tf.float64) if "int" not in dtype else out, np.cumprod(base, axis=axis), dtype, scale=8)


@case(exclusive=[False, True], reverse=[False, True])
def options(bench, device, exclusive, reverse):
    x = tf.constant([1.0, 2.0, 3.0, 4.0], tf.float64)
    out = bench.measure(tf.math.cumprod, x, exclusive=exclusive, reverse=reverse)
    v = x.numpy()[::-1] if reverse else x.numpy()
    ref = np.cumprod(np.concatenate([[1.0], v[:-1]]) if exclusive else v)
    assert_close(out, ref[::-1] if reverse else ref, "float64")
