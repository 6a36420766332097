import jax.numpy as jnp
import numpy as np

from portabench import case

FUNCTION = "jax.numpy.size"


@case(shape=[(), (0,), (3, 4), (2, 0, 5), (7, 1, 3)], axis=[None, 0, -1])
def sizes(bench, device, shape, axis):
    if axis is not None and len(shape) == 0:
        axis = None
    x = jnp.zeros(shape, jnp.float32)
    out = bench.measure(jnp.size, x, axis=axis)
    assert int(out) == np.size(np.zeros(shape), axis=axis), f"size {int(out)} for {shape}, axis={axis}"


@case
def tuple_axis_and_dtypes(bench, device):
    x = jnp.zeros((2, 3, 4), jnp.bfloat16)
    assert int(bench.measure(jnp.size, x, axis=(0, 2))) == 8
    for dt in ("bool", "int8", "complex64"):
        assert int(bench.measure(jnp.size, jnp.zeros((5, 2), dt))) == 10


@case
def jax_array_protocol(bench, device):
    # the study also applied size to an object implementing __jax_array__
    class Wrapped:
        def __init__(self, v):
            self.v = v

        def __jax_array__(self):
            return self.v

    out = bench.measure(jnp.size, a=Wrapped(jnp.ones((3, 5))))
    assert int(out) == 15
