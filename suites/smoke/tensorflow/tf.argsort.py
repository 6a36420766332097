import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.argsort"


@case(dtype=["float32", "float16", "bfloat16", "float64", "int64"])
def random_rows(bench, device, dtype):
    rng = np.random.default_rng(0)
    x = tf.cast(tf.constant(rng.permutation(4 * 2049).reshape(4, 2049)), dtype)
    idx = bench.measure(tf.argsort, x, axis=-1)
    got = tf.gather(tf.cast(x, tf.float64), idx, batch_dims=1).numpy()
    assert_close(got, np.sort(tf.cast(x, tf.float64).numpy(), axis=-1), "float64")


@case(direction=["ASCENDING", "DESCENDING"])
def stable_ties(bench, device, direction):
    x = tf.constant([3, 1, 2, 1, 3, 2, 1])
    idx = bench.measure(tf.argsort, x, direction=direction, stable=True)
    v = x.numpy()
    ref = np.argsort(-v if direction == "DESCENDING" else v, kind="stable")
    assert_close(idx, ref, "int32")


@case
def empty(bench, device):
    idx = bench.measure(tf.argsort, tf.zeros((0,)))
    assert idx.shape == (0,)
