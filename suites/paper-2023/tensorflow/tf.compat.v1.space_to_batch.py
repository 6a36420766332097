import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.compat.v1.space_to_batch"


def reference(x, paddings, block):
    x = np.pad(x, [(0, 0), tuple(paddings[0]), tuple(paddings[1]), (0, 0)])
    n, h, w, c = x.shape
    y = x.reshape(n, h // block, block, w // block, block, c)
    y = y.transpose(2, 4, 0, 1, 3, 5)
    return y.reshape(block * block * n, h // block, w // block, c)


@case(dtype=["float16", "bfloat16", "float32", "float64", "int32", "int64", "uint8", "bool"], block=[2, 3])
def dtypes(bench, device, dtype, block):
    v = np.arange(2 * 6 * 6 * 2).reshape(2, 6, 6, 2) % 97
    if dtype == "bool":
        v = v % 2 == 0
    x = tf.cast(tf.constant(v), dtype)
    out = bench.measure(tf.compat.v1.space_to_batch, x, tf.constant([[0, 0], [0, 0]]), block_size=block)
    got = out if dtype == "bool" else tf.cast(out, tf.float64)
    assert_close(got, reference(v, [[0, 0], [0, 0]], block).astype(bool if dtype == "bool" else np.float64), "float64")


@case(paddings=[((1, 1), (2, 0)), ((0, 2), (1, 1))])
def with_padding(bench, device, paddings):
    v = np.random.default_rng(0).standard_normal((1, 4, 4, 3))
    out = bench.measure(tf.compat.v1.space_to_batch, tf.constant(v), tf.constant(paddings), block_size=2)
    assert_close(out, reference(v, paddings, 2), "float64")


@case
def indivisible_raises(bench, device):
    try:
        bench.measure(tf.compat.v1.space_to_batch, tf.zeros((1, 5, 4, 1)), tf.constant([[0, 0], [0, 0]]), block_size=2)
    except (tf.errors.InvalidArgumentError, ValueError):
        return
    raise AssertionError("a padded size not divisible by the block size must raise")


@case
def gradient_is_batch_to_space(bench, device):
    v = tf.constant(np.random.default_rng(1).standard_normal((1, 4, 4, 1)))
    w = tf.constant(np.random.default_rng(2).standard_normal((4, 2, 2, 1)))

    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tf.compat.v1.space_to_batch(x, [[0, 0], [0, 0]], block_size=2) * w)
        return tape.gradient(y, x)

    g = bench.measure(grad, v)
    assert_close(g, tf.compat.v1.batch_to_space(w, [[0, 0], [0, 0]], block_size=2), "float64")
