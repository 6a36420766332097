import jax
import jax.numpy as jnp
import numpy as np
from jax.interpreters import partial_eval as pe

from portabench import case, skip

FUNCTION = "jax.interpreters.partial_eval.PartialVal.unknown"
# Internal API (a classmethod); still reachable in JAX 0.10 through jax.interpreters.


def host_only(bench):
    if bench.compiled:
        skip("PartialVal.unknown builds a host-side tracing record, not arrays, for jax.jit to compile")


@case(dtype=["float32", "bfloat16", "int64", "bool"], shape=[(), (2, 3)])
def unknown_from_aval(bench, device, dtype, shape):
    host_only(bench)
    aval = jax.typeof(jnp.zeros(shape, dtype))
    pv = bench.measure(pe.PartialVal.unknown, aval=aval)
    assert not pv.is_known(), "PartialVal.unknown reports a known value"
    assert pv.get_aval() == aval, f"aval {pv.get_aval()} != {aval}"


@case
def known_versus_unknown(bench, device):
    host_only(bench)
    c = jnp.asarray([1.0, 2.0])
    known = pe.PartialVal.known(c)
    unknown = bench.measure(pe.PartialVal.unknown, aval=jax.typeof(c))
    assert known.is_known() and np.array_equal(np.asarray(known.get_known()), np.asarray(c))
    assert unknown.get_known() is None
    assert known.get_aval().shape == unknown.get_aval().shape == (2,)
