import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.named_call"


def body(x):
    return jnp.tanh(x) * 2 + 1


@case(dtype=["float32", "bfloat16", "float64"])
def same_values(bench, device, dtype):
    x = jnp.asarray(np.linspace(-2, 2, 64), dtype)
    out = bench.measure(lambda v: jax.named_call(body, name="my_block")(v), x)
    assert_close(out, np.tanh(np.asarray(x.astype(jnp.float64))) * 2 + 1, dtype, scale=2)


@case
def name_in_lowered_program(bench, device):
    f = jax.named_call(body, name="portabench_block")
    out = bench.measure(lambda v: f(v), jnp.ones(3))
    assert_close(out, np.tanh(np.ones(3)) * 2 + 1, "float64")
    text = jax.jit(f).lower(jnp.ones(3)).as_text(debug_info=True)
    assert "portabench_block" in text, "the name given to named_call is not in the lowered program"


@case
def inside_scan_with_gradient(bench, device):
    # the study wrapped the step of a lax.scan
    step = jax.named_call(lambda c, x: (c * x, c), name="step")

    def prod(xs):
        return jax.lax.scan(step, 1.0, xs)[0]

    xs = jnp.asarray([1.0, 2.0, 3.0, 4.0])
    out = bench.measure(prod, xs)
    assert_close(out, np.array(24.0), "float64")
    g = bench.measure(jax.grad(prod), xs)
    assert_close(g, np.array([24.0, 12.0, 8.0, 6.0]), "float64")
