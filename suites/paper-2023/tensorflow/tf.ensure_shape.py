import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

# Replaces the study's `tf.test.TestCase.assertEqual` pick (a unittest assertion, not a
# framework function): that test file's cases checked tf.ensure_shape.
FUNCTION = "tf.ensure_shape"


@case(dtype=["float32", "float16", "bfloat16", "float64", "int32", "bool"], shape=[(2, 3), (None, 3), (2, None), None])
def compatible_shapes_pass_through(bench, device, dtype, shape):
    x = tf.cast(tf.reshape(tf.range(6), (2, 3)), dtype)
    out = bench.measure(tf.ensure_shape, x, shape=shape)
    assert out.shape == (2, 3) and out.dtype == x.dtype
    assert_close(tf.cast(out, tf.float64) if dtype != "bool" else out, np.arange(6).reshape(2, 3).astype(np.float64 if dtype != "bool" else bool), "float64")


@case(shape=[(3, 2), (2, 3, 1), (2,)])
def incompatible_shape_raises(bench, device, shape):
    try:
        bench.measure(tf.ensure_shape, tf.zeros((2, 3)), shape=shape)
    except (tf.errors.InvalidArgumentError, ValueError):
        return
    raise AssertionError(f"tf.ensure_shape((2, 3) tensor, {shape}) must raise")


@case
def empty(bench, device):
    out = bench.measure(tf.ensure_shape, tf.zeros((0, 4)), shape=(None, 4))
    assert out.shape == (0, 4)


@case
def gradient_is_identity(bench, device):
    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tf.ensure_shape(x, (3,)) * tf.constant([1.0, 2.0, 3.0], tf.float64))
        return tape.gradient(y, x)

    assert_close(bench.measure(grad, tf.constant([0.0, 0.0, 0.0], tf.float64)), np.array([1.0, 2.0, 3.0]), "float64")
