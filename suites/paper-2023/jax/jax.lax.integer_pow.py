import jax
import jax.numpy as jnp
import numpy as np
from jax.experimental import sparse

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.lax.integer_pow"


@case(y=[0, 3, -2, 7], dtype=["float32", "float16", "bfloat16", "float64"])
def floats(bench, device, y, dtype):
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.uniform(0.5, 1.5, (64,)) * rng.choice([-1, 1], 64), dtype)
    out = bench.measure(jax.lax.integer_pow, x, y=y)
    assert out.dtype == x.dtype
    assert_close(out, np.asarray(x.astype(jnp.float64)) ** y, dtype, scale=2 + abs(y))


@case(y=[2, 5], dtype=["int8", "int64", "uint8"])
def integers(bench, device, y, dtype):
    x = jnp.asarray([0, 1, 2, 3, 5]).astype(dtype)
    out = bench.measure(jax.lax.integer_pow, x, y=y)
    assert out.dtype == x.dtype
    assert_close(out, (np.asarray(x) ** y).astype(dtype), dtype)  # wraps like NumPy


@case
def complex_and_gradient(bench, device):
    z = jnp.asarray([1 + 1j, -2j, 0.5])
    out = bench.measure(jax.lax.integer_pow, z, y=3)
    np.testing.assert_allclose(np.asarray(out), np.asarray(z) ** 3, rtol=1e-12)
    x = jnp.linspace(-2, 2, 9)
    g = bench.measure(jax.vmap(jax.grad(lambda v: jax.lax.integer_pow(v, 3))), x)
    assert_close(g, 3 * np.asarray(x) ** 2, "float64")


@case(fmt=["BCOO", "BCSR"])
def sparsified(bench, device, fmt):
    # the study timed integer_pow through jax.experimental.sparse.sparsify
    dense = np.zeros((6, 5))
    dense[0, 1], dense[2, 3], dense[5, 0], dense[4, 4] = 2.0, -3.0, 0.5, 1.5
    cls = sparse.BCOO if fmt == "BCOO" else sparse.BCSR
    m = cls.fromdense(jnp.asarray(dense))
    out = bench.measure(sparse.sparsify(lambda a: jax.lax.integer_pow(a, 2)), m)
    assert_close(out.todense(), dense ** 2, "float64")
