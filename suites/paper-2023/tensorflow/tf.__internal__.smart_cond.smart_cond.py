import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.__internal__.smart_cond.smart_cond"
smart_cond = tf.__internal__.smart_cond.smart_cond


@case(pred=[True, False])
def static_python_predicate(bench, device, pred):
    calls = []

    def fn(x):
        return smart_cond(pred, lambda: (calls.append("t"), x + 1)[1], lambda: (calls.append("f"), x - 1)[1])

    out = bench.measure(fn, tf.constant([1.0, 2.0]))
    assert_close(out, np.array([2.0, 3.0]) if pred else np.array([0.0, 1.0]), "float32")
    assert set(calls) == ({"t"} if pred else {"f"}), f"a static predicate must call one branch only, called {calls}"


@case(value=[True, False], dtype=["float32", "float64", "int32"])
def tensor_predicate(bench, device, value, dtype):
    def fn(p, x):
        return smart_cond(p, lambda: x * 2, lambda: -x)

    out = bench.measure(fn, tf.constant(value), tf.constant([1, 5], dtype))
    assert_close(tf.cast(out, tf.float64), np.array([2.0, 10.0]) if value else np.array([-1.0, -5.0]), "float64")


@case
def gradient_through_taken_branch(bench, device):
    def grad(p, x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = smart_cond(p, lambda: x * x, lambda: 3 * x)
        return tape.gradient(y, x)

    assert_close(bench.measure(grad, tf.constant(True), tf.constant(4.0, tf.float64)), np.float64(8.0), "float64")
