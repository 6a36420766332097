import jax
import jax.numpy as jnp
import numpy as np
from jax.experimental import io_callback

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.experimental.io_callback"
# Replaces jax.lax.infeed (the study's pick), removed in JAX 0.7.0: bringing host data
# into a running computation is now done with host callbacks.


class HostQueue:
    """Host-side source of batches, read in order from inside the computation."""

    def __init__(self, batches):
        self.batches = list(batches)
        self.reads = 0

    def next(self):
        b = self.batches[self.reads % len(self.batches)]
        self.reads += 1
        return b


@case(dtype=["float32", "float64", "int32", "bfloat16"])
def feed_into_computation(bench, device, dtype):
    rng = np.random.default_rng(0)
    batches = [np.asarray(jnp.asarray(rng.standard_normal((4, 8)) * 10).astype(dtype)) for _ in range(3)]
    q = HostQueue(batches)
    shape = jax.ShapeDtypeStruct((4, 8), jnp.dtype(dtype))

    def step(w):
        batch = io_callback(q.next, shape, ordered=True)
        return (batch.astype(w.dtype) * w).sum(axis=1)

    w = jnp.ones((8,), jnp.float64)
    out = bench.measure(step, w)
    assert_close(out, np.asarray(jnp.asarray(batches[0]).astype(jnp.float64)).sum(axis=1), "float64", scale=10)
    assert q.reads >= 2, f"host queue read {q.reads} times"


# its callback declares 64-bit result types: 64-bit types in this case's scope
@case(x64=True)
def ordered_reads_in_a_loop(bench, device):
    q = HostQueue([np.full((2,), float(i)) for i in range(5)])
    shape = jax.ShapeDtypeStruct((2,), jnp.float64)

    def loop(x):
        def body(i, acc):
            return acc + io_callback(q.next, shape, ordered=True)
        return jax.lax.fori_loop(0, 5, body, x)

    out = bench.measure(loop, jnp.zeros(2))
    assert_close(out, np.full(2, 0.0 + 1 + 2 + 3 + 4), "float64")
