import jax
import jax.numpy as jnp
import numpy as np
from jax.tree_util import Partial

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.tree_util.Partial"


@case(dtype=["float32", "bfloat16", "float64", "int32"])
def build_and_call(bench, device, dtype):
    x = jnp.arange(6).astype(dtype)
    y = jnp.full(6, 2).astype(dtype)
    out = bench.measure(lambda a, b: Partial(jnp.multiply, a)(b), x, y)
    assert_close(out.astype(jnp.float64), np.arange(6) * 2.0, "float64")


@case
def passed_through_jit(bench, device):
    # a Partial is a pytree: its bound arrays are leaves, its function is static
    scale = jnp.asarray(3.0)
    p = Partial(jnp.multiply, scale)
    leaves, treedef = jax.tree_util.tree_flatten(p)
    assert len(leaves) == 1 and float(leaves[0]) == 3.0, f"leaves {leaves}"
    call = jax.jit(lambda f, v: f(v))
    out = bench.measure(lambda s, v: call(Partial(jnp.multiply, s), v), scale, jnp.arange(4.0))
    assert_close(out, np.arange(4.0) * 3, "float64")


@case
def keywords_and_gradient(bench, device):
    f = lambda x, *, power: (x ** power).sum()
    out = bench.measure(lambda x: Partial(f, power=3)(x), jnp.asarray([1.0, 2.0]))
    assert_close(out, np.array(9.0), "float64")
    g = bench.measure(lambda x: jax.grad(Partial(f, power=2))(x), jnp.asarray([1.0, -3.0]))
    assert_close(g, np.array([2.0, -6.0]), "float64")
