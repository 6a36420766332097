import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

# Replaces the study's tf.compat.v1.metrics.accuracy, which raises under eager execution
# ("not supported when eager execution is enabled"): its TF 2 equivalent.
FUNCTION = "tf.keras.metrics.Accuracy"


def accuracy(y_true, y_pred):
    m = tf.keras.metrics.Accuracy()
    m.update_state(y_true, y_pred)
    return m.result()


@case(dtype=["int32", "int64", "float32", "float64", "bool"])
def labels(bench, device, dtype):
    t = np.array([1, 0, 1, 1, 0, 1, 0, 0])
    p = np.array([1, 1, 1, 0, 0, 1, 0, 1])
    out = bench.measure(accuracy, tf.constant(t.astype(dtype)), tf.constant(p.astype(dtype)))
    assert_close(out, np.float64(5 / 8), "float32")


@case
def sample_weight_and_accumulation(bench, device):
    def weighted(t, p, w):
        m = tf.keras.metrics.Accuracy()
        m.update_state(t, p, sample_weight=w)
        m.update_state(t, t)
        return m.result()

    out = bench.measure(weighted, tf.constant([1, 2, 3]), tf.constant([1, 0, 3]), tf.constant([1.0, 2.0, 1.0]))
    # first update 2/4 weighted correct, second 3/3: (2 + 3) / (4 + 3)
    assert_close(out, np.float64(5 / 7), "float32")


@case
def empty_is_zero(bench, device):
    out = bench.measure(accuracy, tf.zeros((0,), tf.int32), tf.zeros((0,), tf.int32))
    assert float(out) == 0.0
