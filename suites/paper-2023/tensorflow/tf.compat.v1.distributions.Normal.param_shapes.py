import tensorflow as tf

from portabench import case

FUNCTION = "tf.compat.v1.distributions.Normal.param_shapes"


def shapes(sample_shape):
    s = tf.compat.v1.distributions.Normal.param_shapes(sample_shape)
    return s["loc"], s["scale"]


@case(shape=[[], [3], [2, 5], [1, 2, 3, 4]])
def static_list(bench, device, shape):
    loc, scale = bench.measure(shapes, tf.constant(shape, tf.int32))
    assert loc.numpy().tolist() == shape and scale.numpy().tolist() == shape


@case(dtype=["int32", "int64"])
def tensor_shape(bench, device, dtype):
    loc, scale = bench.measure(shapes, tf.constant([4, 2], dtype))
    assert loc.numpy().tolist() == [4, 2] and scale.numpy().tolist() == [4, 2]


@case
def usable_to_build_a_distribution(bench, device):
    loc, scale = bench.measure(shapes, tf.constant([3]))
    d = tf.compat.v1.distributions.Normal(tf.zeros(loc), tf.ones(scale))
    assert d.batch_shape == (3,)
