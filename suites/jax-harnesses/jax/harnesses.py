"""Generated: every harness in JAX's own test_harnesses, on the target against CPU.

See python/portabench/generated/jax_harnesses.py for what a case runs and compares,
and what its params (limited, limitations) mean. Filter with PORTABENCH_OPS (harness
groups such as add, conv_general_dilated), PORTABENCH_DTYPES and PORTABENCH_SLICE
(portabench/generated/select.py).
"""
from portabench.cases import add_case
from portabench.generated import jax_harnesses
from portabench.generated.select import from_environment
from portabench.generated.spec import register

register(from_environment(jax_harnesses.cases()), add_case)
