import tensorflow as tf

from portabench import case

FUNCTION = "tf.compat.v1.is_variable_initialized"


@case(dtype=["float32", "float64", "int32", "bool", "bfloat16"])
def eager_variables(bench, device, dtype):
    v = tf.Variable(tf.zeros((3,), dtype))
    out = bench.measure(lambda: tf.compat.v1.is_variable_initialized(v))
    assert out.dtype == tf.bool and bool(out)


@case
def graph_before_and_after_init(bench, device):
    with tf.Graph().as_default():
        v = tf.compat.v1.Variable([1.0, 2.0], use_resource=True)
        flag = tf.compat.v1.is_variable_initialized(v)
        with tf.compat.v1.Session() as sess:
            assert not sess.run(flag)
            sess.run(v.initializer)
            assert sess.run(flag)
    v2 = tf.Variable(1.0)
    assert bool(bench.measure(lambda: tf.compat.v1.is_variable_initialized(v2)))
