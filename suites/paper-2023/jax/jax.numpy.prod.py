import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.prod"


@case(dtype=["float32", "float16", "bfloat16", "float64"], axis=[None, 1])
def floats(bench, device, dtype, axis):
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.uniform(0.8, 1.25, (6, 20)), dtype)
    out = bench.measure(jnp.prod, x, axis=axis)
    assert_close(out, np.prod(np.asarray(x.astype(jnp.float64)), axis=axis), dtype, scale=10)


@case(dtype=["int8", "int32", "int64", "uint8", "bool"])
def integers_promote_like_numpy(bench, device, dtype):
    x = jnp.asarray([[1, 2, 3], [0, 1, 1], [1, 1, 1]]).astype(dtype)
    out = bench.measure(jnp.prod, x, axis=0)
    ref = np.prod(np.asarray(x), axis=0)
    # NumPy's promotion at JAX's width (int64 is int32 unless jax_enable_x64)
    want = jax.dtypes.canonicalize_dtype(ref.dtype)
    assert out.dtype == want, f"prod of {dtype} gave {out.dtype}, NumPy gives {ref.dtype} ({want} in this mode)"
    assert_close(out, ref, str(want))


@case
def empty_keepdims_where(bench, device):
    e = bench.measure(jnp.prod, jnp.zeros((0, 3)), axis=0)
    assert_close(e, np.ones(3), "float64")
    x = jnp.asarray([[2.0, 3.0], [4.0, 5.0]])
    out = bench.measure(jnp.prod, x, axis=1, keepdims=True, where=np.array([[True, False], [True, True]]))
    assert_close(out, np.array([[2.0], [20.0]]), "float64")


@case
def gradient_with_zero(bench, device):
    g = bench.measure(jax.grad(jnp.prod), jnp.asarray([2.0, 0.0, 3.0]))
    assert_close(g, np.array([0.0, 6.0, 0.0]), "float64")
