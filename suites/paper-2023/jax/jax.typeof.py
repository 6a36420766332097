import jax
import jax.numpy as jnp
import numpy as np

from portabench import case, skip

FUNCTION = "jax.typeof"
# Replaces jax.core.get_aval (the study's pick), removed in JAX 0.10.0.


def host_only(bench):
    if bench.compiled:
        skip("jax.typeof returns an abstract value (no array) for jax.jit to compile")


@case(dtype=["float32", "float16", "bfloat16", "float64", "int8", "uint64", "bool", "complex64"], shape=[(), (3, 0, 2)])
def arrays(bench, device, dtype, shape):
    host_only(bench)
    x = jnp.zeros(shape, dtype)
    aval = bench.measure(jax.typeof, x)
    assert aval.shape == shape and aval.dtype == jnp.dtype(dtype), f"{aval} for {dtype}{list(shape)}"
    assert not aval.weak_type


@case(value=[1, 2.5, True, 1j])
def python_scalars_weak(bench, device, value):
    # the study's timed test: test_raise_to_shaped_weak_type
    host_only(bench)
    aval = bench.measure(jax.typeof, value)
    assert aval.shape == ()
    assert aval.weak_type == (not isinstance(value, bool)), f"weak_type {aval.weak_type} for {value!r}"
    # Python scalars take JAX's default width: 32-bit, 64-bit under jax_enable_x64
    expected = jax.dtypes.canonicalize_dtype({int: "int64", float: "float64", bool: "bool", complex: "complex128"}[type(value)])
    assert aval.dtype == expected, f"{aval.dtype} for {value!r}, expected {expected}"


@case
def tracer_inside_jit(bench, device):
    host_only(bench)
    seen = {}

    def f(x):
        seen["aval"] = jax.typeof(x)
        return x

    bench.measure(lambda v: jax.make_jaxpr(f)(v), jnp.ones((2, 5), jnp.float32))
    assert seen["aval"].shape == (2, 5) and seen["aval"].dtype == jnp.float32
