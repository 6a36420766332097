import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.linalg.svd"


@case(dtype=["float32", "float64", "float16", "bfloat16"], shape=[(32, 32), (64, 16)])
def reconstruct(bench, device, dtype, shape):
    rng = np.random.default_rng(0)
    a = jnp.asarray(rng.standard_normal(shape), dtype)
    u, s, vh = bench.measure(jnp.linalg.svd, a, full_matrices=False)
    rebuilt = np.asarray((u * s[..., None, :]) @ vh, dtype=np.float64) if dtype not in ("bfloat16",) else np.asarray(((u * s[..., None, :]) @ vh).astype(jnp.float32), dtype=np.float64)
    a64 = np.asarray(a.astype(jnp.float64))
    assert_close(rebuilt, a64, dtype, scale=10)
    assert_close(s, np.linalg.svd(a64, compute_uv=False), dtype, scale=10)


# checks float64 values at float64 tolerance: 64-bit types in this case's scope
@case(x64=True)
def batched(bench, device):
    rng = np.random.default_rng(2)
    a = jnp.asarray(rng.standard_normal((5, 6, 4)))
    s = bench.measure(lambda m: jnp.linalg.svd(m, compute_uv=False), a)
    assert_close(s, np.linalg.svd(np.asarray(a), compute_uv=False), "float64")
