import tensorflow as tf

from portabench import case, skip

FUNCTION = "tf.Graph.as_default"

def host_only(bench, what):
    if bench.compiled:
        skip(f"{what} runs on the host in Python: there is nothing for XLA to compile")


def build(graph, n):
    with graph.as_default():
        x = tf.constant(1.0)
        for _ in range(n):
            x = x * 2.0
    return x


@case(n=[1, 10, 100])
def ops_land_in_the_graph(bench, device, n):
    host_only(bench, "tf.Graph.as_default (graph building)")
    g = tf.Graph()
    x = bench.measure(lambda: build(g, n))
    assert x.graph is g
    assert len(g.get_operations()) >= n + 1
    with tf.compat.v1.Session(graph=g) as sess:
        assert sess.run(x) == 2.0 ** n


@case
def eager_outside_and_nesting(bench, device):
    host_only(bench, "tf.Graph.as_default (graph building)")
    outer, inner = tf.Graph(), tf.Graph()

    def nested():
        with outer.as_default():
            with inner.as_default():
                assert tf.compat.v1.get_default_graph() is inner
            assert tf.compat.v1.get_default_graph() is outer
            return tf.executing_eagerly()

    assert bench.measure(nested) is False
    assert tf.executing_eagerly()
