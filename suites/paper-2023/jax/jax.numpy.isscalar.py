import jax
import jax.numpy as jnp
import numpy as np

from portabench import case, skip

FUNCTION = "jax.numpy.isscalar"


def host_only(bench):
    if bench.compiled:
        skip("isscalar is a host-side Python check; under jax.jit it folds to a constant")


VALUES = {
    "python_int": (3, True),
    "python_float": (2.5, True),
    "python_bool": (True, True),
    "python_complex": (1j, True),
    "jax_0d": (jnp.asarray(1.0), True),
    "jax_0d_bf16": (jnp.asarray(1, jnp.bfloat16), True),
    "numpy_scalar": (np.float32(1.0), True),
    "numpy_0d": (np.array(2), True),
    "jax_1d": (jnp.zeros(1), False),
    "jax_empty": (jnp.zeros((0,)), False),
    "list": ([1], False),
    "string": ("a", True),  # as np.isscalar
    "none": (None, False),
}


@case(value=list(VALUES))
def kinds(bench, device, value):
    host_only(bench)
    obj, expected = VALUES[value]
    got = bench.measure(jnp.isscalar, element=obj)
    assert got is expected or bool(got) == expected, f"isscalar({obj!r}) = {got}, expected {expected}"


@case
def traced_values(bench, device):
    host_only(bench)
    seen = {}

    def f(x, v):
        seen["scalar"], seen["vector"] = jnp.isscalar(x), jnp.isscalar(v)
        return x

    bench.measure(lambda x, v: jax.make_jaxpr(f)(x, v), jnp.asarray(1.0), jnp.ones(3))
    assert seen == {"scalar": True, "vector": False}, f"on tracers: {seen}"
