import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.compress"


# The condition decides the output's shape, so it is static (a keyword, bound before
# jax.jit); the array is the traced input. Under jax.jit compress needs the output
# size stated (JAX's documented rule for data-dependent shapes): compiled mode passes it.


def sized(bench, cond):
    return {"size": int(np.count_nonzero(cond))} if bench.compiled else {}
@case(dtype=["float32", "bfloat16", "float64", "int32", "bool"], axis=[None, 1])
def masked(bench, device, dtype, axis):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((6, 7)) * 10
    ja = jnp.asarray(a).astype(dtype)
    n = a.size if axis is None else a.shape[axis]
    cond = rng.integers(0, 2, n).astype(bool)
    out = bench.measure(lambda arr, condition, **kw: jnp.compress(condition, arr, **kw), ja, condition=cond, axis=axis, **sized(bench, cond))
    ref = np.compress(cond, np.asarray(ja.astype(jnp.float64)), axis=axis)
    assert_close(out.astype(jnp.float64), ref, "float64")


@case(cond=[[True, False, True], [False], [], [1, 0, 0, 0, 1, 0, 1]])
def short_and_empty_conditions(bench, device, cond):
    a = jnp.arange(12).reshape(3, 4)
    c = np.asarray(cond, dtype=bool)
    out = bench.measure(lambda arr, condition, **kw: jnp.compress(condition, arr, **kw), a, condition=c, **sized(bench, c[:12]))
    assert_close(out, np.compress(c, np.arange(12).reshape(3, 4)), "int64")


@case
def fixed_size_traced_condition(bench, device):
    a = jnp.arange(10.0)
    c = a % 3 == 0
    out = bench.measure(lambda cond, arr: jnp.compress(cond, arr, size=5, fill_value=-1), c, a)
    assert_close(out, np.array([0.0, 3.0, 6.0, 9.0, -1.0]), "float64")


@case
def gradient(bench, device):
    cond = np.array([True, False, True, True])
    kw = sized(bench, cond)
    g = bench.measure(jax.grad(lambda x: (jnp.compress(cond, x, **kw) ** 2).sum()), jnp.asarray([1.0, 2.0, 3.0, 4.0]))
    assert_close(g, np.array([2.0, 0.0, 6.0, 8.0]), "float64")
