import numpy as np
import tensorflow as tf

from portabench import case, skip

FUNCTION = "tf.data.experimental.dense_to_ragged_batch"

def host_only(bench, what):
    if bench.compiled:
        skip(f"{what} runs on the host: tf.data / file I/O cannot be compiled by XLA")


@case(batch=[1, 2, 3], drop_remainder=[False, True])
def ragged_rows(bench, device, batch, drop_remainder):
    host_only(bench, "tf.data.experimental.dense_to_ragged_batch")
    ds = tf.data.Dataset.range(1, 6).map(lambda n: tf.range(n))
    out = bench.measure(lambda: [b.to_list() for b in ds.apply(tf.data.experimental.dense_to_ragged_batch(batch, drop_remainder))])
    rows = [list(range(n)) for n in range(1, 6)]
    ref = [rows[i:i + batch] for i in range(0, 5, batch)]
    if drop_remainder:
        ref = [r for r in ref if len(r) == batch]
    assert out == ref, out


@case(dtype=["float32", "float64", "int64", "string"])
def dense_equal_shapes(bench, device, dtype):
    host_only(bench, "tf.data.experimental.dense_to_ragged_batch")
    v = np.arange(8).reshape(4, 2)
    t = tf.constant(v.astype(str)) if dtype == "string" else tf.constant(v, dtype)
    ds = tf.data.Dataset.from_tensor_slices(t)
    out = bench.measure(lambda: [b for b in ds.apply(tf.data.experimental.dense_to_ragged_batch(2))])
    assert len(out) == 2 and out[0].shape[0] == 2
