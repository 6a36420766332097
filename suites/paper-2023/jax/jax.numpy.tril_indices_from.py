import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.tril_indices_from"


@case(shape=[(4, 4), (3, 6), (6, 2), (0, 0), (1, 1)], k=[0, -2])
def indices(bench, device, shape, k):
    a = jnp.zeros(shape, jnp.float32)
    rows, cols = bench.measure(jnp.tril_indices_from, a, k=k)
    rr, rc = np.tril_indices_from(np.zeros(shape), k=k)
    assert_close(rows, rr, "int64")
    assert_close(cols, rc, "int64")


@case
def select_lower_triangle(bench, device):
    a = jnp.arange(16.0).reshape(4, 4)
    out = bench.measure(lambda m: m[jnp.tril_indices_from(m)], a)
    m = np.arange(16.0).reshape(4, 4)
    assert_close(out, m[np.tril_indices_from(m)], "float64")
    try:
        jnp.tril_indices_from(jnp.zeros(3))
    except ValueError:
        return
    raise AssertionError("tril_indices_from accepted a 1-D array")
