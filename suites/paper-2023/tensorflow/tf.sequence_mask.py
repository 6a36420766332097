import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.sequence_mask"


def reference(lengths, maxlen):
    lengths = np.asarray(lengths)
    return np.arange(maxlen) < lengths[..., None]


@case(dtype=[tf.bool, tf.float32, tf.float16, tf.int32, tf.float64])
def output_dtype(bench, device, dtype):
    lengths = tf.constant([1, 3, 2, 0])
    out = bench.measure(tf.sequence_mask, lengths, tf.constant(5), dtype=dtype)
    assert out.dtype == dtype
    assert_close(tf.cast(out, tf.bool), reference([1, 3, 2, 0], 5), "bool")


@case(length_dtype=["int32", "int64"])
def default_maxlen_is_max_length(bench, device, length_dtype):
    out = bench.measure(tf.sequence_mask, tf.constant([[1, 3], [2, 0]], length_dtype))
    assert out.shape == (2, 2, 3)
    assert_close(out, reference([[1, 3], [2, 0]], 3), "bool")


@case
def empty_lengths(bench, device):
    out = bench.measure(tf.sequence_mask, tf.zeros((0,), tf.int32), tf.constant(4))
    assert out.shape == (0, 4)


@case
def lengths_beyond_maxlen_clip(bench, device):
    out = bench.measure(tf.sequence_mask, tf.constant([7, 2]), tf.constant(3))
    assert_close(out, reference([7, 2], 3), "bool")
