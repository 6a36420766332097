"""torch.device: construct device objects from the spellings user code uses (the
study's 'cuda' pick), then use them to place a tensor; indices, equality, bad
strings rejected, as in PyTorch's test_device (test_torch.py)."""
import torch

from portabench import case

FUNCTION = "torch.device"


def make_all(specs):
    return [torch.device(*s) if isinstance(s, tuple) else torch.device(s) for s in specs]


@case(kind=["cpu", "current"])
def spellings(bench, device, kind):
    name = "cpu" if kind == "cpu" else device.type
    specs = [name, f"{name}:0", (name, 0), (name,)]
    devs = bench.measure(make_all, specs)
    assert all(d.type == name for d in devs)
    assert [d.index for d in devs] == [None, 0, 0, None]
    assert devs[1] == torch.device(name, 0) and devs[0] != devs[1]


@case
def places_tensors(bench, device):
    def place(x):
        return x.to(torch.device(device.type))

    out = bench.measure(place, torch.ones(3))
    assert out.device.type == device.type and out.sum().item() == 3


@case
def rejects_bad_strings(bench, device):
    def bad(specs):
        caught = 0
        for s in specs:
            try:
                torch.device(s)
            except RuntimeError:
                caught += 1
        return caught

    assert bench.measure(bad, ["cpu:-1", "cpu:1:2", "not-a-device", "cpu:x"]) == 4
