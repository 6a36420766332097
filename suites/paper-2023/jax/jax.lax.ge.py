import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.lax.ge"


@case(dtype=["float32", "float16", "bfloat16", "float64", "int8", "int64", "uint32", "bool"])
def elementwise(bench, device, dtype):
    rng = np.random.default_rng(0)
    a = jnp.asarray(rng.integers(0, 5, (40, 9))).astype(dtype)
    b = jnp.asarray(rng.integers(0, 5, (40, 9))).astype(dtype)
    out = bench.measure(jax.lax.ge, a, b)
    assert out.dtype == jnp.bool_
    assert_close(out, np.asarray(a.astype(jnp.float64)) >= np.asarray(b.astype(jnp.float64)), "bool")


@case
def python_scalars(bench, device):
    # the study's call: lax.ge(2, 1); Python scalars are weakly typed
    out = bench.measure(jax.lax.ge, 2, 1)
    assert bool(out) is True
    out = bench.measure(jax.lax.ge, jnp.asarray([0.5, 1.0, 1.5]), 1.0)
    assert_close(out, np.array([False, True, True]), "bool")


@case
def nan_and_infinities(bench, device):
    a = jnp.asarray([np.nan, 1.0, np.inf, -np.inf, 0.0, -0.0])
    b = jnp.asarray([np.nan, np.nan, np.inf, 0.0, -0.0, 0.0])
    out = bench.measure(jax.lax.ge, a, b)
    assert_close(out, np.asarray(a) >= np.asarray(b), "bool")


@case
def complex_rejected(bench, device):
    out = bench.measure(jax.lax.ge, jnp.asarray([1, 2]), jnp.asarray([2, 2]))
    assert_close(out, np.array([False, True]), "bool")
    for args in [(1j, 1j), (jnp.asarray([1 + 1j]), jnp.asarray([1 + 0j]))]:
        try:
            jax.lax.ge(*args)
        except TypeError:
            continue
        raise AssertionError(f"lax.ge accepted complex operands {args}; ordering of complex numbers is undefined")
