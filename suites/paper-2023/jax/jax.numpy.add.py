import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.add"


def sample(rng, shape, dtype):
    if dtype == "bool":
        return rng.integers(0, 2, shape).astype(bool)
    if "int" in dtype:
        return rng.integers(-100, 100, shape)
    return rng.standard_normal(shape)


@case(dtype=["float32", "float16", "bfloat16", "float64", "int32", "int64", "bool"])
def same_shape(bench, device, dtype):
    rng = np.random.default_rng(0)
    a = jnp.asarray(sample(rng, (64, 33), dtype)).astype(dtype)
    b = jnp.asarray(sample(rng, (64, 33), dtype)).astype(dtype)
    out = bench.measure(jnp.add, a, b)
    assert out.dtype == a.dtype, f"dtype {out.dtype} != {a.dtype}"
    if dtype == "bool":
        ref = np.logical_or(np.asarray(a), np.asarray(b))
    else:
        ref = np.asarray(a.astype(jnp.float64)) + np.asarray(b.astype(jnp.float64))
    assert_close(out, ref, dtype, scale=2)


# checks float64 values at float64 tolerance: 64-bit types in this case's scope
@case(shapes=[((4, 1, 3), (5, 1)), ((3,), ()), ((0, 3), (1, 3)), ((2, 0), (2, 1))], x64=True)
def broadcasting(bench, device, shapes):
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal(shapes[0]), rng.standard_normal(shapes[1])
    out = bench.measure(jnp.add, jnp.asarray(a), jnp.asarray(b))
    assert_close(out, a + b, "float64")


@case
def mixed_promotion(bench, device):
    a = jnp.arange(6, dtype=jnp.int32)
    b = jnp.linspace(0, 1, 6, dtype=jnp.float32)
    out = bench.measure(jnp.add, a, b)
    assert out.dtype == jnp.float32, f"int32 + float32 gave {out.dtype}"
    assert_close(out, np.arange(6) + np.linspace(0, 1, 6), "float32")


@case
def gradient(bench, device):
    x = jnp.asarray([1.0, -2.0, 3.0])
    y = jnp.asarray(0.5)
    gx, gy = bench.measure(jax.grad(lambda a, b: jnp.add(a, b).sum() * 2, argnums=(0, 1)), x, y)
    assert_close(gx, np.full(3, 2.0), "float64")
    assert_close(gy, np.array(6.0), "float64")
