import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.arange"


@case(args=[(10,), (2, 20, 3), (5, 0), (-3, 3), (0, 1, 0.1), (10, 0, -2)], dtype=[None, "float32", "int32", "bfloat16"])
def ranges(bench, device, args, dtype):
    out = bench.measure(jnp.arange, **dict(zip(("start", "stop", "step"), args)), dtype=dtype)
    ref = np.arange(*args, dtype=None if dtype in (None, "bfloat16") else dtype)
    assert out.shape == ref.shape, f"arange{args}: shape {out.shape} != {ref.shape}"
    if dtype is None:
        assert out.dtype.kind == ref.dtype.kind, f"default dtype {out.dtype} vs numpy {ref.dtype}"
    assert_close(out, ref.astype(np.float64), dtype or "float64", scale=8)


@case(n=[1, 7, 1000])
def index_by_arange(bench, device, n):
    # the study's expression: jnp.arange(x.shape[0])[x]
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.integers(0, n, n))
    out = bench.measure(lambda idx: jnp.arange(idx.shape[0])[idx], x)
    assert_close(out, np.asarray(x), "int64")
