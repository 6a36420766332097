import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.mean"


@case(dtype=["float32", "float16", "bfloat16", "float64"], axis=[None, 0, (0, 2)])
def floats(bench, device, dtype, axis):
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.standard_normal((16, 9, 33)) + 3, dtype)
    out = bench.measure(jnp.mean, x, axis=axis)
    assert out.dtype == x.dtype
    assert_close(out, np.mean(np.asarray(x.astype(jnp.float64)), axis=axis), dtype, scale=4)


@case(dtype=["int32", "int64", "uint8", "bool"])
def integers_give_float(bench, device, dtype):
    x = jnp.asarray(np.arange(24).reshape(4, 6) % 7).astype(dtype)
    out = bench.measure(jnp.mean, x, axis=1)
    assert out.dtype.kind == "f", f"mean of {dtype} gave {out.dtype}"
    assert_close(out, np.mean(np.asarray(x), axis=1), "float64")


@case
def where_keepdims_dtype(bench, device):
    x = jnp.arange(12.0).reshape(3, 4)
    mask = np.array([[True, False, True, False]] * 3)
    out = bench.measure(jnp.mean, x, axis=1, where=mask, keepdims=True)
    assert_close(out, np.mean(np.arange(12.0).reshape(3, 4), axis=1, where=mask, keepdims=True), "float64")
    o2 = bench.measure(jnp.mean, jnp.ones(1000, jnp.float16) * 60, dtype=jnp.float32)
    assert o2.dtype == jnp.float32
    assert_close(o2, np.array(60.0), "float32")


@case
def empty_and_gradient(bench, device):
    e = bench.measure(jnp.mean, jnp.zeros((0,)))
    assert np.isnan(float(e)), "mean of an empty array is not NaN"
    g = bench.measure(jax.grad(lambda v: jnp.mean(v)), jnp.ones((2, 5)))
    assert_close(g, np.full((2, 5), 0.1), "float64")
