import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.delete"


# obj decides the output's shape, so it is static (a keyword bound before jax.jit).
@case(obj=[0, -1], axis=[None, 1], dtype=["float32", "bfloat16", "int32", "bool"])
def integer_index(bench, device, obj, axis, dtype):
    rng = np.random.default_rng(0)
    a = jnp.asarray(rng.standard_normal((5, 6)) * 4).astype(dtype)
    out = bench.measure(jnp.delete, a, obj=obj, axis=axis)
    ref = np.delete(np.asarray(a.astype(jnp.float64)), obj, axis=axis)
    assert_close(out.astype(jnp.float64), ref, "float64")


@case(obj=[slice(1, 4), slice(None, None, 2), slice(10, 20)], axis=[1])
def slices(bench, device, obj, axis):
    a = jnp.arange(30).reshape(5, 6)
    out = bench.measure(jnp.delete, a, obj=obj, axis=axis)
    assert_close(out, np.delete(np.arange(30).reshape(5, 6), obj, axis=axis), "int64")


@case(obj=[[0, 2], [4, 0, 0], []])
def index_arrays(bench, device, obj):
    a = jnp.arange(12.0).reshape(6, 2)
    idx = np.asarray(obj, dtype=np.int64)
    out = bench.measure(jnp.delete, a, obj=idx, axis=0)
    assert_close(out, np.delete(np.arange(12.0).reshape(6, 2), idx, axis=0), "float64")


@case
def boolean_mask(bench, device):
    a = jnp.arange(8.0)
    mask = np.array([True, False, False, True, True, False, False, False])
    out = bench.measure(jnp.delete, a, obj=mask)
    assert_close(out, np.delete(np.arange(8.0), mask), "float64")


@case
def unique_indices_traced(bench, device):
    # with assume_unique_indices the index array may be a traced input
    a = jnp.arange(10.0)
    idx = jnp.asarray([1, 5, 7])
    out = bench.measure(lambda x, i: jnp.delete(x, i, assume_unique_indices=True), a, idx)
    assert_close(out, np.delete(np.arange(10.0), [1, 5, 7]), "float64")


@case
def gradient(bench, device):
    g = bench.measure(jax.grad(lambda x: (jnp.delete(x, 1) ** 2).sum()), jnp.asarray([1.0, 2.0, 3.0]))
    assert_close(g, np.array([2.0, 0.0, 6.0]), "float64")
