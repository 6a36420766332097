import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.tensor_scatter_nd_update"


@case(dtype=["float16", "bfloat16", "float32", "float64", "int32", "int64", "bool", "complex128"])
def elements(bench, device, dtype):
    base = np.arange(8) % 2 == 0 if dtype == "bool" else np.arange(8.0)
    upd = np.array([True, False]) if dtype == "bool" else np.array([-1.0, 42.0])
    out = bench.measure(tf.tensor_scatter_nd_update, tf.cast(tf.constant(base), dtype), tf.constant([[1], [6]]), tf.cast(tf.constant(upd), dtype))
    ref = base.copy()
    ref[[1, 6]] = upd
    got = out if dtype == "bool" else tf.cast(tf.math.real(out) if dtype == "complex128" else out, tf.float64)
    assert_close(got, ref, "float64")


@case(index_dtype=["int32", "int64"])
def slices(bench, device, index_dtype):
    x = tf.zeros((4, 4, 4))
    updates = tf.reshape(tf.range(32.0), (2, 4, 4))
    out = bench.measure(tf.tensor_scatter_nd_update, x, tf.constant([[0], [2]], index_dtype), updates)
    ref = np.zeros((4, 4, 4))
    ref[[0, 2]] = np.arange(32.0).reshape(2, 4, 4)
    assert_close(out, ref, "float32")


@case
def empty_updates(bench, device):
    x = tf.constant([1.0, 2.0, 3.0])
    out = bench.measure(tf.tensor_scatter_nd_update, x, tf.zeros((0, 1), tf.int32), tf.zeros((0,)))
    assert_close(out, np.array([1.0, 2.0, 3.0]), "float32")


@case
def out_of_range_index_raises(bench, device):
    try:
        bench.measure(tf.tensor_scatter_nd_update, tf.zeros((4,)), tf.constant([[9]]), tf.constant([1.0]))
    except tf.errors.InvalidArgumentError:
        return
    raise AssertionError("an out-of-range index must raise InvalidArgumentError on CPU")


@case
def gradient(bench, device):
    x = tf.constant(np.arange(5.0))
    u = tf.constant([10.0, 20.0], tf.float64)

    def grads(x, u):
        with tf.GradientTape() as tape:
            tape.watch([x, u])
            y = tf.reduce_sum(tf.tensor_scatter_nd_update(x, [[0], [3]], u) * tf.constant([1.0, 2, 3, 4, 5], tf.float64))
        return tape.gradient(y, [x, u])

    gx, gu = bench.measure(grads, x, u)
    assert_close(gx, np.array([0.0, 2, 3, 0, 5]), "float64")
    assert_close(gu, np.array([1.0, 4.0]), "float64")
