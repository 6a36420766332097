"""The ``torch-modules`` suite, part 1: PyTorch's ``module_db`` (``ModuleInfo``s of
``torch.testing._internal.common_modules``) and ``optim_db`` (``OptimizerInfo``s of
``common_optimizers``), the nn modules and optimizers users build, with the databases' own
constructor and forward inputs. Part 2, the tensor-creation functions OpInfo lacks, is
``torch_creation.py``.

One case per entry × sample × dtype, named ``<entry>[sample=<i>,dtype=<dtype>]``
(``nn.Linear[sample=0,dtype=float32]``, ``optim.SGD[sample=2,dtype=float64]``): at most
``SAMPLES`` samples per entry, in the database's order (the count is taken on the CPU
when the suite is collected; a device with fewer samples skips the rest). Each case names
its public function: ``torch.nn.Linear``, ``torch.optim.SGD``.

A module case builds the module as PyTorch's ``TestModule.test_forward`` does (the
sample's constructor arguments, then ``.to(device).to(dtype)``, seeded), in training mode,
and times its forward through ``bench.measure`` (so compiled in compiled mode). Where the
output is floating and needs a gradient (the database made its inputs with
``requires_grad``), ``sum()`` of each output is back-propagated. Where the target is not
the CPU or the mode is compiled, a copy of the module made before the forward (same
weights, buffers) is run on the CPU, eagerly, on CPU copies of the inputs, and outputs,
input gradients and parameter gradients are compared, passing when close to either of two
references as in the opinfo suite: the module and inputs upcast to float64 (for float16,
bfloat16, float32; torch.testing's tolerance for the dtype: a compiled bfloat16 sum
accumulated in float32 is more accurate than CPU eager's, not wrong) or the same dtype
(``torch_compare.compare``, at least
PyTorch's ``test_compare_cpu`` allowance of (1e-3, 1e-3), loosened by the ModuleInfo's
tolerance overrides); a CPU that disagrees with itself (random modules) is not compared,
nor a sample the CPU cannot run at that dtype (said in a note on the case's output).

An optimizer case makes a tiny parameter set (a 4×3 weight and a 1×3 bias — 2-D, as Muon requires — under a squared
loss; an ``nn.Embedding(sparse=True)`` weight for sparse-only optimizers) on the target,
runs ``STEPS`` steps of the sample's optimizer (``zero_grad``, backward, ``step``; through
the mode's compiler), compares the parameters with the same steps on the CPU (the
sample's keyword arguments without ``capturable``, which the CPU does not take), then
times ``step`` through ``bench.measure``.

Params: ``op`` (the database name: ``nn.Linear``, ``optim.SGD``; what PORTABENCH_OPS
matches, besides the public name), ``sample``, ``desc`` (the sample's description),
``dtype``, and the declaration keys (vocabulary.json) as the opinfo suite writes them:
``declared`` — for modules, ``{"cpu", "cuda", "mps"} → bool`` from
``ModuleInfo.supported_dtypes(device_type)`` (optimizers declare no dtypes: absent);
``xfail`` — the device types on which the entry's ``DecorateInfo``s mark our kind of test
an expected failure (``opinfo_decorations``, with the targets ``MODULE_TESTS`` /
``OPTIM_TESTS`` below). Skips aimed at those tests become portabench skips with the
database's reason.
"""
import copy
import functools

import torch
from torch.utils._pytree import tree_flatten, tree_map, tree_unflatten

from .. import vocabulary
from .opinfo_decorations import decorations
from .spec import CaseSpec
from .torch_compare import COMPARE_CPU_TOL, Mismatch, compare

SAMPLES = 3
STEPS = 3
DECLARED_ON = ("cpu", "cuda", "mps")
MODULE_DTYPES = ("float32", "float64", "float16", "bfloat16")
OPTIM_DTYPES = ("float32", "float64")
UPCAST = (torch.float16, torch.bfloat16, torch.float32)
# (class, test) targets of DecorateInfo that speak for a case; None matches any test of the class
MODULE_TESTS = {("TestModule", None), ("TestModule", "test_forward"), ("TestModule", "test_cpu_gpu_parity"),
                ("TestModuleMPS", "test_forward")}
MODULE_COMPILED = {("TestEagerFusionModuleInfo", "test_aot_autograd_module_exhaustive")}
MODULE_COMPARE = "test_cpu_gpu_parity"
OPTIM_TESTS = {("TestOptimRenewed", None), ("TestOptimRenewed", "test_forloop_goes_right_direction")}
OPTIM_COMPILED = {("CompiledOptimizerParityTests", "test_correctness")}


def load_dbs():
    """``(module_db, optim_db)``. Importing them imports ``common_utils`` (global flags,
    as for op_db): only ever inside the worker of this suite. Needs ``expecttest``."""
    from torch.testing._internal.common_modules import module_db
    from torch.testing._internal.common_optimizers import optim_db

    return module_db, optim_db


def _aims_in(tests, compiled_tests):
    def aims(info, compiled):
        cls, test = info.cls_name, info.test_name
        if cls is None and test is None:
            return "all tests"
        for c, t in tests | (compiled_tests if compiled else set()):
            if cls == c and (test == t or test is None):
                return f"{cls}.{test}" if test else cls
        return None

    return aims


MODULE_AIMS = _aims_in(MODULE_TESTS, MODULE_COMPILED)
OPTIM_AIMS = _aims_in(OPTIM_TESTS, OPTIM_COMPILED)


def _module_decor(info, device_type, dtype, compiled=False):
    return decorations(info, device_type, dtype, compiled, aims=MODULE_AIMS, owner="ModuleInfo", compare_test=MODULE_COMPARE)


def _optim_decor(info, device_type, dtype, compiled=False):
    return decorations(info, device_type, dtype, compiled, aims=OPTIM_AIMS, owner="OptimizerInfo", compare_test="-")


def _module_declared(info, dtype):
    out = {}
    for device_type in DECLARED_ON:
        try:
            out[device_type] = dtype in info.supported_dtypes(device_type)
        except Exception:
            pass
    return out


def _module_samples(info, device, dtype):
    return info.module_inputs_func(info, device=device, dtype=dtype, requires_grad=_floating(dtype), training=True)


def _floating(dtype):
    return dtype.is_floating_point or dtype.is_complex


def _specs(label, function, fn, count, descs, dtypes, declared, xfail):
    out = []
    for name in dtypes:
        dtype = getattr(torch, name)
        for i in range(count):
            params = {"op": label, "sample": i, "desc": descs[i], "dtype": name,
                      vocabulary.declaration_key("xfail"): xfail(dtype)}
            decl = declared(dtype)
            if decl is not None:
                params[vocabulary.declaration_key("declared")] = decl
            out.append(CaseSpec(f"{label}[sample={i},dtype={name}]", fn, params, function))
    return out


def module_cases(module_db, dtypes=MODULE_DTYPES):
    out = []
    for info in module_db:
        try:
            samples = _module_samples(info, "cpu", torch.float32)[:SAMPLES]
        except Exception:
            samples = []
        descs = [s.desc or "" for s in samples] or [""]
        fn = functools.partial(run_module_case, info)
        fn.__name__ = info.name
        xfail = lambda dt, info=info: [d for d in DECLARED_ON if _module_decor(info, d, dt).xfail]  # noqa: E731
        out += _specs(info.name, f"torch.{info.name}", fn, max(1, len(samples)), descs, dtypes,
                      lambda dt, info=info: _module_declared(info, dt), xfail)
    return out


def optim_cases(optim_db, dtypes=OPTIM_DTYPES):
    out = []
    for info in optim_db:
        samples = info.optim_inputs_func(device="cpu")[:SAMPLES]
        label = f"optim.{info.name}"
        fn = functools.partial(run_optim_case, info)
        fn.__name__ = label
        xfail = lambda dt, info=info: [d for d in DECLARED_ON if _optim_decor(info, d, dt).xfail]  # noqa: E731
        out += _specs(label, f"torch.{label}", fn, len(samples), [s.desc or "" for s in samples], dtypes,
                      lambda dt: None, xfail)
    return out


def cases(dbs=None):
    """Every module case, then every optimizer case, in database order."""
    module_db, optim_db = load_dbs() if dbs is None else dbs
    return module_cases(module_db) + optim_cases(optim_db)


# -- running a case --------------------------------------------------------------------

def _guarded(decor_of, info, bench, device, dtype, body, what):
    """Apply the entry's skips; a failure the database expects says so in a note."""
    from portabench.cases import Skip

    torch_dtype = getattr(torch, dtype)
    device_type = torch.device(device).type
    decor = decor_of(info, device_type, torch_dtype, bench.compiled)
    if decor.skip:
        raise Skip(decor.skip)
    try:
        body(decor)
    except Exception as exc:
        why = None
        if decor.xfail:
            why = f"{what} marks {decor.xfail} an expected failure for {info.name} at {dtype} on {device_type}"
        elif decor_of is _module_decor and _module_declared(info, torch_dtype).get(device_type) is False:
            why = f"ModuleInfo does not declare {dtype} for {info.name} on {device_type}"
        if why:
            exc.add_note(f"portabench: expected failure: {why}")
        raise


def _to_cpu(x):
    if isinstance(x, torch.Tensor):
        t = x.detach().to("cpu", copy=True)
        return t.requires_grad_(x.requires_grad) if x.requires_grad else t
    return x


def _positional(fn, args, kwargs):
    """``(call, tensors)``: ``call(*tensors)`` is ``fn(*args, **kwargs)`` with the tensors
    of ``args``/``kwargs`` passed positionally (so a compiler traces them, not captures)."""
    leaves, spec = tree_flatten((args, kwargs))
    where = [i for i, leaf in enumerate(leaves) if isinstance(leaf, torch.Tensor)]

    def call(*tensors):
        filled = list(leaves)
        for i, t in zip(where, tensors):
            filled[i] = t
        a, k = tree_unflatten(filled, spec)
        return fn(*a, **k)

    return call, [leaves[i] for i in where]


def _backward(output, module, inputs):
    """Back-propagate ``sum()`` of every output needing a gradient; the gradients of the
    inputs and parameters (None where there is none), or None when nothing needs one."""
    outs = [t for t in tree_flatten(output)[0] if isinstance(t, torch.Tensor) and t.requires_grad and t.is_floating_point()]
    if not outs:
        return None
    torch.autograd.backward([t.sum() for t in outs])
    return [t.grad for t in inputs] + [p.grad for p in module.parameters()]


def run_module_case(info, bench, device, dtype, sample, **_params):
    """Run one ModuleInfo × sample × dtype case (see the module docstring)."""
    _guarded(_module_decor, info, bench, device, dtype,
             lambda decor: _run_module(info, bench, device, getattr(torch, dtype), sample, decor), "ModuleInfo")


def _run_module(info, bench, device, dtype, index, decor):
    from portabench.cases import Skip

    torch.default_generator.manual_seed(0)
    samples = _module_samples(info, device, dtype)
    if index >= len(samples):
        raise Skip(f"ModuleInfo has {len(samples)} samples for {info.name} at {dtype} on {device}")
    mi = samples[index]
    torch.default_generator.manual_seed(0)
    module = info.module_cls(*mi.constructor_input.args, **mi.constructor_input.kwargs)
    module.to(device).to(dtype)
    module.train(True)
    compare_here = not decor.no_compare and (torch.device(device).type != "cpu" or bench.compiled)
    pristine = copy.deepcopy(module).to("cpu") if compare_here else None
    call, tensors = _positional(module, mi.forward_input.args, mi.forward_input.kwargs)
    output = bench.measure(call, *tensors)
    grads = _backward(output, module, tensors)
    if compare_here:
        _compare_module(pristine, mi, output, grads, dtype, decor.tolerance.get(dtype))


def _cpu_run(pristine, mi, upcast=None):
    """The CPU reference: a copy of the module before its forward on CPU copies of the
    inputs; ``upcast`` (float64): module and floating inputs cast to it first."""
    module = copy.deepcopy(pristine)
    args, kwargs = tree_map(_to_cpu, (mi.forward_input.args, mi.forward_input.kwargs))
    if upcast is not None:
        module.to(upcast)
        args, kwargs = tree_map(lambda t: _upcast(t, upcast), (args, kwargs))
    call, tensors = _positional(module, args, kwargs)
    torch.default_generator.manual_seed(0)
    output = call(*tensors)
    return output, _backward(output, module, tensors)


def _upcast(t, dtype):
    if isinstance(t, torch.Tensor) and t.is_floating_point():
        return t.detach().to(dtype).requires_grad_(t.requires_grad)
    return t


def _close_to_upcast(pristine, mi, output, grads, dtype, tolerance):
    """Whether the outputs (and gradients) match the float64 CPU reference: the accurate
    answer, where the same-dtype CPU may be the less accurate one (bfloat16 sums)."""
    if dtype not in UPCAST:
        return False
    try:
        ref, ref_grads = _cpu_run(pristine, mi, torch.float64)
        compare(output, ref, extra=tolerance, what="forward vs float64 CPU")
        if grads is not None and ref_grads is not None:
            compare(grads, ref_grads, extra=tolerance, what="gradients vs float64 CPU")
        return True
    except Exception:  # noqa: BLE001 - not close, or the module cannot run upcast: the same-dtype reference decides
        return False


def _compare_module(pristine, mi, output, grads, dtype, tolerance):
    if _close_to_upcast(pristine, mi, output, grads, dtype, tolerance):
        return
    try:
        ref, ref_grads = _cpu_run(pristine, mi)
    except Exception as exc:  # noqa: BLE001 - the CPU cannot run it: nothing to compare with
        print(f"portabench: not compared: the CPU reference failed ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})")
        return
    try:
        compare(output, ref, extra=tolerance, floor=COMPARE_CPU_TOL, what="forward vs CPU")
        if grads is not None and ref_grads is not None:
            compare(grads, ref_grads, extra=tolerance, floor=COMPARE_CPU_TOL, what="gradients vs CPU")
    except Mismatch:
        again, again_grads = _cpu_run(pristine, mi)
        try:
            compare(again, ref, what="forward CPU vs CPU")
            compare(again_grads, ref_grads, what="gradients CPU vs CPU")
        except Mismatch:
            return  # CPU disagrees with itself: a random module, not comparable
        raise


def run_optim_case(info, bench, device, dtype, sample, **_params):
    """Run one OptimizerInfo × sample × dtype case (see the module docstring)."""
    _guarded(_optim_decor, info, bench, device, dtype,
             lambda decor: _run_optim(info, bench, device, getattr(torch, dtype), sample, decor), "OptimizerInfo")


def _problem(info, device, dtype, kwargs):
    """Parameters, optimizer and closure on ``device``, from seeded CPU tensors."""
    torch.default_generator.manual_seed(0)
    if info.only_supports_sparse_grads:
        emb = torch.nn.Embedding(6, 3, sparse=True).to(device=device, dtype=dtype)
        params, idx = list(emb.parameters()), torch.tensor([0, 2, 5], device=device)
        loss = lambda: emb(idx).pow(2).sum()  # noqa: E731
    else:
        w, b, x = torch.randn(4, 3, dtype=dtype), torch.randn(1, 3, dtype=dtype), torch.randn(2, 4, dtype=dtype)
        params = [w.to(device).requires_grad_(), b.to(device).requires_grad_()]
        x = x.to(device)
        loss = lambda: (x @ params[0] + params[1]).pow(2).sum()  # noqa: E731
    kwargs = tree_map(lambda v: v.to(device) if isinstance(v, torch.Tensor) else v, kwargs)
    opt = info.optim_cls(params, **kwargs)

    def closure():
        opt.zero_grad()
        out = loss()
        out.backward()
        return out

    return params, opt, closure


def _steps(info, opt, closure, step):
    for _ in range(STEPS):
        if info.step_requires_closure:
            step(closure)
        else:
            closure()
            step()


def _run_optim(info, bench, device, dtype, index, decor):
    from portabench.cases import Skip

    samples = info.optim_inputs_func(device=device, dtype=dtype)
    if index >= len(samples):
        raise Skip(f"OptimizerInfo has {len(samples)} samples for {info.name} on {device}")
    kwargs = samples[index].kwargs
    params, opt, closure = _problem(info, device, dtype, kwargs)
    _steps(info, opt, closure, bench.compile(opt.step))
    after = [p.detach().clone() for p in params]
    if not info.step_requires_closure:
        closure()
    bench.measure(opt.step, *((closure,) if info.step_requires_closure else ()))
    if not decor.no_compare and (torch.device(device).type != "cpu" or bench.compiled):
        cpu_kwargs = {k: _to_cpu(v) for k, v in kwargs.items() if k != "capturable"}
        ref_params, ref_opt, ref_closure = _problem(info, "cpu", dtype, cpu_kwargs)
        _steps(info, ref_opt, ref_closure, ref_opt.step)
        compare(after, [p.detach() for p in ref_params], extra=decor.tolerance.get(dtype), floor=COMPARE_CPU_TOL,
                what=f"parameters after {STEPS} steps vs CPU")
