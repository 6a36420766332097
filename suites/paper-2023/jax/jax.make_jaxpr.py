import jax
import jax.numpy as jnp

from portabench import case, skip

FUNCTION = "jax.make_jaxpr"


def host_only(bench):
    if bench.compiled:
        skip("make_jaxpr traces on the host and returns a Jaxpr, not arrays, for jax.jit to compile")


def primitives(closed):
    return [e.primitive.name for e in closed.jaxpr.eqns]


@case(dtype=["float32", "bfloat16", "int32"], shape=[(), (3, 4)])
def traces_function(bench, device, dtype, shape):
    host_only(bench)
    f = lambda x: jnp.sin(x.astype(jnp.float32)) * 2 + x.astype(jnp.float32)
    x = jnp.zeros(shape, dtype)
    closed = bench.measure(lambda v: jax.make_jaxpr(f)(v), x)
    names = primitives(closed)
    assert "sin" in names and "mul" in names and "add" in names, f"primitives {names}"
    aval = closed.in_avals[0]
    assert aval.shape == shape and aval.dtype == jnp.dtype(dtype)
    assert closed.out_avals[0].dtype == jnp.float32


@case
def static_argnums_and_pytrees(bench, device):
    host_only(bench)

    def f(tree, n):
        return {"s": tree["a"] * n, "t": jnp.sum(tree["b"])}

    closed = bench.measure(lambda t: jax.make_jaxpr(f, static_argnums=1)(t, 3), {"a": jnp.ones(2), "b": jnp.ones((2, 2))})
    assert len(closed.jaxpr.invars) == 2 and len(closed.jaxpr.outvars) == 2
    assert "reduce_sum" in primitives(closed)


@case
def control_flow_and_grad(bench, device):
    host_only(bench)
    f = jax.grad(lambda x: jax.lax.fori_loop(0, 3, lambda i, c: c * x, 1.0))
    closed = bench.measure(lambda v: jax.make_jaxpr(f)(v), jnp.asarray(2.0))
    names = primitives(closed)
    assert any(n in ("scan", "while") for n in names), f"no loop primitive in {names}"
    assert float(jax.core.eval_jaxpr(closed.jaxpr, closed.consts, 2.0)[0]) == 12.0  # d/dx x^3 at 2
