import numpy as np
import tensorflow as tf

from portabench import case

FUNCTION = "tf.sets.intersection"


def rows(sparse):
    """The sets of a 2-D result, row by row (values in index order)."""
    out = [[] for _ in range(int(sparse.dense_shape[0]))]
    for (r, _), v in zip(sparse.indices.numpy().tolist(), sparse.values.numpy().tolist()):
        out[r].append(v)
    return out


@case(dtype=["int32", "int64", "uint8", "int8", "uint16", "int16"])
def dense_rows(bench, device, dtype):
    a = tf.constant([[1, 2, 3, 5], [4, 5, 6, 6], [7, 8, 9, 9]], dtype)
    b = tf.constant([[3, 1, 9, 9], [6, 0, 4, 4], [0, 0, 0, 0]], dtype)
    out = bench.measure(tf.sets.intersection, a, b)
    assert rows(out) == [[1, 3], [4, 6], []], rows(out)


@case
def strings(bench, device):
    a = tf.constant([["a", "b", "c"]])
    b = tf.constant([["c", "a", "z"]])
    out = bench.measure(tf.sets.intersection, a, b)
    assert rows(out) == [[b"a", b"c"]]


@case
def sparse_and_dense(bench, device):
    a = tf.sparse.SparseTensor(indices=[[0, 0], [0, 1], [1, 0]], values=tf.constant([2, 4, 7], tf.int64), dense_shape=[2, 3])
    b = tf.constant([[4, 5, 2], [1, 1, 1]], tf.int64)

    def inter(values, b):
        return tf.sets.intersection(tf.sparse.SparseTensor(a.indices, values, a.dense_shape), b)

    out = bench.measure(inter, a.values, b)
    assert rows(out) == [[2, 4], []]


@case
def batched_3d(bench, device):
    a = tf.constant(np.arange(24).reshape(2, 3, 4) % 5, tf.int32)
    b = tf.constant(np.full((2, 3, 2), [0, 4]), tf.int32)
    out = bench.measure(tf.sets.intersection, a, b)
    ref = [[sorted(set(r) & {0, 4}) for r in m] for m in (np.arange(24).reshape(2, 3, 4) % 5).tolist()]
    got = [[[] for _ in range(3)] for _ in range(2)]
    for (i, j, _), v in zip(out.indices.numpy().tolist(), out.values.numpy().tolist()):
        got[i][j].append(v)
    assert got == ref, got
