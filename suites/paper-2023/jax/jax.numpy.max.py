import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.max"


@case(dtype=["float32", "float16", "bfloat16", "float64", "int8", "uint32", "int64", "bool"], axis=[None, -1])
def reduce(bench, device, dtype, axis):
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.standard_normal((9, 13)) * 50).astype(dtype)
    out = bench.measure(jnp.max, x, axis=axis)
    assert out.dtype == x.dtype
    assert_close(out.astype(jnp.float64), np.max(np.asarray(x.astype(jnp.float64)), axis=axis), "float64")


@case
def keepdims_initial_where(bench, device):
    x = jnp.asarray([[1.0, 5.0, -2.0], [7.0, -1.0, 0.0]])
    out = bench.measure(jnp.max, x, axis=1, keepdims=True)
    assert_close(out, np.array([[5.0], [7.0]]), "float64")
    mask = np.array([[True, False, True], [False, False, False]])
    out = bench.measure(jnp.max, x, axis=1, where=mask, initial=-10.0)
    assert_close(out, np.max(np.asarray(x), axis=1, where=mask, initial=-10.0), "float64")


@case
def nan_propagates_and_empty(bench, device):
    out = bench.measure(jnp.max, jnp.asarray([1.0, np.nan, 3.0]))
    assert np.isnan(float(out)), "max ignored a NaN"
    e = bench.measure(jnp.max, jnp.zeros((0, 3)), axis=0, initial=-np.inf)
    assert_close(e, np.full(3, -np.inf), "float64")
    try:
        jnp.max(jnp.zeros((0,)))
    except ValueError:
        return
    raise AssertionError("max of an empty array without initial did not raise ValueError")


@case
def gradient(bench, device):
    g = bench.measure(jax.grad(lambda v: jnp.max(v)), jnp.asarray([1.0, 4.0, 2.0, 4.0]))
    # ties share the gradient
    assert_close(g, np.array([0.0, 0.5, 0.0, 0.5]), "float64")
