"""The ``opinfo`` suite: every PyTorch OpInfo (``op_db``) × dtype, run on the target
and compared with a CPU reference.

One case per OpInfo × dtype, named ``<op>[dtype=<dtype>]`` (``<op>.<variant>`` when
the OpInfo has a variant name), exercising the public function ``opinfo_names``
maps it to. Running a case:

1. the op's samples (``op.sample_inputs(device, dtype)``, made on the target as
   PyTorch's own tests make them; all of them in eager mode, ``COMPILED_SAMPLES`` in
   compiled mode, preferring samples without empty tensors;
   ``PORTABENCH_OPINFO_SAMPLES=N`` sets the limit for both);
2. the first sample without empty tensors is timed through ``bench.measure`` (so it
   runs compiled in compiled mode); the others are run once, through
   ``bench.compile`` (each compiled afresh);
3. each output is compared with two CPU-eager references computed on copies of the
   sample, passing when it is close to either:
   - *upcast*: for float16, bfloat16, float32 and complex64 the floating inputs of the
     case dtype are cast to float64/complex128 and the op computed on CPU; tolerance
     is torch.testing's default for the output's dtype (e.g. float16: rtol 1e-3,
     atol 1e-5), loosened by the OpInfo's ``toleranceOverride``;
   - *same dtype*: the sample as is, on CPU, as PyTorch's ``test_compare_cpu`` does;
     tolerance at least (1e-3, 1e-3), that test's allowance.
   Why both: the upcast reference says how accurate the result is, but an op may
   legitimately change meaning with the dtype (``view(dtype)``, ``nextafter``,
   overflow) or accumulate more error than the default tolerance at low precision
   (reductions); matching CPU at the same dtype is then portable behaviour. The CPU
   is the reference platform: on ``cpu``/eager the same-dtype reference is the op
   itself, so a CPU-eager case checks that the op runs (and, at low precision, how
   far it is from float64), while a device or compiled mode is checked against CPU.
   When both comparisons fail the same-dtype reference is computed once more: if CPU
   disagrees with itself the op is nondeterministic (random ops, uninitialised
   memory) and is not compared.

Params of each case (they land in the store; the analysis joins them with outcomes):

- ``op``, ``variant``: the OpInfo; ``dtype``: the dtype name; ``mapped``: how the
  public name was found (``opinfo_names``);
- ``declared``: ``{"cpu": bool, "cuda": bool, "mps": bool}``, whether OpInfo declares
  the dtype for that device type (``op.supported_dtypes``); a device type missing
  from the map (xla, tpu) has no declaration;
- ``xfail``: device types on which OpInfo marks this op and dtype
  ``unittest.expectedFailure`` for our kind of test (``opinfo_decorations``).

So, on a target whose device is D: a fail with ``declared[D]`` and D not in
``xfail`` is a finding; a fail with ``not declared[D]`` or D in ``xfail`` is
expected; a pass with ``not declared[D]`` (or D in ``xfail``) is a stale
declaration. A failing case also carries a note in its traceback
("portabench: expected failure: …") saying which of these applies. OpInfo's skips
for the device become portabench skips with OpInfo's reason.
"""
import functools
import os

import torch

from .. import vocabulary
from .opinfo_decorations import decorations
from .opinfo_names import public_name
from .spec import CaseSpec
from .torch_compare import COMPARE_CPU_TOL, Mismatch, compare

DTYPES = vocabulary.dtype_names()
DECLARED_ON = ("cpu", "cuda", "mps")
UPCAST = {torch.float16: torch.float64, torch.bfloat16: torch.float64,
          torch.float32: torch.float64, torch.complex64: torch.complex128}
COMPILED_SAMPLES = 4


def load_op_db():
    """Import ``op_db``. This imports ``torch.testing._internal.common_utils``, which
    sets global flags (e.g. deterministic-algorithm warnings, TorchScript patches):
    only ever inside the worker of this suite. Needs ``expecttest``."""
    import sys

    from torch.testing._internal import common_utils
    from torch.testing._internal.common_methods_invocations import op_db

    # every module that holds it: opinfo.core imports it by name (its sample_inputs calls
    # it there), common_utils calls its own global
    original = common_utils.extract_test_fn
    for name, module in list(sys.modules.items()):
        if name.startswith("torch.testing._internal") and getattr(module, "extract_test_fn", None) is original:
            module.extract_test_fn = _extract_test_fn
    return op_db


def _extract_test_fn():
    """``common_utils.extract_test_fn`` without ``inspect.stack()``: the same walk up the
    stack for a unittest ``TestCase`` method, over the frames alone. PyTorch calls it twice
    per ``sample_inputs`` (to track the sample a test is on); ``inspect.stack()`` reads the
    source context of every frame and scans ``sys.modules`` for each, which in a worker
    (a deeper stack, more modules) took about 60% of an OpInfo sweep's time. Outside a
    unittest it finds nothing, as the original does."""
    import sys
    import unittest

    frame = sys._getframe(1)
    while frame is not None:
        self_val = frame.f_locals.get("self")
        if isinstance(self_val, unittest.TestCase):
            try:
                *_, cls_name, test_name = self_val.id().rsplit(".", 2)
                if cls_name == type(self_val).__name__ and test_name.startswith("test"):
                    return getattr(self_val, test_name).__func__
            except Exception:
                return None
        frame = frame.f_back
    return None


def case_label(op):
    return f"{op.name}.{op.variant_test_name}" if op.variant_test_name else op.name


def _declared(op, dtype):
    out = {}
    for device_type in DECLARED_ON:
        try:
            out[device_type] = dtype in op.supported_dtypes(device_type)
        except Exception:
            pass
    return out


def _xfail(op, dtype):
    return [d for d in DECLARED_ON if decorations(op, d, dtype).xfail]


def cases(op_db=None, dtypes=DTYPES):
    """One ``CaseSpec`` per OpInfo × dtype, in op_db order."""
    op_db = load_op_db() if op_db is None else op_db
    out, seen = [], set()
    for op in op_db:
        label = case_label(op)
        while label in seen:  # op_db has no duplicates today; stay unique if it gains one
            label += "_"
        seen.add(label)
        function, how = public_name(op)
        fn = functools.partial(run_case, op)
        fn.__name__ = label
        for name in dtypes:
            dtype = getattr(torch, name)
            params = {"op": op.name, "variant": op.variant_test_name, "dtype": name,
                      vocabulary.declaration_key("declared"): _declared(op, dtype), vocabulary.declaration_key("xfail"): _xfail(op, dtype), "mapped": how}
            out.append(CaseSpec(f"{label}[dtype={name}]", fn, params, function))
    return out


def sample_limit(bench):
    text = os.environ.get("PORTABENCH_OPINFO_SAMPLES", "").strip()
    if text:
        return int(text)
    return COMPILED_SAMPLES if bench.compiled else None


def _copy_keep_layout(t, dtype):
    """A CPU copy of ``t`` (cast to ``dtype``) with the same sizes, strides and storage
    offset over a copy of its whole storage: view ops (``as_strided``) read the
    storage, not just the elements."""
    n = t.untyped_storage().nbytes() // t.element_size()
    whole = t.new_empty(0).set_(t.untyped_storage(), 0, (n,), (1,))
    base = whole.to("cpu", copy=True).to(dtype)
    return base.as_strided(t.size(), t.stride(), t.storage_offset())


def _to_cpu(dtype_map):
    def convert(t):
        if isinstance(t, torch.dtype):
            return t
        t = t.detach()
        dtype = dtype_map.get(t.dtype, t.dtype)
        if t.layout == torch.strided and not (t.is_conj() or t.is_neg() or t.is_quantized):
            try:
                return _copy_keep_layout(t, dtype)
            except Exception:
                pass
        return t.to("cpu", copy=True).to(dtype)

    return convert


def cpu_copy(sample, dtype_map=None):
    """The sample on CPU, its tensors copied (and cast per ``dtype_map``), a ``device``
    keyword pointed at CPU (factory ops)."""
    copy = sample.transform(_to_cpu(dtype_map or {}))
    if "device" in copy.kwargs:
        copy.kwargs["device"] = "cpu"
    return copy


def _call(fn, sample):
    return fn(sample.input, *sample.args, **sample.kwargs)


def _reference(op, sample):
    # The reference runs on the CPU: seed its generator alone. torch.manual_seed would
    # also queue a lazy seeding of every accelerator backend, each with a formatted stack
    # trace, on every call in a build whose CUDA is not initialised.
    torch.default_generator.manual_seed(0)
    return sample.output_process_fn_grad(_call(op.op, sample))


class _Check:
    """Compare one sample's output with the CPU references (see the module docstring)."""

    def __init__(self, op, sample, dtype, tolerance):
        self.op = op
        self.same = cpu_copy(sample)
        self.fresh = cpu_copy(sample)  # a second copy: in-place ops consume the first
        self.upcast = cpu_copy(sample, {dtype: UPCAST[dtype]}) if dtype in UPCAST else None
        self.tolerance = tolerance

    def __call__(self, output, index):
        what = f"sample {index}"
        errors = []
        if self.upcast is not None:
            try:
                compare(output, _reference(self.op, self.upcast), extra=self.tolerance, what=what + " vs float64 CPU")
                return
            except Mismatch as exc:
                errors.append(exc)
            except Exception:
                pass  # the op cannot run upcast: only the same-dtype reference counts
        same = _reference(self.op, self.same)
        try:
            compare(output, same, extra=self.tolerance, floor=COMPARE_CPU_TOL, what=what + " vs CPU")
            return
        except Mismatch as exc:
            errors.insert(0, exc)
        try:
            compare(_reference(self.op, self.fresh), same, what=what + " CPU vs CPU")
        except Mismatch:
            return  # CPU disagrees with itself: nondeterministic output, not comparable
        raise Mismatch("\n".join(str(e) for e in errors))


def _expectation(op, device_type, dtype, decor):
    name = str(dtype).removeprefix("torch.")
    if decor.xfail:
        return f"OpInfo marks {decor.xfail} an expected failure for {op.name} at {name} on {device_type}"
    try:
        declared = dtype in op.supported_dtypes(device_type)
    except Exception:
        return None
    return None if declared else f"OpInfo does not declare {name} for {op.name} on {device_type}"


def run_case(opinfo, bench, device, dtype, **_params):
    """Run one OpInfo × dtype case (see the module docstring); ``opinfo`` is bound
    when the case is made, the rest are the case's arguments."""
    from portabench.cases import Skip

    op = opinfo
    torch_dtype = getattr(torch, dtype)
    device_type = torch.device(device).type
    decor = decorations(op, device_type, torch_dtype, compiled=bench.compiled)
    if decor.skip:
        raise Skip(decor.skip)
    try:
        _run_samples(op, bench, device, torch_dtype, decor)
    except Exception as exc:
        why = _expectation(op, device_type, torch_dtype, decor)
        if why:
            exc.add_note(f"portabench: expected failure: {why}")
        raise


def _tensors(sample):
    from torch.utils._pytree import tree_flatten

    leaves, _ = tree_flatten((sample.input, sample.args, sample.kwargs))
    return [t for t in leaves if isinstance(t, torch.Tensor)]


def _nonempty(sample):
    return all(t.numel() > 0 for t in _tensors(sample))


def pick_samples(samples, limit):
    """``(samples to run, index of the one to time)``: all of them (or the first
    ``limit``, preferring samples without empty tensors, which OpInfo lists first for
    many ops and which exercise little), timing the first non-empty one."""
    samples = list(samples)
    if limit is not None and len(samples) > limit:
        full = [s for s in samples if _nonempty(s)]
        samples = (full + [s for s in samples if not _nonempty(s)])[:limit]
    timed = next((i for i, s in enumerate(samples) if _nonempty(s)), 0)
    return samples, timed


def _run_samples(op, bench, device, dtype, decor):
    from portabench.cases import Skip

    samples, timed = pick_samples(op.sample_inputs(device, dtype, requires_grad=False), sample_limit(bench))
    if not samples:
        raise Skip(f"OpInfo has no sample inputs for {op.name} at {dtype}")
    # On the CPU in eager mode the output is itself the same-dtype CPU reference, which
    # always matches: whatever the upcast comparison says, the case passes when the op
    # runs. So nothing is copied or recomputed there (the outcome is the same).
    compare_here = not decor.no_compare and (torch.device(device).type != "cpu" or bench.compiled)
    for index, sample in enumerate(samples):
        check = _Check(op, sample, dtype, decor.tolerance.get(dtype)) if compare_here else None
        if index == timed:
            output = bench.measure(_opcall(op.op), sample.input, *sample.args, **sample.kwargs)
        else:
            if bench.compiled:
                torch._dynamo.reset()  # each sample compiles afresh, under the recompile limit
            call = _opcall(op.op)
            target = bench.compile(functools.partial(call, **sample.kwargs) if sample.kwargs else call)
            output = target(sample.input, *sample.args)
        if check is not None:
            check(sample.output_process_fn_grad(output), index)


def _opcall(fn):
    """A fresh function per sample that calls the op: what is timed and compiled."""

    def call(inp, *args, **kwargs):
        return fn(inp, *args, **kwargs)

    return call
