import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.lax.stop_gradient"


@case(dtype=["float32", "float16", "bfloat16", "float64", "int32", "bool"])
def identity_forward(bench, device, dtype):
    x = jnp.asarray(np.linspace(-3, 3, 40)).astype(dtype)
    out = bench.measure(jax.lax.stop_gradient, x)
    assert out.dtype == x.dtype
    assert np.array_equal(np.asarray(out), np.asarray(x))


@case
def blocks_gradient(bench, device):
    f = lambda x: (x * jax.lax.stop_gradient(x)).sum()
    g = bench.measure(jax.grad(f), jnp.asarray([1.0, 2.0, 3.0]))
    assert_close(g, np.array([1.0, 2.0, 3.0]), "float64")  # d/dx x*c = c
    g2 = bench.measure(jax.grad(lambda x: jax.lax.stop_gradient(x ** 2).sum()), jnp.ones(2))
    assert_close(g2, np.zeros(2), "float64")


@case
def pytree(bench, device):
    out = bench.measure(jax.lax.stop_gradient, {"a": jnp.ones(2), "b": (jnp.zeros(3), jnp.asarray(1))})
    assert out["a"].shape == (2,) and out["b"][0].shape == (3,)


@case
def inside_custom_linear_solve(bench, device):
    # the study timed stop_gradient inside the solver of lax.custom_linear_solve
    a = jnp.asarray([[4.0, 1.0], [1.0, 3.0]])

    def solve(matvec, b):
        return jnp.linalg.solve(jax.lax.stop_gradient(a), b)

    def linsolve(m, b):
        return jax.lax.custom_linear_solve(lambda v: m @ v, b, solve, symmetric=True)

    b = jnp.asarray([1.0, 2.0])
    out = bench.measure(linsolve, a, b)
    assert_close(out, np.linalg.solve(np.asarray(a), np.asarray(b)), "float64")
    g = jax.grad(lambda bb: linsolve(a, bb).sum())(b)
    assert_close(g, np.linalg.solve(np.asarray(a).T, np.ones(2)), "float64")
