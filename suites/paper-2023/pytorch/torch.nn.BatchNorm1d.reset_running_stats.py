"""torch.nn.BatchNorm1d.reset_running_stats: after training steps move the running
statistics, reset them to mean 0, variance 1 and zero batches tracked; a layer that
tracks no statistics is left as it is. As in PyTorch's test_nn batch-norm tests."""
import numpy as np
import torch

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.nn.BatchNorm1d.reset_running_stats"


@case(dtype=["float32", "float64", "float16", "bfloat16"], features=[1, 16])
def after_training(bench, device, dtype, features):
    bn = torch.nn.BatchNorm1d(features).to(device=device, dtype=getattr(torch, dtype))
    for _ in range(3):
        bn(torch.randn(8, features, device=device, dtype=getattr(torch, dtype)) * 3 + 2)
    assert bn.num_batches_tracked.item() == 3
    bench.measure(bn.reset_running_stats)
    assert_close(bn.running_mean, np.zeros(features), dtype)
    assert_close(bn.running_var, np.ones(features), dtype)
    assert bn.num_batches_tracked.item() == 0


@case
def affine_parameters_untouched(bench, device):
    bn = torch.nn.BatchNorm1d(3).to(device)
    with torch.no_grad():
        bn.weight.fill_(2.0)
        bn.bias.fill_(-1.0)
    bench.measure(bn.reset_running_stats)
    assert bn.weight.tolist() == [2.0] * 3 and bn.bias.tolist() == [-1.0] * 3


@case
def without_tracking(bench, device):
    bn = torch.nn.BatchNorm1d(3, track_running_stats=False).to(device)
    bench.measure(bn.reset_running_stats)
    assert bn.running_mean is None and bn.running_var is None
