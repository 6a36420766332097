"""Generated: JAX's public API — jax.numpy against NumPy, jax.nn, jax.random and the
transformations (jax.jit, jax.grad, jax.vmap, jax.lax.scan, …).

See python/portabench/generated/jax_api.py for what the cases run and compare. Filter
with PORTABENCH_OPS (qualified functions such as jax.numpy.sum, jax.nn.relu, jax.grad, or
the short op names numpy.sum / sum, nn.relu, random.normal, grad, lax.scan),
PORTABENCH_DTYPES and PORTABENCH_SLICE (portabench/generated/select.py).
"""
from portabench.cases import add_case
from portabench.generated import jax_api
from portabench.generated.select import from_environment
from portabench.generated.spec import register

register(from_environment(jax_api.cases()), add_case)
