import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.tree_util.tree_map"


def tree(dtype):
    return {"w": jnp.ones((3, 2), dtype), "b": [jnp.zeros(2, dtype), (jnp.full((1,), 2, dtype),)], "n": None}


@case(dtype=["float32", "bfloat16", "float64", "int32"])
def one_tree(bench, device, dtype):
    out = bench.measure(lambda t: jax.tree_util.tree_map(lambda x: x * 3 + 1, t), tree(dtype))
    assert out["n"] is None, "None (an empty subtree) was not kept"
    assert_close(out["w"].astype(jnp.float64), np.full((3, 2), 4.0), "float64")
    assert_close(out["b"][1][0].astype(jnp.float64), np.array([7.0]), "float64")
    assert out["w"].dtype == jnp.dtype(dtype)


@case
def several_trees(bench, device):
    a = {"x": jnp.arange(3.0), "y": (jnp.ones(2), jnp.asarray(5.0))}
    b = {"x": jnp.ones(3), "y": (jnp.arange(2.0), jnp.asarray(-1.0))}
    out = bench.measure(lambda p, q: jax.tree_util.tree_map(jnp.add, p, q), a, b)
    assert_close(out["x"], np.arange(3.0) + 1, "float64")
    assert_close(out["y"][1], np.array(4.0), "float64")


@case
def is_leaf_and_mismatch(bench, device):
    t = {"pair": (jnp.ones(2), jnp.ones(2) * 3), "single": jnp.ones(2)}
    out = bench.measure(lambda tr: jax.tree_util.tree_map(lambda x: x[0] * x[1] if isinstance(x, tuple) else x, tr,
                                                            is_leaf=lambda x: isinstance(x, tuple)), t)
    assert_close(out["pair"], np.full(2, 3.0), "float64")
    try:
        jax.tree_util.tree_map(jnp.add, {"a": jnp.ones(1)}, {"b": jnp.ones(1)})
    except ValueError:
        return
    raise AssertionError("tree_map over trees of different structure did not raise ValueError")


@case
def gradient_through(bench, device):
    params = {"w": jnp.asarray([1.0, 2.0]), "b": jnp.asarray(0.5)}
    loss = lambda p: sum(jax.tree_util.tree_leaves(jax.tree_util.tree_map(lambda v: (v ** 2).sum(), p)))
    g = bench.measure(jax.grad(loss), params)
    assert_close(g["w"], np.array([2.0, 4.0]), "float64")
    assert_close(g["b"], np.array(1.0), "float64")
