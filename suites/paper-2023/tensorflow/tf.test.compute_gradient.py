import numpy as np
import tensorflow as tf

from portabench import case, skip

# Replaces the study's tf.compat.v1.test.compute_gradient_error (needs graph tensors:
# "Tensor.graph is undefined when eager execution is enabled"): its TF 2 form.
FUNCTION = "tf.test.compute_gradient"


def max_error(f, x):
    theoretical, numerical = tf.test.compute_gradient(f, [x])
    return max(float(np.max(np.abs(a - b))) for a, b in zip(theoretical, numerical))


@case(func=["square", "sin", "softplus", "matmul"], dtype=["float32", "float64"])
def analytic_matches_numeric(bench, device, func, dtype):
    if bench.compiled:
        skip("tf.test.compute_gradient perturbs inputs from Python (finite differences): nothing for XLA to compile")
    rng = np.random.default_rng(0)
    x = tf.constant(rng.uniform(-1, 1, (3, 3)), dtype)
    f = {"square": tf.square, "sin": tf.sin, "softplus": tf.nn.softplus, "matmul": lambda a: a @ tf.transpose(a)}[func]
    err = bench.measure(lambda: max_error(f, x))
    assert err < (1e-2 if dtype == "float32" else 1e-6), f"gradient error {err:.3g}"


@case
def jacobian_shapes(bench, device):
    if bench.compiled:
        skip("tf.test.compute_gradient perturbs inputs from Python (finite differences): nothing for XLA to compile")
    x = tf.constant([1.0, 2.0, 3.0], tf.float64)
    theoretical, numerical = bench.measure(lambda: tf.test.compute_gradient(lambda v: v[:2] * 2.0, [x]))
    assert theoretical[0].shape == (2, 3) and numerical[0].shape == (2, 3)
    np.testing.assert_allclose(theoretical[0], [[2, 0, 0], [0, 2, 0]])
