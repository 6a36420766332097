import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.train.ExponentialMovingAverage"


@case(dtype=["float32", "float64", "float16", "bfloat16"], decay=[0.9, 0.5])
def averages(bench, device, dtype, decay):
    v = tf.Variable(tf.constant([1.0, 2.0], dtype))
    updates = [np.array([3.0, -1.0]), np.array([0.5, 4.0])]

    def run(u0, u1):
        ema = tf.train.ExponentialMovingAverage(decay=decay)
        v.assign(tf.constant([1.0, 2.0], dtype))
        ema.apply([v])
        for u in (u0, u1):
            v.assign(u)
            ema.apply([v])
        return ema.average(v).read_value()

    out = bench.measure(run, *[tf.constant(u, dtype) for u in updates])
    avg = np.array([1.0, 2.0])
    for u in updates:
        avg = decay * avg + (1 - decay) * u
    assert_close(tf.cast(out, tf.float64), avg, dtype, scale=4)


@case
def num_updates_caps_decay(bench, device):
    v = tf.Variable(0.0, dtype=tf.float64)

    def run(x):
        ema = tf.train.ExponentialMovingAverage(decay=0.999, num_updates=tf.constant(0))
        ema.apply([v])
        v.assign(x)
        ema.apply([v])
        return ema.average(v).read_value()

    # effective decay = min(0.999, (1 + 0) / (10 + 0)) = 0.1
    out = bench.measure(run, tf.constant(10.0, tf.float64))
    assert_close(out, np.float64(0.1 * 0.0 + 0.9 * 10.0), "float64")
