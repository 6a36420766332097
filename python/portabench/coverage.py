"""Static coverage: what a framework build says it can run on a device, read from its
own registries without running anything on the device.

    python -m portabench.coverage --framework pytorch --device cuda --out FILE

writes one JSON document:

    {"framework", "version", "device", "source", "build", "speaks_for": bool,
     "reason": why not (when it cannot speak for the device),
     "entries": [{"function", "case", "registered": bool, "detail"}]}

Sources:
- PyTorch, ``dispatcher``: every registered ATen operator overload, and whether the
  dispatcher has a kernel for the device's dispatch key (or a backend-agnostic
  composite kernel). A build can only speak for the backends it was built with: a
  CPU-only wheel has no CUDA kernels registered at all, so for ``cuda`` it says so.
- PyTorch, ``native-functions``: the build's own ``native_functions.yaml`` (shipped in
  every wheel, read with torchgen's parser): the kernels declared per dispatch key, so a
  CPU-only wheel speaks for CUDA, MPS, … too. A backend whose kernels are mostly
  registered out of tree (XPU before 2.14, MTIA) is said not to be spoken for.
- PyTorch, ``opinfo-declarations``: what PyTorch's own test database declares per
  device type (``OpInfo.supported_dtypes(device_type)``), read as data; usable for a
  device the build was not made for. Needs ``expecttest``.
- PyTorch, ``op-dtypes``: the two joined, op × dtype: covered where the yaml has a kernel
  for the OpInfo's ATen operator on the device and OpInfo declares the dtype there.
- TensorFlow, ``kernels``: ``get_registered_kernels_for_op`` for every op in
  ``tf.raw_ops``, per device type and dtype constraint.
"""
import argparse
import json
import sys

from . import vocabulary

DTYPES = list(vocabulary.dtype_names())


# -- PyTorch -------------------------------------------------------------------

# the dispatch key of each device PyTorch has one for (the vocabulary's), and ``meta``
# (shapes only, no hardware: not a device kind of the vocabulary)
TORCH_KEYS = {**vocabulary.framework_device_names("pytorch_dispatch_key"), "meta": "Meta"}
# Dispatch keys whose kernel serves every backend (a decomposition into other ops, or a
# backend-agnostic implementation): an op with one of these runs wherever its parts do.
COMPOSITE_KEYS = ("CompositeImplicitAutograd", "CompositeExplicitAutograd", "CompositeExplicitAutogradNonFunctional")
TORCH_NAMESPACES = ("", "nn.functional.", "linalg.", "special.", "fft.")


def torch_public_name(torch, packet):
    """A public qualified name for an ATen operator name (its overload packet): the
    first namespace that has it, the Tensor method, or ``torch.ops.aten.<name>``."""
    if packet.startswith("_"):
        return f"torch.ops.aten.{packet}"
    for prefix, ns in (("linalg_", "linalg."), ("special_", "special."), ("fft_", "fft.")):
        if packet.startswith(prefix):
            mod = getattr(torch, ns[:-1])
            if hasattr(mod, packet[len(prefix):]):
                return f"torch.{ns}{packet[len(prefix):]}"
    for ns in TORCH_NAMESPACES:
        obj = torch
        for part in ns.strip(".").split(".") if ns else []:
            obj = getattr(obj, part, None)
        if obj is not None and hasattr(obj, packet):
            return f"torch.{ns}{packet}"
    if hasattr(torch.Tensor, packet):
        return f"torch.Tensor.{packet}"
    return f"torch.ops.aten.{packet}"


def torch_built_for(torch, device):
    """(True, None) when this build has the device's backend, else (False, why)."""
    if device == "cpu" or device == "meta":
        return True, None
    if device == "cuda":
        ok = torch.backends.cuda.is_built()
        return ok, None if ok else f"this torch build ({torch.__version__}) was not built with CUDA: it registers no CUDA kernels, so it cannot say which ops a CUDA device lacks"
    if device == "mps":
        ok = torch.backends.mps.is_built()
        return ok, None if ok else f"this torch build ({torch.__version__}) was not built with MPS"
    if device == "xla":
        try:
            import torch_xla  # noqa: F401
            return True, None
        except ImportError:
            return False, "torch_xla is not installed in this interpreter: its lowerings are not registered"
    return False, f"no dispatch key known for device {device!r}"


def torch_dispatcher(device):
    import torch

    key = TORCH_KEYS.get(device)
    built, why = torch_built_for(torch, device)
    doc = {"framework": "pytorch", "version": torch.__version__, "device": device, "source": "dispatcher",
           "build": {"cuda": torch.version.cuda, "debug": torch.version.debug, "git": getattr(torch.version, "git_version", None)},
           "speaks_for": bool(built and key), "reason": why, "entries": []}
    if not doc["speaks_for"]:
        return doc
    has = torch._C._dispatch_has_kernel_for_dispatch_key
    for op in sorted(torch._C._dispatch_get_all_op_names()):
        if not op.startswith("aten::"):
            continue
        name = op[len("aten::"):]
        packet = name.split(".", 1)[0]
        if has(op, key):
            detail = f"{key} kernel"
        else:
            detail = next((f"{c} kernel (backend-agnostic)" for c in COMPOSITE_KEYS if has(op, c)), None)
        doc["entries"].append({
            "function": torch_public_name(torch, packet), "case": op, "registered": detail is not None,
            "detail": detail or f"no {key} kernel registered for {op} in torch {torch.__version__}",
        })
    return doc


# A backend with fewer in-tree kernels than this share of the CPU's registers the rest out of
# tree (XPU's torch-xpu-ops before 2.14, MTIA): the yaml cannot speak for it.
IN_TREE_SHARE = 0.25


def native_functions_yaml():
    """The build's own native_functions.yaml and tags.yaml (torchgen/packaged/ATen/native)."""
    import os

    import torchgen

    base = os.path.join(os.path.dirname(torchgen.__file__), "packaged", "ATen", "native")
    return os.path.join(base, "native_functions.yaml"), os.path.join(base, "tags.yaml")


class NativeKernels:
    """The kernels the build's own ``native_functions.yaml`` (shipped with every wheel,
    CPU-only ones included) registers for a device's dispatch key: one for the key, one
    reached through a structured op's ``out=`` variant, or a composite kernel that serves
    every backend. ``speaks`` is false, with ``reason``, where the yaml cannot say what the
    device lacks (no key, or a backend registered mostly out of tree)."""

    def __init__(self, device):
        import torch
        from torchgen.gen import parse_native_yaml
        from torchgen.model import DispatchKey

        self.version = torch.__version__
        self.yaml, tags_path = native_functions_yaml()
        parsed = parse_native_yaml(self.yaml, tags_path)
        self.key_name = TORCH_KEYS.get(device)
        key = getattr(DispatchKey, self.key_name, None) if self.key_name else None
        self.index = parsed.backend_indices.get(key) if key is not None else None
        self.functions = {str(f.func.name): f for f in parsed.native_functions}
        cpu = parsed.backend_indices[DispatchKey.CPU]
        self.counts = {"device": sum(1 for f in self.functions.values() if self.index is not None and self.index.has_kernel(f)),
                       "cpu": sum(1 for f in self.functions.values() if cpu.has_kernel(f))}
        self.speaks, self.reason = True, None
        if self.index is None:
            self.speaks, self.reason = False, f"native_functions.yaml of torch {self.version} registers no kernels for {device} ({self.key_name or 'no dispatch key'})"
        elif device != "cpu" and self.counts["device"] < IN_TREE_SHARE * self.counts["cpu"]:
            self.speaks, self.reason = False, (
                f"native_functions.yaml of torch {self.version} registers only {self.counts['device']} {self.key_name} kernels (the CPU has {self.counts['cpu']}): "
                f"{device}'s kernels are registered out of tree, so the yaml cannot say which ops it lacks")
        self.composites = [parsed.backend_indices[getattr(DispatchKey, k)] for k in COMPOSITE_KEYS]
        self.overloads = {}  # base name (``add``) -> its overload names (``add.Tensor``, …)
        for name in self.functions:
            self.overloads.setdefault(name.split(".", 1)[0], []).append(name)

    def kernel_of(self, name):
        """What serves overload ``name`` (``add.Tensor``) on the device, or None."""
        f = self.functions[name]
        if self.index.has_kernel(f):
            return f"{self.key_name} kernel"
        delegate = self.functions.get(str(f.structured_delegate)) if f.structured_delegate is not None else None
        if delegate is not None and self.index.has_kernel(delegate):
            return f"{self.key_name} kernel of structured {delegate.func.name}"
        for key, ix in zip(COMPOSITE_KEYS, self.composites):
            if ix.has_kernel(f):
                return f"{key} kernel (backend-agnostic: runs where the ops it is made of do)"
        return None


def torch_native_functions(device):
    """What PyTorch's own operator declarations (``native_functions.yaml``) register per
    dispatch key (see NativeKernels). Read for devices this build was not made for."""
    import torch

    nk = NativeKernels(device)
    doc = {"framework": "pytorch", "version": torch.__version__, "device": device, "source": "native-functions",
           "build": {"yaml": nk.yaml, "cuda": torch.version.cuda, "git": getattr(torch.version, "git_version", None), "kernels": nk.counts},
           "speaks_for": nk.speaks, "reason": nk.reason, "entries": []}
    if not nk.speaks:
        return doc
    for name in sorted(nk.functions):
        detail = nk.kernel_of(name)
        doc["entries"].append({
            "function": torch_public_name(torch, name.split(".", 1)[0]), "case": f"aten::{name}", "registered": detail is not None,
            "detail": detail or f"native_functions.yaml of torch {torch.__version__} registers no {nk.key_name} kernel for aten::{name}",
        })
    return doc


def opinfo_dtypes(op, device):
    """The dtypes (vocabulary names) an OpInfo declares for a device type."""
    return {str(d).replace("torch.", "") for d in op.supported_dtypes(device)}


def opinfo_function(torch, op):
    """The public function an OpInfo tests (``torch.nn.functional.conv2d``)."""
    return public_callable_name(torch, getattr(op, "op", None)) or torch_public_name(torch, op.name.replace(".", "_"))


def opinfo_label(op):
    return op.name + (f".{op.variant_test_name}" if op.variant_test_name else "")


def torch_declarations(device):
    import torch
    from torch.testing._internal.common_methods_invocations import op_db

    doc = {"framework": "pytorch", "version": torch.__version__, "device": device, "source": "opinfo-declarations",
           "build": {"op_db": len(op_db)}, "speaks_for": True, "reason": None, "entries": []}
    for op in op_db:
        try:
            declared = opinfo_dtypes(op, device)
            # What a device lacks: the dtypes the op is declared for on the CPU (the reference) or here.
            relevant = declared | opinfo_dtypes(op, "cpu")
        except Exception as exc:  # an OpInfo that cannot answer for this device type
            declared, relevant, failed = set(), set(DTYPES), f"{type(exc).__name__}: {exc}"
        else:
            failed = None
        qual, label = opinfo_function(torch, op), opinfo_label(op)
        for dt in DTYPES:
            if dt not in relevant:
                continue
            ok = dt in declared
            doc["entries"].append({
                "function": qual, "case": f"{label}[dtype={dt}]", "registered": ok,
                "detail": f"declared for {device} by OpInfo {label}" if ok else (failed or f"OpInfo {label} declares {dt} for cpu but not for {device}"),
            })
    return doc


def torch_op_dtypes(device):
    """OpInfo's per-device dtype declarations joined with the yaml's kernels (op × dtype):
    a pair is covered where the op's ATen operator has a kernel for the device (some
    overload of ``OpInfo.aten_name``, see NativeKernels) and OpInfo declares the dtype for
    the device. An OpInfo whose name is no ATen operator (a Python composite) rests on its
    declaration alone, and says so. ``build.join`` counts where the two disagree: dtypes
    declared for the device on an operator the yaml has no kernel for."""
    import torch
    from torch.testing._internal.common_methods_invocations import op_db

    nk = NativeKernels(device)
    doc = {"framework": "pytorch", "version": torch.__version__, "device": device, "source": "op-dtypes",
           "build": {"yaml": nk.yaml, "op_db": len(op_db), "cuda": torch.version.cuda, "kernels": nk.counts},
           "speaks_for": nk.speaks, "reason": nk.reason, "entries": []}
    if not nk.speaks:
        return doc
    join = {"opinfos": len(op_db), "aten_operator": 0, "no_kernel": 0, "declared_without_kernel": 0}
    for op in op_db:
        try:
            declared = opinfo_dtypes(op, device)
            relevant = declared | opinfo_dtypes(op, "cpu")
        except Exception as exc:
            declared, relevant, failed = set(), set(DTYPES), f"{type(exc).__name__}: {exc}"
        else:
            failed = None
        aten = str(getattr(op, "aten_name", None) or op.name)
        names = nk.overloads.get(aten, [])
        kernels = [(n, k) for n in sorted(names) for k in [nk.kernel_of(n)] if k]
        kernels.sort(key=lambda nk_: "backend-agnostic" in nk_[1])  # the device's own kernel named first
        if names:
            join["aten_operator"] += 1
            if not kernels:
                join["no_kernel"] += 1
                if declared:
                    join["declared_without_kernel"] += 1
        qual, label = opinfo_function(torch, op), opinfo_label(op)
        for dt in DTYPES:
            if dt not in relevant:
                continue
            said = f"OpInfo {label} declares {dt} for {device}" if dt in declared else (failed or f"OpInfo {label} declares {dt} for cpu but not for {device}")
            if not names:
                ok, detail = dt in declared, f"{said} (aten::{aten} is not in native_functions.yaml: the declaration alone)"
            elif not kernels:
                ok, detail = False, f"native_functions.yaml of torch {nk.version} registers no {nk.key_name} kernel for any overload of aten::{aten}; {said}"
            else:
                ok, detail = dt in declared, f"{said}; aten::{kernels[0][0]}: {kernels[0][1]}"
            doc["entries"].append({"function": qual, "case": f"{label}[dtype={dt}]", "registered": ok, "detail": detail})
    doc["build"]["join"] = join
    return doc


def public_callable_name(torch, fn):
    """``torch.nn.functional.conv2d`` for the function object, when it is reachable under that name."""
    mod = getattr(fn, "__module__", None) or ""
    name = getattr(fn, "__name__", None)
    if not name or name == "<lambda>":
        return None
    mod = {"torch._C._nn": "torch.nn.functional", "torch._C._linalg": "torch.linalg", "torch._C._special": "torch.special",
           "torch._C._fft": "torch.fft", "torch._C._VariableFunctions": "torch", "torch.functional": "torch"}.get(mod, mod)
    if mod.startswith("torch._refs") or mod.startswith("torch.testing"):
        return None
    obj = sys.modules.get(mod)
    if obj is not None and getattr(obj, name, None) is not None:
        return f"{mod}.{name}"
    return None


# -- TensorFlow ----------------------------------------------------------------

# TensorFlow's device type of each device (the vocabulary's); CPU kernels may also be registered as DEFAULT
TF_DEVICES = {d: ((kind, "DEFAULT") if kind == "CPU" else (kind,)) for d, kind in vocabulary.framework_device_names("tensorflow").items()}


def tf_kernels(device):
    import tensorflow as tf
    from tensorflow.python.framework import kernels, op_def_registry

    canonical = vocabulary.device_of(device)  # gpu -> cuda
    types = TF_DEVICES.get(canonical)
    built = canonical == "cpu" or (canonical == "cuda" and tf.test.is_built_with_cuda())
    why = None
    if not types:
        why = f"no TensorFlow device type known for {device!r}"
    elif not built:
        why = f"this TensorFlow build ({tf.__version__}) was not built for {device}: its kernels for that device are not all registered, so it cannot say which ops the device lacks"
    build = {"cuda": tf.test.is_built_with_cuda()}
    if build["cuda"]:  # the tensorflow wheel (setup --with tf-gpu-registry): which CUDA and architectures it was built for
        info = dict(tf.sysconfig.get_build_info())
        build.update({"wheel": _distribution("tensorflow", "tensorflow-cpu"), "cuda_version": info.get("cuda_version"),
                      "cudnn_version": info.get("cudnn_version"), "cuda_compute_capabilities": info.get("cuda_compute_capabilities")})
    doc = {"framework": "tensorflow", "version": tf.__version__, "device": device, "source": "kernels",
           "build": build, "speaks_for": why is None, "reason": why, "entries": []}
    if why:
        return doc
    for op in sorted(n for n in dir(tf.raw_ops) if not n.startswith("_")):
        mine = [k for k in kernels.get_registered_kernels_for_op(op).kernel if k.device_type in types]
        op_def = op_def_registry.get(op)
        type_attrs = [a for a in (op_def.attr if op_def else []) if a.type == "type"]
        fn = f"tf.raw_ops.{op}"
        if not type_attrs:
            doc["entries"].append({"function": fn, "case": op, "registered": bool(mine),
                                   "detail": f"{len(mine)} {'/'.join(types)} kernel(s)" if mine else f"no {'/'.join(types)} kernel registered for {op}"})
            continue
        attr = type_attrs[0]
        allowed = set(attr.allowed_values.list.type) if attr.allowed_values.list.type else None
        for dt in DTYPES:
            enum = getattr(tf, dt).as_datatype_enum
            if allowed is not None and enum not in allowed:
                continue  # the op itself does not take this dtype: nothing to say about the device
            ok = any(kernel_allows(k, attr.name, enum) for k in mine)
            doc["entries"].append({
                "function": fn, "case": f"{op}[{attr.name}={dt}]", "registered": ok,
                "detail": f"{'/'.join(types)} kernel for {attr.name}={dt}" if ok else f"no {'/'.join(types)} kernel registered for {op} with {attr.name}={dt}",
            })
    return doc


def _distribution(*names):
    """The first of these distributions installed here (which wheel a module came from)."""
    from importlib.metadata import PackageNotFoundError, version

    for name in names:
        try:
            return name if version(name) else None
        except PackageNotFoundError:
            continue
    return None


def kernel_allows(kernel, attr, enum):
    for c in kernel.constraint:
        if c.name == attr:
            return enum in c.allowed_values.list.type
    return True


SOURCES = {("pytorch", "dispatcher"): torch_dispatcher, ("pytorch", "native-functions"): torch_native_functions, ("pytorch", "opinfo-declarations"): torch_declarations,
           ("pytorch", "op-dtypes"): torch_op_dtypes, ("tensorflow", "kernels"): tf_kernels}


def main(argv=None):
    ap = argparse.ArgumentParser(prog="portabench.coverage")
    ap.add_argument("--framework", required=True, choices=sorted({f for f, _ in SOURCES}))
    ap.add_argument("--device", required=True)
    ap.add_argument("--source", default=None, help="dispatcher, native-functions, opinfo-declarations or op-dtypes (pytorch), kernels (tensorflow)")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    source = args.source or ("dispatcher" if args.framework == "pytorch" else "kernels")
    fn = SOURCES.get((args.framework, source))
    if fn is None:
        print(f"no source {source!r} for {args.framework}; known: {', '.join(s for f, s in SOURCES if f == args.framework)}", file=sys.stderr)
        return 2
    doc = fn(args.device)
    with open(args.out, "w") as f:
        json.dump(doc, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
