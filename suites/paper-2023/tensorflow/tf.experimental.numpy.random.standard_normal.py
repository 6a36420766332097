import numpy as np
import tensorflow as tf

from portabench import case, skip
from portabench.testing import assert_close

FUNCTION = "tf.experimental.numpy.random.standard_normal"
tnp = tf.experimental.numpy


@case(shape=[(20000,), (100, 200)])
def moments(bench, device, shape):
    tnp.random.seed(1)
    out = bench.measure(tnp.random.standard_normal, size=shape)
    v = out.numpy().astype(np.float64)
    assert out.shape == shape and out.dtype == tf.float64  # TF-NumPy defaults to float64
    n = v.size
    # mean within 5 standard errors, variance within 5 standard errors of 1
    assert abs(v.mean()) < 5 / np.sqrt(n), f"sample mean {v.mean():.4f} too far from 0"
    assert abs(v.var() - 1) < 5 * np.sqrt(2 / n), f"sample variance {v.var():.4f} too far from 1"


@case
def scalar_and_empty(bench, device):
    out = bench.measure(tnp.random.standard_normal, size=(0, 3))
    assert out.shape == (0, 3)
    s = tnp.random.standard_normal()
    assert s.shape == ()


@case
def seeded_is_reproducible(bench, device):
    if bench.compiled:
        skip("reseeding between two separate traces is not a tf.function contract")
    tnp.random.seed(7)
    a = bench.measure(tnp.random.standard_normal, size=(4,))
    tnp.random.seed(7)
    b = bench.measure(tnp.random.standard_normal, size=(4,))
    assert_close(a, b.numpy(), "float64")
