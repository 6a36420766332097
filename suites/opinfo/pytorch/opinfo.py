"""Generated: every PyTorch OpInfo (op_db) × dtype, on the target against CPU.

See python/portabench/generated/opinfo.py for what a case runs and compares, and
what its params (declared, xfail) mean. Filter with PORTABENCH_OPS (OpInfo names),
PORTABENCH_DTYPES and PORTABENCH_SLICE (portabench/generated/select.py).
"""
from portabench.cases import add_case
from portabench.generated import opinfo
from portabench.generated.select import from_environment
from portabench.generated.spec import register

register(from_environment(opinfo.cases()), add_case)
