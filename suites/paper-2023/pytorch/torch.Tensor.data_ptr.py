"""torch.Tensor.data_ptr: the address of a tensor's first element, as PyTorch's
test_to / storage tests use it: views share storage and are offset by
storage_offset * itemsize, copies and .to(dtype) get new storage, every dtype."""
import torch

from portabench import case

FUNCTION = "torch.Tensor.data_ptr"


@case(dtype=["float32", "float64", "float16", "bfloat16", "int8", "int64", "bool", "complex128"])
def view_offsets(bench, device, dtype):
    x = torch.zeros(6, 5, device=device, dtype=getattr(torch, dtype))
    views = [x, x[2], x[1:, 3], x.t()]
    ptrs = bench.measure(lambda vs: [v.data_ptr() for v in vs], views)
    item = x.element_size()
    assert ptrs[0] != 0
    assert [p - ptrs[0] for p in ptrs] == [0, 10 * item, 8 * item, 0]


@case
def copies_get_new_storage(bench, device):
    x = torch.ones(4, device=device)
    ptrs = bench.measure(lambda a: (a.data_ptr(), a.clone().data_ptr(), a.to(torch.float64).data_ptr(), a.to(torch.float32).data_ptr()), x)
    assert ptrs[0] != ptrs[1] and ptrs[0] != ptrs[2] and ptrs[0] == ptrs[3]


@case
def empty(bench, device):
    ptr = bench.measure(lambda a: a.data_ptr(), torch.empty(0, device=device))
    assert ptr == 0
