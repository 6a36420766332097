import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.math.truediv"


@case(dtype=["float16", "bfloat16", "float32", "float64"])
def floats(bench, device, dtype):
    rng = np.random.default_rng(0)
    a = tf.cast(tf.constant(rng.standard_normal((16, 16))), dtype)
    b = tf.cast(tf.constant(rng.uniform(0.5, 2.0, (16, 16))), dtype)
    out = bench.measure(tf.math.truediv, a, b)
    assert out.dtype == a.dtype
    ref = tf.cast(a, tf.float64).numpy() / tf.cast(b, tf.float64).numpy()
    assert_close(tf.cast(out, tf.float64), ref, dtype, scale=2)


@case(dtype=["int8", "int16", "int32", "int64", "uint8"])
def integers_promote_to_float(bench, device, dtype):
    a = tf.constant([7, 9, 100, 0], dtype)
    b = tf.constant([2, 4, 3, 5], dtype)
    out = bench.measure(tf.math.truediv, a, b)
    expected = tf.float64 if dtype in ("int32", "int64") else tf.float32
    assert out.dtype == expected, f"{dtype} / {dtype} gave {out.dtype}, expected {expected}"
    assert_close(out, np.array([3.5, 2.25, 100 / 3, 0.0]), expected.name)


@case
def broadcasting(bench, device):
    a = tf.reshape(tf.range(12.0), (3, 4))
    b = tf.constant([1.0, 2.0, 4.0, 8.0])
    out = bench.measure(tf.math.truediv, a, b)
    assert_close(out, np.arange(12.0).reshape(3, 4) / np.array([1, 2, 4, 8.0]), "float32")


@case
def division_by_zero(bench, device):
    out = bench.measure(tf.math.truediv, tf.constant([1.0, -1.0, 0.0]), tf.constant([0.0, 0.0, 0.0]))
    v = out.numpy()
    assert v[0] == np.inf and v[1] == -np.inf and np.isnan(v[2])


@case
def empty(bench, device):
    out = bench.measure(tf.math.truediv, tf.zeros((0, 3)), tf.ones((1, 3)))
    assert out.shape == (0, 3)


@case
def gradient(bench, device):
    a = tf.constant([1.0, 2.0, 3.0], tf.float64)
    b = tf.constant([2.0, 4.0, 5.0], tf.float64)

    def grads(a, b):
        with tf.GradientTape() as tape:
            tape.watch([a, b])
            y = tf.reduce_sum(tf.math.truediv(a, b))
        return tape.gradient(y, [a, b])

    ga, gb = bench.measure(grads, a, b)
    assert_close(ga, 1 / b.numpy(), "float64")
    assert_close(gb, -a.numpy() / b.numpy() ** 2, "float64")
