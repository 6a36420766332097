import jax
import jax.numpy as jnp
from jax._src import api_util
from jax._src import linear_util as lu
from jax.interpreters import partial_eval as pe

from portabench import case, skip

FUNCTION = "jax.interpreters.partial_eval.trace_to_jaxpr_dynamic"
# Internal API: it takes a linear_util-wrapped function and input avals; its signature
# changed since the study (no more main trace argument).


def host_only(bench):
    if bench.compiled:
        skip("trace_to_jaxpr_dynamic traces on the host and returns a Jaxpr, not arrays, for jax.jit to compile")


def trace(f, avals):
    """trace_to_jaxpr_dynamic on a flat function (list of outputs), freshly wrapped."""
    flat = lambda *args: [f(*args)]
    info = api_util.debug_info("portabench", flat, (None,) * len(avals), {})
    return pe.trace_to_jaxpr_dynamic(lu.wrap_init(flat, debug_info=info), avals)


@case(dtype=["float32", "bfloat16", "int32"], shape=[(), (4, 3)])
def traces(bench, device, dtype, shape):
    host_only(bench)
    f = lambda x, y: (x * y + 1).astype(jnp.float32)
    aval = jax.typeof(jnp.zeros(shape, dtype))
    jaxpr, out_avals, consts, *_ = bench.measure(trace, f, (aval, aval))
    names = [e.primitive.name for e in jaxpr.eqns]
    assert "mul" in names and "add" in names, f"primitives {names}"
    assert len(jaxpr.invars) == 2 and out_avals[0].shape == shape and out_avals[0].dtype == jnp.float32


@case
def closes_over_constants(bench, device):
    host_only(bench)
    c = jnp.arange(3.0)
    f = lambda x: jnp.sin(x) + c
    aval = jax.typeof(jnp.zeros(3))
    jaxpr, out_avals, consts, *_ = bench.measure(trace, f, (aval,))
    assert "sin" in [e.primitive.name for e in jaxpr.eqns]
    assert out_avals[0].shape == (3,)
