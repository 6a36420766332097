import numpy as np
import tensorflow as tf

from portabench import case

FUNCTION = "tf.compat.v1.debugging.assert_less"


def checked(x, y):
    # returns x once the assertion has passed (the assertion is a control dependency)
    with tf.control_dependencies([tf.compat.v1.debugging.assert_less(x, y)]):
        return tf.identity(x)


@case(dtype=["float32", "float16", "bfloat16", "float64", "int8", "int32", "int64", "uint8"])
def holds(bench, device, dtype):
    x = tf.constant([1, 2, 3], dtype)
    y = tf.constant([2, 3, 4], dtype)
    out = bench.measure(checked, x, y)
    assert out.numpy().tolist() == x.numpy().tolist()


@case(dtype=["float32", "int32"])
def violated_raises(bench, device, dtype):
    try:
        bench.measure(checked, tf.constant([1, 5], dtype), tf.constant([2, 5], dtype))
    except tf.errors.InvalidArgumentError as exc:
        assert "x < y" in str(exc) or "Condition" in str(exc), str(exc)[:200]
        return
    raise AssertionError("assert_less must raise InvalidArgumentError when x >= y somewhere")


@case
def broadcasting(bench, device):
    out = bench.measure(checked, tf.constant([[1.0], [2.0]]), tf.constant([3.0, 4.0, 5.0]))
    assert out.shape == (2, 1)


@case
def empty_is_vacuously_true(bench, device):
    out = bench.measure(checked, tf.zeros((0,)), tf.zeros((0,)))
    assert out.shape == (0,)
