import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.compat.v1.variable_scope"


def scoped(name, init):
    with tf.compat.v1.variable_scope(name):
        v = tf.compat.v1.get_variable("w", initializer=init)
    return v


@case(dtype=["float32", "float64", "int32"])
def eager_names_and_values(bench, device, dtype):
    init = tf.constant([1, 2, 3], dtype)
    names = []

    def fn(init):
        v = scoped("layer", init)
        names.append(v.name)
        return v.read_value()

    out = bench.measure(fn, init)
    assert names[0] == "layer/w:0", names[0]
    assert_close(tf.cast(out, tf.float64), np.array([1.0, 2.0, 3.0]), "float64")


@case
def graph_reuse_shares_variables(bench, device):
    def build():
        g = tf.Graph()
        with g.as_default():
            with tf.compat.v1.variable_scope("s"):
                a = tf.compat.v1.get_variable("v", [2])
            with tf.compat.v1.variable_scope("s", reuse=True):
                b = tf.compat.v1.get_variable("v", [2])
        return a is b, a.name

    same, name = bench.measure(build) if not bench.compiled else build()
    if bench.compiled:
        bench.measure(lambda x: scoped("c", x).read_value(), tf.constant([1.0]))
    assert same and name == "s/v:0"
