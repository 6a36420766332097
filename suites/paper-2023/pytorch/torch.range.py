"""torch.range (deprecated: end inclusive; torch.arange is the current spelling): as
in PyTorch's test_range: integer and fractional steps, negative steps, dtypes, a
single-element range."""
import warnings

import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.range"

warnings.filterwarnings("ignore", message=".*torch.range is deprecated.*")


@case(dtype=["float32", "float64", "int64", "int32", "float16", "bfloat16"])
def inclusive(bench, device, dtype):
    out = bench.measure(torch.range, 1, 10, 1, dtype=getattr(torch, dtype), device=device)
    assert_close(out, np.arange(1, 11), dtype)


@case(bounds=[(0, 1, 0.25), (5, -5, -2.5), (3, 3, 1)])
def steps(bench, device, bounds):
    start, end, step = bounds
    out = bench.measure(torch.range, start, end, step, dtype=torch.float64, device=device)
    n = int(np.floor((end - start) / step)) + 1
    assert_close(out, start + step * np.arange(n), "float64")
