"""Generated: PyTorch's ModuleInfo (module_db) and OptimizerInfo (optim_db) entries ×
sample × dtype (python/portabench/generated/torch_modules.py), and the tensor-creation
functions OpInfo lacks (torch_creation.py), on the target against CPU.

Filter with PORTABENCH_OPS (database names such as nn.Linear,optim.SGD; creation
functions such as tensor,as_tensor; or public functions such as torch.nn.Conv2d),
PORTABENCH_DTYPES and PORTABENCH_SLICE (portabench/generated/select.py).
"""
from portabench.cases import add_case
from portabench.generated import torch_creation, torch_modules
from portabench.generated.select import from_environment
from portabench.generated.spec import register

register(from_environment(torch_modules.cases() + torch_creation.cases()), add_case)
