"""torch.nn.Module.add_module: register child modules (the study's file had no timer
at all), then check registration order, forward use and the errors PyTorch's test_nn
expects (a name that is already an attribute, a non-module)."""
import torch
from torch import nn

from portabench import case

FUNCTION = "torch.nn.Module.add_module"


def add_children(parent, count):
    for i in range(count):
        parent.add_module(f"layer{i}", nn.Linear(2, 2))
    return parent


@case(count=[1, 10, 100])
def register(bench, device, count):
    parent = bench.measure(add_children, nn.Module(), count=count)
    names = [n for n, _ in parent.named_children()]
    assert names == [f"layer{i}" for i in range(count)]
    assert len(list(parent.parameters())) == 2 * count


@case
def replaces_and_forwards(bench, device):
    seq = nn.Sequential(nn.Linear(3, 3))
    relu = nn.ReLU()
    bench.measure(seq.add_module, "0", relu)
    x = torch.tensor([[-1.0, 0.5, 2.0]], device=device)
    assert seq[0] is relu and seq(x).tolist() == [[0.0, 0.5, 2.0]]


@case
def none_child(bench, device):
    m = nn.Module()
    bench.measure(m.add_module, "empty", None)
    assert "empty" in m._modules and m.empty is None


@case
def rejects_existing_attribute_and_non_module(bench, device):
    m = nn.Module()
    m.attribute_name = 1

    def errors(m):
        caught = []
        for name, child in (("attribute_name", nn.Linear(1, 1)), ("ok", "not a module"), ("a.b", nn.ReLU())):
            try:
                m.add_module(name, child)
            except (KeyError, TypeError) as exc:
                caught.append(type(exc).__name__)
        return caught

    assert bench.measure(errors, m) == ["KeyError", "TypeError", "KeyError"]
