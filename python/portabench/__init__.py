"""portabench's Python side: the case API used by test files, and the worker.

Test files import only ``case`` (and optionally ``Skip``, ``add_case``) from here; the worker
(``python -m portabench.worker``) loads them and runs their cases.
Standard library only, besides the framework under test.
"""
from .cases import add_case, case, Skip, skip

__all__ = ["add_case", "case", "Skip", "skip"]
__version__ = "0.1.0"
