"""The ``torch-modules`` suite, part 2: the tensor-creation functions OpInfo (``op_db``)
has no entry for: ``torch.tensor``, ``as_tensor``, ``asarray``, ``from_numpy``,
``frombuffer``, ``rand``, ``randperm`` (OpInfo has ``zeros``, ``ones``, ``full``,
``arange``, ``randn``, the ``*_like`` functions…: those are the opinfo suite's). It does
not see the modules or optimizers (``torch_modules.py``).

One case per function × sample × dtype, named ``<name>[sample=<i>,dtype=<dtype>]``,
function ``torch.<name>``; params ``op`` (the name: what PORTABENCH_OPS matches),
``sample``, ``desc``, ``dtype``. The samples are where the data comes from: a nested
Python list, a NumPy array, a CPU tensor, a scalar (what each function takes). The call
is timed through ``bench.measure`` making the tensor on the target (``device=``, or
``.to(device)`` for ``from_numpy`` and ``frombuffer``, which only make CPU tensors) and
checked: on the target, of the dtype, equal to NumPy's conversion of the same data (the
random ones: shape, range, a permutation). No database declares these: no declaration key.
"""
import functools

import numpy as np
import torch

from .spec import CaseSpec

DATA = [[1.5, -2.0, 3.0], [4.0, 0.0, 6.25]]
DTYPES = ("float32", "float64", "float16", "bfloat16", "int64", "int32", "bool", "complex64")
NO_NUMPY = {"bfloat16"}  # no NumPy dtype


def _np(dtype):
    """NumPy's dtype for ``dtype`` (float32 for bfloat16, which NumPy lacks: the
    function converts it)."""
    name = str(dtype).removeprefix("torch.")
    return np.dtype("float32" if name in NO_NUMPY else name)


def _source(kind, dtype):
    if kind == "list":
        return DATA if dtype.is_floating_point or dtype.is_complex else [[int(v) for v in row] for row in DATA]
    if kind == "scalar":
        return 2.5 if dtype.is_floating_point or dtype.is_complex else 2
    if kind == "tensor":
        return torch.tensor(DATA, dtype=torch.float64).to(dtype)
    return np.asarray(DATA, dtype=np.float64).astype(_np(dtype))  # "numpy"


def _expected(kind, dtype):
    data = _source(kind, dtype)
    return torch.tensor(np.asarray(DATA if kind != "scalar" else data, dtype=np.float64)).to(dtype)


def _via(fn):
    """A maker taking (source, dtype, device) for a function with dtype= and device=."""
    return lambda src, dtype, device: fn(src, dtype=dtype, device=device)


def _from_numpy(src, dtype, device):
    return torch.from_numpy(src).to(device)


def _frombuffer(src, dtype, device):
    return torch.frombuffer(src, dtype=dtype).to(device)


# name -> (maker, sample kinds, dtypes)
FUNCTIONS = {
    "tensor": (_via(torch.tensor), ("list", "numpy", "scalar"), DTYPES),
    "as_tensor": (_via(torch.as_tensor), ("list", "numpy", "tensor"), DTYPES),
    "asarray": (_via(torch.asarray), ("list", "numpy", "tensor"), DTYPES),
    "from_numpy": (_from_numpy, ("numpy",), tuple(d for d in DTYPES if d not in NO_NUMPY)),
    "frombuffer": (_frombuffer, ("bytes",), tuple(d for d in DTYPES if d not in NO_NUMPY)),
    "rand": (lambda n, dtype, device: torch.rand(n, 5, dtype=dtype, device=device), ("shape",), ("float32", "float64", "float16", "bfloat16", "complex64")),
    "randperm": (lambda n, dtype, device: torch.randperm(n, dtype=dtype, device=device), ("shape",), ("int64", "int32", "float32", "float64")),
}


def cases(names=None):
    out = []
    for name in names or FUNCTIONS:
        _, kinds, dtypes = FUNCTIONS[name]
        fn = functools.partial(run_case, name)
        fn.__name__ = name
        for dtype in dtypes:
            for i, kind in enumerate(kinds):
                params = {"op": name, "sample": i, "desc": kind, "dtype": dtype}
                out.append(CaseSpec(f"{name}[sample={i},dtype={dtype}]", fn, params, f"torch.{name}"))
    return out


def run_case(name, bench, device, dtype, desc, **_params):
    """Make the tensor on the target, timed; check it (see the module docstring)."""
    maker = FUNCTIONS[name][0]
    dt = getattr(torch, dtype)
    if desc == "shape":
        src = 7
    elif desc == "bytes":
        src = bytearray(np.asarray(DATA, dtype=np.float64).astype(_np(dt)).tobytes())
    else:
        src = _source(desc, dt)
    # the source is the data the function converts: bound, not traced (a list or bytes is no tensor)
    out = bench.measure(functools.partial(maker, src, dt, device))
    want_device = torch.device(device)
    if out.device.type != want_device.type:
        raise AssertionError(f"Wrong result: {name} made a tensor on {out.device}, not {device}")
    if out.dtype != dt:
        raise AssertionError(f"Wrong result: {name} made {out.dtype}, not {dt}")
    got = out.cpu()
    if name == "rand":
        if got.shape != (7, 5) or not bool(((got.real >= 0) & (got.real < 1)).all()):
            raise AssertionError(f"Wrong result: rand gave shape {tuple(got.shape)} or values outside [0, 1)")
    elif name == "randperm":
        if not torch.equal(got.to(torch.int64).sort().values, torch.arange(7)):
            raise AssertionError(f"Wrong result: randperm(7) is not a permutation of 0..6: {got.tolist()}")
    else:
        want = _expected("numpy", dt).reshape(-1) if desc == "bytes" else _expected(desc, dt)  # a buffer is flat
        if got.shape != want.shape or not torch.equal(got, want):
            raise AssertionError(f"Wrong result: {name} from a {desc} gave {got.tolist()}, expected {want.tolist()}")
