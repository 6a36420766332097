import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.__internal__.nest.map_structure_up_to"
up_to = tf.__internal__.nest.map_structure_up_to


@case(dtype=["float32", "float64", "int32", "bfloat16"])
def shallow_prefix(bench, device, dtype):
    shallow = {"a": None, "b": None}
    inp = {"a": (tf.constant([1, 2], dtype), tf.constant(3, dtype)), "b": tf.constant([4, 5], dtype)}

    def fn(inp):
        return up_to(shallow, lambda v: tf.reduce_sum(tf.nest.flatten(v)[0]), inp)

    out = bench.measure(fn, inp)
    assert set(out) == {"a", "b"}
    assert_close(tf.cast(out["a"], tf.float64), np.float64(3.0), "float64")
    assert_close(tf.cast(out["b"], tf.float64), np.float64(9.0), "float64")


@case
def several_inputs(bench, device):
    shallow = [None, None]

    def fn(x, y):
        return up_to(shallow, lambda a, b: a * b, [x, y], [y, x])

    out = bench.measure(fn, tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0]))
    assert_close(out[0], np.array([3.0, 8.0]), "float32")
    assert_close(out[1], np.array([3.0, 8.0]), "float32")


@case
def incompatible_input_raises(bench, device):
    try:
        bench.measure(lambda x: up_to([None, None, None], tf.identity, [x, x]), tf.constant(1.0))
    except (ValueError, TypeError):
        return
    raise AssertionError("an input shallower than the shallow tree must raise")
