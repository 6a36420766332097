import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.TensorArray.concat"


def concat_of(*pieces):
    ta = tf.TensorArray(pieces[0].dtype, size=len(pieces), infer_shape=False)
    for i, p in enumerate(pieces):
        ta = ta.write(i, p)
    return ta.concat()


@case(dtype=["float32", "float16", "bfloat16", "float64", "int32", "int64", "bool"])
def equal_pieces(bench, device, dtype):
    v = np.arange(12).reshape(3, 2, 2)
    ps = [tf.cast(tf.constant(v[i] % 2 == 0 if dtype == "bool" else v[i]), dtype) for i in range(3)]
    out = bench.measure(concat_of, *ps)
    ref = np.concatenate([p.numpy() if dtype == "bool" else tf.cast(p, tf.float64).numpy() for p in ps])
    assert_close(out if dtype == "bool" else tf.cast(out, tf.float64), ref, "float64")


@case
def ragged_leading_dimension(bench, device):
    ps = [tf.ones((1, 3)), tf.zeros((4, 3)), tf.fill([2, 3], 2.0)]
    out = bench.measure(concat_of, *ps)
    assert_close(out, np.concatenate([np.ones((1, 3)), np.zeros((4, 3)), np.full((2, 3), 2.0)]), "float32")


@case
def empty_pieces(bench, device):
    out = bench.measure(concat_of, tf.zeros((0, 2)), tf.ones((1, 2)), tf.zeros((0, 2)))
    assert_close(out, np.ones((1, 2)), "float32")


@case
def gradient(bench, device):
    a, b = tf.constant([1.0, 2.0], tf.float64), tf.constant([3.0], tf.float64)

    def grads(a, b):
        with tf.GradientTape() as tape:
            tape.watch([a, b])
            y = tf.reduce_sum(concat_of(a, b) * tf.constant([1.0, 10.0, 100.0], tf.float64))
        return tape.gradient(y, [a, b])

    ga, gb = bench.measure(grads, a, b)
    assert_close(ga, np.array([1.0, 10.0]), "float64")
    assert_close(gb, np.array([100.0]), "float64")
