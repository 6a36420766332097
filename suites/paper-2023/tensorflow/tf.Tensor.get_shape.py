import numpy as np
import tensorflow as tf

from portabench import case

FUNCTION = "tf.Tensor.get_shape"


def shape_of(x):
    # a TensorShape is not a tensor: return it as one so a compiler can return it
    return tf.constant(x.get_shape().as_list(), tf.int32)


@case(dtype=["float32", "float16", "bfloat16", "float64", "int32", "bool", "string"], shape=[(), (3,), (2, 0, 5), (1, 2, 3, 4)])
def static_shapes(bench, device, dtype, shape):
    x = tf.zeros(shape, dtype) if dtype != "string" else tf.fill(shape, "a")
    out = bench.measure(shape_of, x)
    assert out.numpy().tolist() == list(shape)


@case
def matches_shape_property(bench, device):
    x = tf.reshape(tf.range(24), (2, 3, 4))
    out = bench.measure(shape_of, x)
    assert out.numpy().tolist() == x.shape.as_list() == [2, 3, 4]
    assert x.get_shape() == tf.TensorShape([2, 3, 4])


@case
def unknown_dimensions_in_a_trace(bench, device):
    seen = []

    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    def traced(x):
        seen.append(x.get_shape().as_list())
        return x

    bench.measure(lambda x: traced(x) * 1, tf.zeros((5, 3)))
    assert seen[0] == [None, 3], seen
