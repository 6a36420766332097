import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.matmul"


@case(dtype=["float32", "float16", "bfloat16", "float64"], n=[64, 256])
def square(bench, device, dtype, n):
    rng = np.random.default_rng(0)
    a = jnp.asarray(rng.standard_normal((n, n)), dtype=dtype)
    b = jnp.asarray(rng.standard_normal((n, n)), dtype=dtype)
    out = bench.measure(jnp.matmul, a, b)
    ref = np.asarray(a.astype(jnp.float64)) @ np.asarray(b.astype(jnp.float64))
    assert_close(out, ref, dtype, scale=np.sqrt(n))


@case(dtype=["float32", "float64"])
def batched_broadcast(bench, device, dtype):
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((8, 32, 16)), rng.standard_normal((16, 24))
    out = bench.measure(jnp.matmul, jnp.asarray(a, dtype), jnp.asarray(b, dtype))
    assert out.shape == (8, 32, 24)
    assert_close(out, a @ b, dtype, scale=4)


@case(dtype=["int32", "int64"])
def integers(bench, device, dtype):
    a = jnp.arange(12, dtype=dtype).reshape(3, 4)
    out = bench.measure(jnp.matmul, a, a.T)
    ref = np.arange(12).reshape(3, 4) @ np.arange(12).reshape(3, 4).T
    assert_close(out, ref, dtype)
