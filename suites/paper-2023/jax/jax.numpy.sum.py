import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.sum"


@case(dtype=["float32", "float16", "bfloat16", "float64"], axis=[None, 0, (1, 2)])
def floats(bench, device, dtype, axis):
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.standard_normal((16, 9, 65)), dtype)
    out = bench.measure(jnp.sum, x, axis=axis)
    assert out.dtype == x.dtype
    n = x.size if axis is None else np.prod([x.shape[a] for a in np.atleast_1d(axis)])
    assert_close(out, np.sum(np.asarray(x.astype(jnp.float64)), axis=axis), dtype, scale=np.sqrt(n))


@case(dtype=["int8", "uint8", "int32", "int64", "bool"])
def integers_promote_like_numpy(bench, device, dtype):
    x = jnp.asarray(np.arange(60).reshape(6, 10) % 7).astype(dtype)
    out = bench.measure(jnp.sum, x, axis=1)
    ref = np.sum(np.asarray(x), axis=1)
    # NumPy's promotion at JAX's width (int64 is int32 unless jax_enable_x64)
    want = jax.dtypes.canonicalize_dtype(ref.dtype)
    assert out.dtype == want, f"sum of {dtype} gave {out.dtype}, NumPy gives {ref.dtype} ({want} in this mode)"
    assert_close(out, ref, str(want))


@case
def where_keepdims_initial_empty(bench, device):
    x = jnp.arange(12.0).reshape(3, 4)
    mask = np.array([[True, False, True, False]] * 3)
    out = bench.measure(jnp.sum, x, axis=1, where=mask, keepdims=True, initial=10.0)
    assert_close(out, np.sum(np.arange(12.0).reshape(3, 4), axis=1, where=mask, keepdims=True, initial=10.0), "float64")
    e = bench.measure(jnp.sum, jnp.zeros((0, 3)), axis=0)
    assert_close(e, np.zeros(3), "float64")


@case
def strided_and_gradient(bench, device):
    x = jnp.arange(40.0).reshape(8, 5)[::2, 1::2]
    out = bench.measure(jnp.sum, x, axis=0)
    assert_close(out, np.arange(40.0).reshape(8, 5)[::2, 1::2].sum(axis=0), "float64")
    g = bench.measure(jax.grad(lambda v: jnp.sum(v * v)), jnp.asarray([1.0, -2.0]))
    assert_close(g, np.array([2.0, -4.0]), "float64")
