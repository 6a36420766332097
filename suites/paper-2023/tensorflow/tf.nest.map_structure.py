import collections

import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.nest.map_structure"

Point = collections.namedtuple("Point", "x y")


@case(dtype=["float32", "float16", "bfloat16", "float64", "int32"])
def nested_tensors(bench, device, dtype):
    s = {"a": tf.constant([1, 2], dtype), "b": (tf.constant(3, dtype), [tf.constant([[4]], dtype)])}
    out = bench.measure(lambda s: tf.nest.map_structure(lambda t: t * 2 + 1, s), s)
    assert set(out) == {"a", "b"} and isinstance(out["b"], tuple) and isinstance(out["b"][1], list)
    assert_close(tf.cast(out["a"], tf.float64), np.array([3.0, 5.0]), "float64")
    assert_close(tf.cast(out["b"][1][0], tf.float64), np.array([[9.0]]), "float64")


@case
def several_structures(bench, device):
    a = Point(tf.constant(1.0), tf.constant([2.0, 3.0]))
    b = Point(tf.constant(10.0), tf.constant([20.0, 30.0]))
    out = bench.measure(lambda a, b: tf.nest.map_structure(tf.add, a, b), a, b)
    assert isinstance(out, Point)
    assert_close(out.y, np.array([22.0, 33.0]), "float32")


@case
def mismatched_structures_raise(bench, device):
    try:
        bench.measure(lambda a, b: tf.nest.map_structure(tf.add, a, b), (tf.constant(1.0),), (tf.constant(1.0), tf.constant(2.0)))
    except (ValueError, TypeError):
        return
    raise AssertionError("structures of different lengths must raise")


@case
def empty_structure(bench, device):
    out = bench.measure(lambda x: (x, tf.nest.map_structure(tf.square, {"e": []}))[0], tf.constant(1.0))
    assert float(out) == 1.0
    assert tf.nest.map_structure(tf.square, {"e": []}) == {"e": []}
