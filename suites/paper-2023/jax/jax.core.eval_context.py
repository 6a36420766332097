import jax
import jax.numpy as jnp
import numpy as np

from portabench import case, skip
from portabench.testing import assert_close

FUNCTION = "jax.core.eval_context"


def host_only(bench):
    if bench.compiled:
        skip("eval_context switches JAX's tracing state on the host; there is nothing for jax.jit to compile")


def evaluated(x):
    with jax.core.eval_context():
        return jnp.sin(x) * 2


@case(dtype=["float32", "float64", "bfloat16"])
def evaluates_eagerly(bench, device, dtype):
    host_only(bench)
    x = jnp.linspace(0, 3, 16, dtype=dtype)
    out = bench.measure(evaluated, x)
    assert isinstance(out, jax.Array) and not isinstance(out, jax.core.Tracer)
    assert_close(out, 2 * np.sin(np.asarray(x.astype(jnp.float64))), dtype, scale=2)


@case
def concrete_inside_a_trace(bench, device):
    host_only(bench)
    const = jnp.asarray([1.0, 2.0])
    seen = {}

    def traced(x):
        # inside jit, eval_context computes with concrete values (not tracers)
        y = evaluated(const)
        seen["tracer"] = isinstance(y, jax.core.Tracer)
        return x + y

    out = bench.measure(lambda x: jax.jit(traced)(x), jnp.asarray([0.5, 0.5]))
    assert seen["tracer"] is False, "eval_context produced a tracer inside jit"
    assert_close(out, 0.5 + 2 * np.sin([1.0, 2.0]), "float64")
