import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.Array.reshape"


@case(dtype=["float32", "bfloat16", "float64", "int8", "bool"], form=["args", "tuple", "minus_one"])
def forms(bench, device, dtype, form):
    x = jnp.arange(6).astype(dtype)
    call = {"args": lambda a: a.reshape(3, 2), "tuple": lambda a: a.reshape((3, 2)), "minus_one": lambda a: a.reshape(-1, 2)}[form]
    out = bench.measure(call, x)
    assert out.shape == (3, 2) and out.dtype == x.dtype
    assert_close(out.astype(jnp.float64), np.arange(6).astype(dtype).astype(np.float64).reshape(3, 2), "float64")


@case(order=["C", "F"])
def order(bench, device, order):
    x = jnp.arange(24.0).reshape(2, 3, 4)
    out = bench.measure(lambda a, **kw: a.reshape(4, 6, **kw), x, order=order)
    assert_close(out, np.arange(24.0).reshape(2, 3, 4).reshape(4, 6, order=order), "float64")


@case
def empty_scalar_and_bad_size(bench, device):
    e = bench.measure(lambda a: a.reshape(0, 5), jnp.zeros((5, 0)))
    assert e.shape == (0, 5)
    s = bench.measure(lambda a: a.reshape(()), jnp.asarray([7.0]))
    assert s.shape == () and float(s) == 7.0
    try:
        jnp.arange(6).reshape(4, 2)
    except (TypeError, ValueError):
        return
    raise AssertionError("reshape of 6 elements to (4, 2) did not raise")


@case
def gradient(bench, device):
    g = bench.measure(jax.grad(lambda a: (a.reshape(2, 2) @ jnp.asarray([1.0, 2.0])).sum()), jnp.ones(4))
    assert_close(g, np.array([1.0, 2.0, 1.0, 2.0]), "float64")
