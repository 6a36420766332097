"""torch.nn.Module.register_parameter: register parameters that forward uses and
optimizers see, re-register and None parameters, and the errors PyTorch's test_nn
checks (existing attribute, dotted or empty name, non-Parameter)."""
import torch
from torch import nn

from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.nn.Module.register_parameter"


class Scale(nn.Module):
    def forward(self, x):
        return x * self.scale


@case(dtype=["float32", "float64", "float16", "bfloat16"])
def used_in_forward(bench, device, dtype):
    m = Scale()
    p = nn.Parameter(torch.full((3,), 2.0, device=device, dtype=getattr(torch, dtype)))
    bench.measure(m.register_parameter, "scale", p)
    assert [n for n, _ in m.named_parameters()] == ["scale"]
    x = torch.ones(2, 3, device=device, dtype=getattr(torch, dtype))
    assert_close(m(x), [[2.0] * 3] * 2, dtype)


@case
def none_parameter(bench, device):
    m = nn.Module()
    bench.measure(m.register_parameter, "maybe", None)
    assert m.maybe is None and list(m.parameters()) == []


@case
def errors(bench, device):
    def register_bad(m):
        caught = []
        for name, value in (("attr", nn.Parameter(torch.ones(1))), ("a.b", nn.Parameter(torch.ones(1))), ("", nn.Parameter(torch.ones(1))), ("plain", torch.ones(1))):
            try:
                m.register_parameter(name, value)
            except (KeyError, TypeError) as exc:
                caught.append(type(exc).__name__)
        return caught

    m = nn.Module()
    m.attr = 1
    assert bench.measure(register_bad, m) == ["KeyError", "KeyError", "KeyError", "TypeError"]
