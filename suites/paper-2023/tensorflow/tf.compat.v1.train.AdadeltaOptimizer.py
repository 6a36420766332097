import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.compat.v1.train.AdadeltaOptimizer"


def adadelta_ref(var, grads, lr, rho, eps):
    accum = np.zeros_like(var)
    accum_update = np.zeros_like(var)
    for g in grads:
        accum = rho * accum + (1 - rho) * g * g
        update = np.sqrt(accum_update + eps) / np.sqrt(accum + eps) * g
        var = var - lr * update
        accum_update = rho * accum_update + (1 - rho) * update * update
    return var


@case(dtype=["float32", "float64", "float16", "bfloat16"], lr=[1.0, 0.1])
def steps(bench, device, dtype, lr):
    rng = np.random.default_rng(0)
    v0 = rng.standard_normal(5)
    grads = rng.standard_normal((3, 5))
    var = tf.Variable(tf.cast(v0, dtype))
    opt = tf.compat.v1.train.AdadeltaOptimizer(learning_rate=lr, rho=0.95, epsilon=1e-6)
    gs = [tf.cast(g, dtype) for g in grads]

    def step(g):
        opt.apply_gradients([(g, var)])
        return var.read_value()

    bench.measure(step, gs[0])  # times one update (repeated) on a warm optimizer
    # restart from the initial state for the numeric check
    var.assign(tf.cast(v0, dtype))
    opt2 = tf.compat.v1.train.AdadeltaOptimizer(learning_rate=lr, rho=0.95, epsilon=1e-6)
    for g in gs:
        opt2.apply_gradients([(g, var)])
    ref = adadelta_ref(v0, [tf.cast(g, tf.float64).numpy() for g in gs], lr, 0.95, 1e-6)
    assert_close(tf.cast(var, tf.float64), ref, dtype, scale=10)


@case
def minimize_callable_loss(bench, device):
    var = tf.Variable([1.0, -2.0], dtype=tf.float64)
    opt = tf.compat.v1.train.AdadeltaOptimizer(learning_rate=1.0)

    def step(target):
        opt.minimize(lambda: tf.reduce_sum((var - target) ** 2), var_list=[var])
        return var.read_value()

    before = var.numpy().copy()
    bench.measure(step, tf.constant([0.0, 0.0], tf.float64))
    assert np.all(np.abs(var.numpy()) < np.abs(before)), f"minimize moved away from the target: {var.numpy()}"
