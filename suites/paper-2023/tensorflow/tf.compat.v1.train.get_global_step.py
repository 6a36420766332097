import tensorflow as tf

from portabench import case, skip

FUNCTION = "tf.compat.v1.train.get_global_step"


@case
def after_creation(bench, device):
    if bench.compiled:
        skip("get_global_step looks a variable up in a graph collection (host Python): nothing for XLA to compile")
    g = tf.Graph()
    with g.as_default():
        created = tf.compat.v1.train.get_or_create_global_step()
    # a graph variable has no value to materialise: time the lookup, return a Python bool
    found = bench.measure(lambda: tf.compat.v1.train.get_global_step(g) is created)
    assert found and created.dtype.base_dtype == tf.int64


@case
def none_before_creation(bench, device):
    if bench.compiled:
        skip("get_global_step looks a variable up in a graph collection (host Python): nothing for XLA to compile")
    with tf.Graph().as_default():
        assert bench.measure(tf.compat.v1.train.get_global_step) is None


@case
def eager_step_counts(bench, device):
    if bench.compiled:
        skip("get_global_step looks a variable up in a graph collection (host Python): nothing for XLA to compile")
    step = tf.compat.v1.train.get_or_create_global_step()
    got = bench.measure(tf.compat.v1.train.get_global_step)
    assert got is not None
    start = int(got.numpy())
    got.assign_add(3)
    assert int(tf.compat.v1.train.get_global_step().numpy()) == start + 3
