import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.cast"

FLOATS = ["float16", "bfloat16", "float32", "float64"]


@case(src=FLOATS, dst=FLOATS + ["int32", "int64", "uint8"])
def float_sources(bench, device, src, dst):
    # values exactly representable in every float type: casts to floats are exact,
    # casts to integers truncate toward zero
    v = np.array([[-3.5, -1.25, 0.0, 0.5], [1.75, 2.0, 7.5, 100.0]])
    if dst == "uint8":
        v = np.abs(v)
    out = bench.measure(tf.cast, tf.cast(tf.constant(v), src), dtype=dst)
    assert out.dtype == tf.as_dtype(dst)
    ref = np.trunc(v) if "int" in dst else v
    assert_close(tf.cast(out, tf.float64), ref, "float64")


@case(src=["int8", "int32", "int64", "uint8", "bool"], dst=["float32", "float16", "int64", "bool"])
def integer_and_bool_sources(bench, device, src, dst):
    v = np.array([0, 1, 2, 0, 5, 127]) if src != "bool" else np.array([0, 1, 1, 0, 1, 0])
    x = tf.constant(v.astype(np.bool_ if src == "bool" else src))
    out = bench.measure(tf.cast, x, dtype=dst)
    ref = (v != 0) if dst == "bool" else v.astype(np.float64)
    assert_close(tf.cast(out, tf.float64) if dst != "bool" else out, ref, "float64")


@case(dtype=["complex64", "complex128"])
def complex_to_real_drops_imaginary(bench, device, dtype):
    v = np.array([1 + 2j, -3.5 - 1j, 0j])
    out = bench.measure(tf.cast, tf.constant(v, dtype), dtype=tf.float64)
    assert_close(out, v.real, "float64")


@case
def empty(bench, device):
    out = bench.measure(tf.cast, tf.zeros((0, 3), tf.int32), dtype=tf.float32)
    assert out.shape == (0, 3) and out.dtype == tf.float32


@case(dtype=["float32", "float64"])
def gradient_through_cast(bench, device, dtype):
    x = tf.constant(np.linspace(-1, 1, 7), dtype)

    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tf.cast(x, tf.float64) ** 2)
        return tape.gradient(y, x)

    g = bench.measure(grad, x)
    assert g.dtype == tf.as_dtype(dtype)
    assert_close(g, 2 * np.linspace(-1, 1, 7), dtype)


@case
def sparse_tensor(bench, device):
    st = tf.sparse.SparseTensor(indices=[[0, 1], [2, 3]], values=tf.constant([1.5, -2.5]), dense_shape=[3, 4])

    def cast_sparse(values):
        return tf.cast(tf.sparse.SparseTensor(st.indices, values, st.dense_shape), tf.int32).values

    out = bench.measure(cast_sparse, st.values)
    assert_close(out, np.array([1, -2], np.int32), "int32")
