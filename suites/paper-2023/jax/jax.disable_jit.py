import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.disable_jit"


def counting_jit(body):
    """A jitted function that counts how often its Python body runs: once per trace
    under jit, once per call when jit is disabled."""
    runs = {"n": 0}

    @jax.jit
    def f(x):
        runs["n"] += 1
        return body(x)

    return f, runs


def calls_made(bench):
    m = bench.measurements[-1]
    return 1 + int(bench.policy["warmup"]) + len(m["samples_ms"])


@case(op=["scalar", "matrix"])
def runs_python_each_call(bench, device, op):
    body = (lambda x: x * 2 + 1) if op == "scalar" else (lambda x: jnp.tanh(x @ x.T).sum(axis=0))
    f, runs = counting_jit(body)

    def under_disable_jit(x):
        with jax.disable_jit():
            return f(x)

    x = jnp.asarray(3.0) if op == "scalar" else jnp.asarray(np.random.default_rng(0).standard_normal((8, 8)))
    out = bench.measure(under_disable_jit, x)
    assert_close(out, np.asarray(body(x)), "float64", scale=4)
    if bench.compiled:
        # the whole timed function is traced once by the outer jax.jit
        assert runs["n"] == 1, f"body ran {runs['n']} times under an outer jit"
    else:
        assert runs["n"] == calls_made(bench), f"body ran {runs['n']} times for {calls_made(bench)} calls: jit was not disabled"


@case
def concrete_values_inside(bench, device):
    # with jit disabled, values are concrete inside a jitted function: Python control flow works
    @jax.jit
    def f(x):
        return x * 2 if float(x.sum()) > 0 else -x

    def run(x):
        with jax.disable_jit():
            return f(x)

    if bench.compiled:
        # inside an outer jax.jit the value is a tracer again, so float() must fail;
        # what is timed is disable_jit around a traceable body
        try:
            jax.jit(run)(jnp.asarray([1.0]))
            raise AssertionError("float() of a traced value succeeded under an outer jit")
        except jax.errors.ConcretizationTypeError:
            pass

        def traceable(x):
            with jax.disable_jit():
                return jnp.where(x.sum() > 0, x * 2, -x)

        out = bench.measure(traceable, jnp.asarray([1.0, 2.0]))
        assert_close(out, np.array([2.0, 4.0]), "float64")
        return
    out = bench.measure(run, jnp.asarray([1.0, 2.0]))
    assert_close(out, np.array([2.0, 4.0]), "float64")
    assert_close(run(jnp.asarray([-1.0, -2.0])), np.array([1.0, 2.0]), "float64")
