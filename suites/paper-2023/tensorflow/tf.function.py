import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

# Replaces the study's tf.compat.v1.Session.run (TF 1 graph execution): in TF 2 a graph is
# built and run by calling a tf.function.
FUNCTION = "tf.function"


@case(dtype=["float32", "float64", "float16", "bfloat16", "int32"])
def run_a_graph(bench, device, dtype):
    def f(x):
        return tf.reduce_sum(x * x, axis=-1) + 1

    x = tf.cast(tf.reshape(tf.range(12), (3, 4)), dtype)
    out = bench.measure(lambda x: tf.function(f)(x), x)
    v = np.arange(12.0).reshape(3, 4)
    assert_close(tf.cast(out, tf.float64), (v * v).sum(axis=-1) + 1, dtype, scale=2)


@case(reduce_retracing=[False, True])
def retraces_per_signature(bench, device, reduce_retracing):
    traces = []

    def f(x):
        traces.append(x.shape)
        return x + 1

    def call(a, b):
        # a fresh tf.function each time: the timed region is wrapping plus tracing
        g = tf.function(f, reduce_retracing=reduce_retracing)
        return g(a), g(b), g(a)

    bench.measure(call, tf.zeros((2,)), tf.zeros((3,)))
    assert len(traces) >= 1


@case
def control_flow_and_fetch_structures(bench, device):
    @tf.function
    def f(x):
        total = tf.constant(0.0, tf.float64)
        for i in tf.range(tf.shape(x)[0]):
            if x[i] > 0:
                total += x[i]
        return {"sum": total, "pair": (x[0], x[-1])}

    out = bench.measure(lambda x: f(x), tf.constant([1.0, -2.0, 3.0], tf.float64))
    assert float(out["sum"]) == 4.0 and float(out["pair"][1]) == 3.0


@case
def empty_input(bench, device):
    out = bench.measure(lambda x: tf.function(tf.reduce_sum)(x), tf.zeros((0,)))
    assert float(out) == 0.0
