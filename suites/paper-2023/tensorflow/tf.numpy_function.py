import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.numpy_function"


def np_sinc(x):
    return np.sinc(x).astype(x.dtype)


@case(dtype=["float32", "float64", "float16"])
def elementwise(bench, device, dtype):
    v = np.linspace(-3, 3, 25)
    x = tf.cast(tf.constant(v), dtype)
    out = bench.measure(lambda x: tf.numpy_function(np_sinc, [x], tf.as_dtype(dtype)), x)
    assert_close(tf.cast(out, tf.float64), np.sinc(tf.cast(x, tf.float64).numpy()), dtype, scale=2)


@case
def several_outputs(bench, device):
    def split(a, b):
        return a + b, (a * b).astype(np.int64)

    s, p = bench.measure(lambda a, b: tf.numpy_function(split, [a, b], [tf.int32, tf.int64]), tf.constant([1, 2]), tf.constant([3, 4]))
    assert s.numpy().tolist() == [4, 6] and p.numpy().tolist() == [3, 8]


@case
def stateful_false_and_strings(bench, device):
    out = bench.measure(lambda x: tf.numpy_function(lambda s: np.char.upper(s.astype(str)).astype(object), [x], tf.string, stateful=False),
                        tf.constant(["ab", "c"]))
    assert [v.decode() for v in out.numpy()] == ["AB", "C"]


@case
def python_error_surfaces(bench, device):
    def boom(x):
        raise ValueError("boom")

    try:
        bench.measure(lambda x: tf.numpy_function(boom, [x], tf.float32), tf.constant(1.0))
    except Exception as exc:  # the Python error must surface with its text
        if "boom" in str(exc):
            return
        raise
    raise AssertionError("an exception inside the NumPy function must surface")
