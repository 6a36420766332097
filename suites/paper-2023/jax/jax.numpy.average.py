import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.average"


@case(dtype=["float32", "float16", "bfloat16", "float64"], axis=[None, 0, 1])
def weighted(bench, device, dtype, axis):
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.standard_normal((8, 12)), dtype)
    wshape = (8, 12) if axis is None else ((8,) if axis == 0 else (12,))
    w = jnp.asarray(rng.uniform(0.1, 2.0, wshape), dtype)
    out = bench.measure(jnp.average, x, axis=axis, weights=w)
    ref = np.average(np.asarray(x.astype(jnp.float64)), axis=axis, weights=np.asarray(w.astype(jnp.float64)))
    assert_close(out, ref, dtype, scale=4)


@case(dtype=["int32", "int64", "float64"])
def unweighted(bench, device, dtype):
    x = jnp.arange(24, dtype=dtype).reshape(2, 3, 4)
    out = bench.measure(jnp.average, x, axis=(0, 2))
    assert out.dtype.kind == "f", f"average of {dtype} gave {out.dtype}"
    assert_close(out, np.average(np.arange(24).reshape(2, 3, 4), axis=(0, 2)), "float64")


@case(keepdims=[False, True])
def returned_weights_sum(bench, device, keepdims):
    x = jnp.asarray([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    w = jnp.asarray([[1.0, 0.0, 1.0], [2.0, 2.0, 0.5]])
    avg, wsum = bench.measure(lambda a, b, **kw: jnp.average(a, weights=b, **kw), x, w, axis=1, returned=True, keepdims=keepdims)
    ravg, rsum = np.average(np.asarray(x), axis=1, weights=np.asarray(w), returned=True, keepdims=keepdims)
    assert_close(avg, ravg, "float64")
    assert_close(wsum, rsum, "float64")


@case
def gradient(bench, device):
    x = jnp.asarray([1.0, 2.0, 4.0])
    w = jnp.asarray([1.0, 1.0, 2.0])
    gx, gw = bench.measure(jax.grad(lambda a, b: jnp.average(a, weights=b), argnums=(0, 1)), x, w)
    assert_close(gx, np.array([0.25, 0.25, 0.5]), "float64")
    # d/dw_i (sum w x / sum w) = (x_i - avg) / sum w, avg = 11/4
    assert_close(gw, (np.array([1.0, 2.0, 4.0]) - 2.75) / 4, "float64")
