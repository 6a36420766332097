import jax.numpy as jnp
import numpy as np

from portabench import case, skip
from portabench.testing import assert_close

FUNCTION = "jax.numpy.einsum_path"

EXPRS = {
    "chain": ("ij,jk,kl->il", [(8, 64), (64, 4), (4, 32)]),
    "batched": ("bij,bjk,bkl->bil", [(3, 5, 6), (3, 6, 7), (3, 7, 2)]),
    "trace_outer": ("ii,jk->jk", [(5, 5), (4, 3)]),
    "broadcast": ("...ij,jk->...ik", [(2, 3, 4), (4, 5)]),
}


def host_only(bench):
    if bench.compiled:
        skip("einsum_path plans a contraction on the host (pure Python); it returns no arrays for jax.jit to compile")


# checks float64 values at float64 tolerance: 64-bit types in this case's scope
@case(expr=list(EXPRS), optimize=["greedy", "optimal"], x64=True)
def plan_then_contract(bench, device, expr, optimize):
    host_only(bench)
    subscripts, shapes = EXPRS[expr]
    rng = np.random.default_rng(0)
    ops = [jnp.asarray(rng.standard_normal(s)) for s in shapes]
    path, text = bench.measure(jnp.einsum_path, subscripts, *ops, optimize=optimize)
    steps = path[1:] if path and path[0] == "einsum_path" else path
    n = len(ops)
    for step in steps:
        assert all(0 <= i < n for i in step), f"bad contraction {step} for {n} operands"
        n -= len(step) - 1
    assert n == 1, f"path {path} does not reduce the operands to one"
    assert "Optimized FLOP count" in str(text), f"no contraction report: {text!s}"
    out = jnp.einsum(subscripts, *ops, optimize=path)
    ref = np.einsum(subscripts, *[np.asarray(o) for o in ops])
    assert_close(out, ref, "float64", scale=10)


@case
def chain_order_is_cheap(bench, device):
    host_only(bench)
    # contracting the 8x64 @ 64x4 pair first is far cheaper than starting with 64x4 @ 4x1000
    ops = [jnp.zeros((8, 64)), jnp.zeros((64, 4)), jnp.zeros((4, 1000))]
    path, _ = bench.measure(jnp.einsum_path, "ij,jk,kl->il", *ops, optimize="optimal")
    steps = path[1:] if path and path[0] == "einsum_path" else path
    assert tuple(steps[0]) == (0, 1), f"optimal path {path} does not contract the small pair first"
