import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

# Replaces the study's `numpy.rad2deg` pick (NumPy's ufunc applied to TF's bfloat16
# scalar type): the TensorFlow function of that name.
FUNCTION = "tf.experimental.numpy.rad2deg"
tnp = tf.experimental.numpy


@case(dtype=["float16", "bfloat16", "float32", "float64"])
def floats(bench, device, dtype):
    v = np.linspace(-2 * np.pi, 2 * np.pi, 33)
    x = tf.cast(tf.constant(v), dtype)
    out = bench.measure(tnp.rad2deg, x)
    assert out.dtype == x.dtype
    assert_close(tf.cast(out, tf.float64), np.rad2deg(tf.cast(x, tf.float64).numpy()), dtype, scale=2)


@case(dtype=["int32", "int64"])
def integers_promote(bench, device, dtype):
    out = bench.measure(tnp.rad2deg, tf.constant([0, 1, 3], dtype))
    assert out.dtype.is_floating
    assert_close(tf.cast(out, tf.float64), np.rad2deg([0.0, 1.0, 3.0]), out.dtype.name)


@case
def special_values(bench, device):
    out = bench.measure(tnp.rad2deg, tf.constant([np.inf, -np.inf, np.nan, 0.0], tf.float64))
    assert_close(out, np.array([np.inf, -np.inf, np.nan, 0.0]), "float64")
