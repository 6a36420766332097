import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.triu_indices"


@case(n=[0, 5, 64], k=[0, -1, 10], m=[None, 3])
def indices(bench, device, n, k, m):
    rows, cols = bench.measure(jnp.triu_indices, n=n, k=k, m=m)
    rr, rc = np.triu_indices(n, k=k, m=m)
    assert_close(rows, rr, "int64")
    assert_close(cols, rc, "int64")


@case
def gather_upper_triangle(bench, device):
    a = jnp.arange(25.0).reshape(5, 5)
    out = bench.measure(lambda x: x[jnp.triu_indices(5, 1)], a)
    m = np.arange(25.0).reshape(5, 5)
    assert_close(out, m[np.triu_indices(5, 1)], "float64")
