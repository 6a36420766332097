import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.log"


@case(dtype=["float32", "float16", "bfloat16", "float64"], shape=[(1000,), (0, 3)])
def values(bench, device, dtype, shape):
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.uniform(1e-3, 1e3, shape), dtype)
    out = bench.measure(jnp.log, x)
    assert out.dtype == x.dtype
    assert_close(out, np.log(np.asarray(x.astype(jnp.float64))), dtype, scale=2)


@case
def special_values(bench, device):
    x = jnp.asarray([0.0, -0.0, -1.0, np.inf, np.nan, 1.0, 1e-300])
    out = bench.measure(jnp.log, x)
    with np.errstate(divide="ignore", invalid="ignore"):
        assert_close(out, np.log(np.asarray(x)), "float64")


@case(dtype=["float32", "float64"])
def subnormal_input(bench, device, dtype):
    # log of the smallest subnormal is finite in IEEE arithmetic; a backend that
    # flushes subnormals to zero returns -inf
    tiny = np.finfo(dtype).smallest_subnormal
    x = jnp.asarray([tiny, tiny * 4, 1.0], dtype)
    out = bench.measure(jnp.log, x)
    assert_close(out, np.log(np.array([tiny, tiny * 4, 1.0], dtype=np.float64)), dtype)


@case(dtype=["float32", "float64"])
def indexed_apply(bench, device, dtype):
    # the study's form: x.at[idx].apply(jnp.log)
    x = jnp.asarray([1.0, 2.0, 3.0, 4.0, 5.0], dtype)
    idx = jnp.asarray([0, 2, 2, 4])
    out = bench.measure(lambda a, i: a.at[i].apply(jnp.log), x, idx)
    ref = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    for i in [0, 2, 2, 4]:  # repeated indices apply repeatedly
        ref[i] = np.log(ref[i])
    assert_close(out, ref, dtype)


# checks float64 values at float64 tolerance: 64-bit types in this case's scope
@case(x64=True)
def complex_integer_gradient(bench, device):
    z = np.array([-1 + 0j, 1j, 2 + 2j])
    out = bench.measure(jnp.log, jnp.asarray(z))
    np.testing.assert_allclose(np.asarray(out), np.log(z), rtol=1e-12)
    o2 = bench.measure(jnp.log, jnp.asarray([1, 10, 100]))
    assert o2.dtype.kind == "f"
    assert_close(o2, np.log([1, 10, 100]), "float64")
    g = bench.measure(jax.vmap(jax.grad(jnp.log)), jnp.asarray([0.5, 1.0, 4.0]))
    assert_close(g, np.array([2.0, 1.0, 0.25]), "float64")
