"""Generated: every torchvision and timm model, inference and a training step.

See python/portabench/generated/models.py for what a case builds, runs and compares.
Filter with PORTABENCH_MODELS (model names, or library:name), PORTABENCH_MODELS_WORKLOADS
and PORTABENCH_SLICE; PORTABENCH_MODELS_FAIL_OP removes an operator's kernel.
"""
from portabench.cases import add_case
from portabench.generated import models
from portabench.generated.spec import register

register(models.cases(), add_case)
