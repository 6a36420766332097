import io

import jax.numpy as jnp
import numpy as np

from portabench import case, skip

FUNCTION = "jax.numpy.save"
# jax.numpy.save is numpy.save re-exported: it copies the array to the host and writes
# it. Timed: saving a device array into an in-memory file, as in the study.


def host_only(bench):
    if bench.compiled:
        skip("jax.numpy.save is host I/O (numpy.save); there is nothing for jax.jit to compile")


def save_to_buffer(x):
    buf = io.BytesIO()
    jnp.save(buf, x)
    return buf


@case(dtype=["float32", "float16", "float64", "int8", "uint64", "bool", "complex64"], shape=[(3, 5), (0,), ()])
def round_trip(bench, device, dtype, shape):
    host_only(bench)
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.standard_normal(shape) * 10).astype(dtype)
    buf = bench.measure(save_to_buffer, x)
    buf.seek(0)
    back = np.load(buf)
    assert back.dtype == np.dtype(dtype) and back.shape == shape
    assert np.array_equal(back, np.asarray(x)), "the saved array differs from the device array"


@case
def large_array(bench, device):
    host_only(bench)
    x = jnp.arange(1 << 20, dtype=jnp.float32)
    buf = bench.measure(save_to_buffer, x)
    buf.seek(0)
    assert np.array_equal(np.load(buf), np.arange(1 << 20, dtype=np.float32))
