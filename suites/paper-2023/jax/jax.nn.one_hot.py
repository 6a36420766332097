import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.nn.one_hot"


def reference(idx, n, axis=-1):
    idx = np.asarray(idx)
    out = (idx[..., None] == np.arange(n)).astype(np.float64)
    return np.moveaxis(out, -1, axis)


@case(idx_dtype=["int32", "int64", "uint8", "int8"], out_dtype=["float32", "bfloat16", "float16", "int32", "bool"])
def dtypes(bench, device, idx_dtype, out_dtype):
    rng = np.random.default_rng(0)
    idx = rng.integers(0, 10, (5, 7)).astype(idx_dtype)
    out = bench.measure(jax.nn.one_hot, jnp.asarray(idx), num_classes=10, dtype=out_dtype)
    assert out.dtype == jnp.dtype(out_dtype) and out.shape == (5, 7, 10)
    assert_close(out.astype(jnp.float64), reference(idx, 10), "float64")


@case(axis=[0, 1, -1])
def axis(bench, device, axis):
    idx = jnp.asarray([[0, 3], [2, 1]])
    out = bench.measure(jax.nn.one_hot, idx, num_classes=4, axis=axis)
    assert_close(out, reference(np.asarray(idx), 4, axis), "float32")


@case
def out_of_range_gives_zeros(bench, device):
    out = bench.measure(jax.nn.one_hot, jnp.asarray([-1, 0, 3, 4, 100]), num_classes=4)
    assert_close(out, reference([-1, 0, 3, 4, 100], 4), "float32")
    e = bench.measure(jax.nn.one_hot, jnp.zeros((0,), jnp.int32), num_classes=3)
    assert e.shape == (0, 3)


@case
def float_indices_are_compared(bench, device):
    out = bench.measure(jax.nn.one_hot, jnp.asarray([0.0, 1.0, 1.5, 2.0]), num_classes=3)
    assert_close(out, np.array([[1, 0, 0], [0, 1, 0], [0, 0, 0], [0, 0, 1]], dtype=float), "float32")
