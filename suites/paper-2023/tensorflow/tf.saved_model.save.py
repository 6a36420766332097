import os
import tempfile

import numpy as np
import tensorflow as tf

from portabench import case, skip
from portabench.testing import assert_close

# Replaces the study's tf.compat.v1.saved_model.simple_save (needs a tf.compat.v1.Session).
FUNCTION = "tf.saved_model.save"

def host_only(bench, what):
    if bench.compiled:
        skip(f"{what} runs on the host (file I/O, Python objects): there is nothing for XLA to compile")


class Scale(tf.Module):
    def __init__(self, dtype):
        self.w = tf.Variable(tf.constant([2.0, 3.0], dtype))

    @tf.function
    def __call__(self, x):
        return x * self.w


@case(dtype=["float32", "float64", "float16"])
def round_trip(bench, device, dtype):
    host_only(bench, "tf.saved_model.save")
    m = Scale(dtype)
    x = tf.constant([1.0, -1.0], dtype)
    m(x)  # trace a concrete function to export
    d = tempfile.mkdtemp(prefix="pb-savedmodel-")
    bench.measure(lambda: tf.saved_model.save(m, os.path.join(d, str(len(os.listdir(d))))))
    loaded = tf.saved_model.load(os.path.join(d, "0"))
    assert_close(tf.cast(loaded(x), tf.float64), np.array([2.0, -3.0]), dtype)


@case
def serving_signature(bench, device):
    host_only(bench, "tf.saved_model.save")
    m = Scale("float32")
    sig = m.__call__.get_concrete_function(tf.TensorSpec([None, 2], tf.float32))
    d = tempfile.mkdtemp(prefix="pb-savedmodel-")
    bench.measure(lambda: tf.saved_model.save(m, os.path.join(d, str(len(os.listdir(d)))), signatures=sig))
    loaded = tf.saved_model.load(os.path.join(d, "0"))
    out = loaded.signatures["serving_default"](x=tf.ones((3, 2)))
    assert_close(list(out.values())[0], np.tile([2.0, 3.0], (3, 1)), "float32")
