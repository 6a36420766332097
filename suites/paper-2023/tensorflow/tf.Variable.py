import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.Variable"


@case(dtype=["float32", "float16", "bfloat16", "float64", "int32", "int64", "bool", "complex64"])
def create_and_read(bench, device, dtype):
    v0 = np.arange(6).reshape(2, 3) % 2 == 0 if dtype == "bool" else np.arange(6).reshape(2, 3)
    init = tf.cast(tf.constant(v0), dtype)

    def create(init):
        return tf.Variable(init).read_value()

    out = bench.measure(create, init)
    assert out.dtype == init.dtype
    got = out if dtype == "bool" else tf.cast(tf.math.real(out) if dtype == "complex64" else out, tf.float64)
    assert_close(got, v0.astype(bool if dtype == "bool" else np.float64), "float64")


@case(dtype=["float32", "float64"])
def assign_ops(bench, device, dtype):
    def update(x):
        v = tf.Variable(tf.zeros_like(x))
        v.assign(x)
        v.assign_add(x)
        v.assign_sub(tf.ones_like(x))
        return v.read_value()

    out = bench.measure(update, tf.constant([1.0, 2.5, -3.0], dtype))
    assert_close(out, np.array([1.0, 4.0, -7.0]), dtype)


@case
def trainable_gradient(bench, device):
    def grad(x):
        v = tf.Variable(x)
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(v * v)
        return tape.gradient(y, v)

    out = bench.measure(grad, tf.constant([1.0, -2.0, 3.0], tf.float64))
    assert_close(out, np.array([2.0, -4.0, 6.0]), "float64")


@case
def empty_and_shape_checks(bench, device):
    out = bench.measure(lambda x: tf.Variable(x).read_value(), tf.zeros((0, 4)))
    assert out.shape == (0, 4)
    v = tf.Variable([1.0, 2.0])
    try:
        v.assign([1.0, 2.0, 3.0])
    except (ValueError, tf.errors.InvalidArgumentError):
        return
    raise AssertionError("assigning a value of another shape must raise")
