import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.all"


@case(dtype=["bool", "float32", "float16", "bfloat16", "float64", "int32", "int64"], axis=[None, 0, 1])
def reduce(bench, device, dtype, axis):
    rng = np.random.default_rng(0)
    x = rng.integers(0, 2, (16, 7)).astype(float)
    x[:, 3] = 1  # one column all true
    x[5] = 1     # one row all true
    jx = jnp.asarray(x).astype(dtype)
    out = bench.measure(jnp.all, jx, axis=axis)
    assert out.dtype == jnp.bool_
    assert_close(out, np.all(x, axis=axis), "bool")


@case(keepdims=[False, True])
def keepdims(bench, device, keepdims):
    x = jnp.asarray([[True, False, True], [True, True, True]])
    out = bench.measure(jnp.all, x, axis=1, keepdims=keepdims)
    assert_close(out, np.all(np.asarray(x), axis=1, keepdims=keepdims), "bool")


@case
def nan_is_true_and_empty(bench, device):
    x = jnp.asarray([np.nan, 1.0, -0.5])
    assert bool(bench.measure(jnp.all, x)) is True
    e = bench.measure(jnp.all, jnp.zeros((0, 4)), axis=0)
    assert_close(e, np.ones(4, dtype=bool), "bool")


@case
def where_mask(bench, device):
    x = jnp.asarray([[1, 0, 1], [1, 1, 0]])
    mask = np.array([[True, False, True], [True, True, False]])
    out = bench.measure(jnp.all, x, axis=1, where=mask)
    assert_close(out, np.all(np.asarray(x), axis=1, where=mask), "bool")
