import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.vjp"


def pullback(f):
    def run(x, ct):
        out, vjp_fn = jax.vjp(f, x)
        return out, vjp_fn(ct)[0]
    return run


@case(dtype=["float32", "float16", "bfloat16", "float64"])
def elementwise(bench, device, dtype):
    x = jnp.asarray(np.linspace(-2, 2, 33), dtype)
    ct = jnp.asarray(np.linspace(1, 2, 33), dtype)
    out, g = bench.measure(pullback(jnp.sin), x, ct)
    xn, cn = np.asarray(x.astype(jnp.float64)), np.asarray(ct.astype(jnp.float64))
    assert_close(out, np.sin(xn), dtype, scale=2)
    assert_close(g, np.cos(xn) * cn, dtype, scale=4)


@case(dtype=["float32", "float64", "complex128"])
def matrix_function(bench, device, dtype):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((5, 5)) + (1j * rng.standard_normal((5, 5)) if dtype == "complex128" else 0)
    w = rng.standard_normal((5, 3))
    ct = rng.standard_normal((5, 3))
    out, g = bench.measure(pullback(lambda m: m @ jnp.asarray(w, dtype)), jnp.asarray(a, dtype), jnp.asarray(ct, dtype))
    tol = "float32" if dtype == "float32" else "float64"
    np.testing.assert_allclose(np.asarray(g), ct @ w.T, rtol=1e-4 if tol == "float32" else 1e-10, atol=1e-5 if tol == "float32" else 1e-10)


@case
def has_aux_and_pytrees(bench, device):
    def f(p):
        y = p["w"] * p["x"]
        return y.sum(), {"y": y}

    def run(p, ct):
        out, vjp_fn, aux = jax.vjp(f, p, has_aux=True)
        return out, vjp_fn(ct)[0], aux

    p = {"w": jnp.asarray([1.0, 2.0]), "x": jnp.asarray([3.0, 4.0])}
    out, g, aux = bench.measure(run, p, jnp.asarray(2.0))
    assert_close(out, np.array(11.0), "float64")
    assert_close(g["w"], np.array([6.0, 8.0]), "float64")
    assert_close(g["x"], np.array([2.0, 4.0]), "float64")
    assert_close(aux["y"], np.array([3.0, 8.0]), "float64")


@case
def integer_input_gets_float0(bench, device):
    out, vjp_fn = jax.vjp(lambda x, n: x * n, jnp.asarray(2.0), jnp.asarray(3))
    gx, gn = vjp_fn(jnp.asarray(1.0))
    assert_close(gx, np.array(3.0), "float64")
    assert gn.dtype == jax.dtypes.float0, f"cotangent of an integer input has dtype {gn.dtype}, expected float0"
    o, g = bench.measure(pullback(lambda x: x ** 3), jnp.asarray(2.0), jnp.asarray(1.0))
    assert_close(g, np.array(12.0), "float64")
