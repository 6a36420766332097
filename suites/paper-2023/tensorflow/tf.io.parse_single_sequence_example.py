import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.io.parse_single_sequence_example"


def serialized(label, frames, words):
    ex = tf.train.SequenceExample()
    ex.context.feature["label"].int64_list.value.append(label)
    for f in frames:
        ex.feature_lists.feature_list["frames"].feature.add().float_list.value.extend(f)
    for w in words:
        ex.feature_lists.feature_list["words"].feature.add().bytes_list.value.append(w.encode())
    return tf.constant(ex.SerializeToString())


@case(steps=[0, 1, 5])
def context_and_sequences(bench, device, steps):
    frames = np.arange(steps * 3, dtype=np.float32).reshape(steps, 3)
    words = [f"w{i}" for i in range(steps)]
    ctx_spec = {"label": tf.io.FixedLenFeature([], tf.int64)}
    seq_spec = {"frames": tf.io.FixedLenSequenceFeature([3], tf.float32, allow_missing=True),
                "words": tf.io.FixedLenSequenceFeature([], tf.string, allow_missing=True)}
    ctx, seq = bench.measure(lambda s: tf.io.parse_single_sequence_example(s, ctx_spec, seq_spec), serialized(7, frames, words))
    assert int(ctx["label"]) == 7
    assert_close(seq["frames"], frames.astype(np.float64), "float32")
    assert [w.decode() for w in seq["words"].numpy()] == words


@case
def var_len_and_defaults(bench, device):
    ctx_spec = {"label": tf.io.FixedLenFeature([], tf.int64), "missing": tf.io.FixedLenFeature([], tf.float32, default_value=-1.0)}
    seq_spec = {"frames": tf.io.VarLenFeature(tf.float32)}
    ctx, seq = bench.measure(lambda s: tf.io.parse_single_sequence_example(s, ctx_spec, seq_spec), serialized(3, [[1.0], [2.0, 3.0]], []))
    assert float(ctx["missing"]) == -1.0
    assert seq["frames"].values.numpy().tolist() == [1.0, 2.0, 3.0]


@case
def corrupt_input_raises(bench, device):
    try:
        bench.measure(lambda s: tf.io.parse_single_sequence_example(s, {"label": tf.io.FixedLenFeature([], tf.int64)}), tf.constant(b"\xff\x00garbage"))
    except tf.errors.InvalidArgumentError:
        return
    raise AssertionError("a corrupt record must raise InvalidArgumentError")
