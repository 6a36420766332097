import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.argsort"


@case(dtype=["float32", "float16", "bfloat16", "float64", "int64"])
def random_rows(bench, device, dtype):
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.permutation(4 * 2049).reshape(4, 2049)).astype(dtype)
    idx = bench.measure(jnp.argsort, x, axis=-1)
    got = np.take_along_axis(np.asarray(x.astype(jnp.float64)), np.asarray(idx), axis=-1)
    assert_close(got, np.sort(np.asarray(x.astype(jnp.float64)), axis=-1), "float64")


@case(descending=[False, True])
def stable_ties(bench, device, descending):
    x = jnp.asarray([3, 1, 2, 1, 3, 2, 1])
    idx = bench.measure(jnp.argsort, x, stable=True, descending=descending)
    ref = np.argsort(-np.asarray(x) if descending else np.asarray(x), kind="stable")
    assert_close(idx, ref, "int64")


@case
def empty(bench, device):
    idx = bench.measure(jnp.argsort, jnp.zeros((0,)))
    assert idx.size == 0
