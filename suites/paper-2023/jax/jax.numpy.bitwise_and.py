import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.bitwise_and"


@case(dtype=["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool"])
def elementwise(bench, device, dtype):
    rng = np.random.default_rng(0)
    info = np.iinfo(dtype) if dtype != "bool" else None
    lo, hi = (0, 2) if dtype == "bool" else (int(info.min), int(info.max))
    a = rng.integers(lo, hi, (33, 17), dtype=np.int64 if dtype != "uint64" else np.uint64, endpoint=True).astype(dtype)
    b = rng.integers(lo, hi, (33, 17), dtype=np.int64 if dtype != "uint64" else np.uint64, endpoint=True).astype(dtype)
    out = bench.measure(jnp.bitwise_and, jnp.asarray(a), jnp.asarray(b))
    assert out.dtype == np.dtype(dtype), f"dtype {out.dtype} != {dtype}"
    assert_close(out, np.bitwise_and(a, b), dtype)


@case(shapes=[((4, 1), (1, 5)), ((3,), ()), ((0, 2), (2,))])
def broadcasting(bench, device, shapes):
    rng = np.random.default_rng(1)
    a = rng.integers(-1000, 1000, shapes[0]).astype(np.int32)
    b = np.asarray(rng.integers(-1000, 1000, shapes[1])).astype(np.int32)
    out = bench.measure(jnp.bitwise_and, jnp.asarray(a), jnp.asarray(b))
    assert_close(out, np.bitwise_and(a, b), "int32")


# checks float64 values at float64 tolerance: 64-bit types in this case's scope
@case(x64=True)
def negative_and_masks(bench, device):
    a = jnp.asarray([-1, -2, 0x7FFF_FFFF_FFFF, -(2**62)], dtype=jnp.int64)
    m = jnp.asarray([0xFF, 0xF0F0, -1, -(2**62)], dtype=jnp.int64)
    out = bench.measure(jnp.bitwise_and, a, m)
    assert_close(out, np.bitwise_and(np.asarray(a), np.asarray(m)), "int64")


@case
def floats_rejected(bench, device):
    out = bench.measure(jnp.bitwise_and, jnp.asarray([6, 5]), jnp.asarray([3, 3]))
    assert_close(out, np.array([2, 1]), "int64")
    try:
        jnp.bitwise_and(jnp.asarray([1.0]), jnp.asarray([1.0]))
    except TypeError:
        return
    raise AssertionError("bitwise_and accepted float inputs; NumPy raises TypeError")
