"""torch.Tensor.size: a tensor's shape as torch.Size, or one dimension's length,
including negative dimensions and empty tensors (the study's file timed x.size(0)
inside test_mm); out-of-range dimensions raise IndexError."""
import torch

from portabench import case

FUNCTION = "torch.Tensor.size"


@case(shape=[(), (0,), (3, 4), (2, 0, 5), (1, 2, 3, 4, 5)], dtype=["float32", "int64", "bool", "bfloat16"])
def shapes(bench, device, shape, dtype):
    x = torch.zeros(shape, device=device, dtype=getattr(torch, dtype))
    s = bench.measure(lambda a: a.size(), x)
    assert isinstance(s, torch.Size) and tuple(s) == shape
    for d in range(-len(shape), len(shape)):
        assert x.size(d) == shape[d]


@case
def views_and_errors(bench, device):
    x = torch.zeros(3, 4, device=device).t()[:, 1:]

    def sizes(a):
        out = [a.size(0), a.size(-1)]
        try:
            a.size(2)
        except IndexError:
            out.append("IndexError")
        return out

    assert bench.measure(sizes, x) == [4, 2, "IndexError"]
