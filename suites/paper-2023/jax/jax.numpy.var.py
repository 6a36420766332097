import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.var"


@case(dtype=["float32", "float16", "bfloat16", "float64"], axis=[None, 0, 1], ddof=[0, 1])
def floats(bench, device, dtype, axis, ddof):
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.standard_normal((24, 17)) * 3 + 10, dtype)
    out = bench.measure(jnp.var, x, axis=axis, ddof=ddof)
    assert out.dtype == x.dtype
    assert_close(out, np.var(np.asarray(x.astype(jnp.float64)), axis=axis, ddof=ddof), dtype, scale=10)


@case(dtype=["int32", "int64", "bool"])
def integers_give_float(bench, device, dtype):
    x = jnp.asarray(np.arange(30).reshape(5, 6) % 4).astype(dtype)
    out = bench.measure(jnp.var, x, axis=1)
    assert out.dtype.kind == "f"
    assert_close(out, np.var(np.asarray(x), axis=1), str(out.dtype))


@case
def complex_where_and_edge(bench, device):
    z = np.array([1 + 1j, 2 - 1j, -1 + 0.5j])
    out = bench.measure(jnp.var, jnp.asarray(z))
    assert_close(out, np.var(z), "float64")
    x = jnp.arange(8.0).reshape(2, 4)
    mask = np.array([[True, True, False, True]] * 2)
    out = bench.measure(jnp.var, x, axis=1, where=mask, keepdims=True)
    assert_close(out, np.var(np.arange(8.0).reshape(2, 4), axis=1, where=mask, keepdims=True), "float64")
    one = bench.measure(jnp.var, jnp.ones(1), ddof=1)
    assert np.isnan(float(one)) or np.isinf(float(one)), f"var with ddof >= n gave {float(one)}"


@case
def gradient(bench, device):
    x = jnp.asarray([1.0, 2.0, 4.0, 5.0])
    g = bench.measure(jax.grad(jnp.var), x)
    assert_close(g, 2 * (np.asarray(x) - 3.0) / 4, "float64")
