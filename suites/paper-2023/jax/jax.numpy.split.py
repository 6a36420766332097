import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.split"


@case(sections=[1, 4, [2, 5], [0, 0, 8], [3, 8]], axis=[0, 1], dtype=["float32", "bfloat16", "bool"])
def splits(bench, device, sections, axis, dtype):
    x = jnp.asarray(np.arange(64).reshape(8, 8) % 5).astype(dtype)
    parts = bench.measure(jnp.split, x, indices_or_sections=sections, axis=axis)
    ref = np.split(np.asarray(x.astype(jnp.float64)), sections, axis=axis)
    assert len(parts) == len(ref), f"{len(parts)} parts, NumPy gives {len(ref)}"
    for p, r in zip(parts, ref):
        assert p.dtype == x.dtype
        assert_close(p.astype(jnp.float64), r, "float64")


@case
def uneven_rejected(bench, device):
    parts = bench.measure(jnp.split, jnp.arange(6), indices_or_sections=3)
    assert [p.tolist() for p in parts] == [[0, 1], [2, 3], [4, 5]]
    try:
        jnp.split(jnp.arange(7), 3)
    except ValueError:
        return
    raise AssertionError("splitting 7 elements into 3 equal parts did not raise ValueError")


@case
def gradient(bench, device):
    g = bench.measure(jax.grad(lambda v: jnp.split(v, 2)[1].sum() * 2), jnp.ones(4))
    assert_close(g, np.array([0.0, 0.0, 2.0, 2.0]), "float64")
