"""torch.Tensor.is_same_size: whether two tensors have the same shape, whatever
their dtypes or strides, as in PyTorch's test_is_same_size."""
import torch

from portabench import case

FUNCTION = "torch.Tensor.is_same_size"

PAIRS = {
    "equal": ((3, 4), (3, 4), True),
    "transposed": ((3, 4), (4, 3), False),
    "different_rank": ((12,), (3, 4), False),
    "empty": ((0, 3), (0, 3), True),
    "scalar": ((), (), True),
}


@case(pair=list(PAIRS), dtype=["float32", "int64", "bool", "float16"])
def shapes(bench, device, pair, dtype):
    a_shape, b_shape, expected = PAIRS[pair]
    a = torch.zeros(a_shape, device=device, dtype=getattr(torch, dtype))
    b = torch.ones(b_shape, device=device, dtype=torch.float64)
    assert bench.measure(lambda x, y: x.is_same_size(y), a, b) is expected


@case
def strides_do_not_matter(bench, device):
    a = torch.zeros(4, 3, device=device).t()
    b = torch.zeros(3, 4, device=device)
    assert bench.measure(lambda x, y: x.is_same_size(y), a, b) is True
