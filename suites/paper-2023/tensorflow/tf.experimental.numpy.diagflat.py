import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.experimental.numpy.diagflat"
tnp = tf.experimental.numpy


@case(dtype=["float16", "bfloat16", "float32", "float64", "int32", "int64", "bool", "complex64"], k=[0, 2, -1])
def vectors(bench, device, dtype, k):
    v = np.array([1, 0, 3, 4]) if dtype == "bool" else np.array([1.0, -2.0, 3.0, 4.0])
    x = tf.cast(tf.constant(v), dtype)
    out = bench.measure(tnp.diagflat, x, k=k)
    got = out if dtype == "bool" else tf.cast(tf.math.real(out) if dtype == "complex64" else out, tf.float64)
    ref = np.diagflat(v.astype(bool) if dtype == "bool" else v, k)
    assert_close(got, ref, "float64")


@case
def flattens_matrices(bench, device):
    v = np.arange(6.0).reshape(2, 3)
    out = bench.measure(tnp.diagflat, tf.constant(v))
    assert_close(out, np.diagflat(v), "float64")


@case
def empty(bench, device):
    out = bench.measure(tnp.diagflat, tf.zeros((0,)), k=1)
    assert out.shape == (1, 1)
