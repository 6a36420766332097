import collections

import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.tree_util.tree_unflatten"

Point = collections.namedtuple("Point", "x y")

TREES = {
    "dict": {"a": 1.0, "b": {"c": 2.0, "d": 3.0}},
    "nested_lists": [1.0, [2.0, (3.0, 4.0)], []],
    "namedtuple_none": (Point(1.0, 2.0), None, 3.0),
    "leaf": 1.0,
    "empty": {},
}


@case(structure=list(TREES), dtype=["float32", "bfloat16", "int64"])
def round_trip(bench, device, structure, dtype):
    leaves, treedef = jax.tree_util.tree_flatten(TREES[structure])
    arrays = [jnp.asarray(v, dtype) for v in leaves]
    out = bench.measure(lambda ls, treedef: jax.tree_util.tree_unflatten(treedef, ls), arrays, treedef=treedef)
    assert jax.tree_util.tree_structure(out) == treedef, f"structure {jax.tree_util.tree_structure(out)} != {treedef}"
    back = jax.tree_util.tree_leaves(out)
    assert len(back) == len(leaves)
    for got, want in zip(back, leaves):
        assert got.dtype == jnp.dtype(dtype)
        assert_close(got.astype(jnp.float64), np.asarray(want), "float64")


@case
def wrong_leaf_count_rejected(bench, device):
    treedef = jax.tree_util.tree_structure((1, 2))
    out = bench.measure(lambda ls, treedef: jax.tree_util.tree_unflatten(treedef, ls), [jnp.ones(2), jnp.zeros(2)], treedef=treedef)
    assert isinstance(out, tuple) and len(out) == 2
    try:
        jax.tree_util.tree_unflatten(treedef, [1])
    except ValueError:
        return
    raise AssertionError("tree_unflatten with too few leaves did not raise ValueError")
