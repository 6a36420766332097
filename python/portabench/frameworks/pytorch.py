import shutil

import torch

from ..knobs import Knob, on_off
from .base import BaseAdapter, cpu_model


def drop_lazy_calls_of_absent_backends():
    """``torch.manual_seed`` queues a lazy seeding of every accelerator backend (cuda, xpu,
    mtia) while that backend is not initialised, each with a formatted stack trace: about
    0.5 ms a call (PyTorch's own code has a TODO about it). OpInfo's sample generators
    seed thousands of times, and in a CPU sweep this was most of each case's time. A
    backend that is not available here can never be initialised in this process, so its
    queue would never run: drop those calls instead. Backends that are available are left
    as they are."""
    import importlib

    for name in ("cuda", "xpu", "mtia"):
        try:
            mod = importlib.import_module(f"torch.{name}")
            if mod.is_available() or not hasattr(mod, "_lazy_call"):
                continue
        except Exception:
            continue
        def drop(callable, **kwargs):  # noqa: ARG001 - the backend is absent: nothing to seed
            return None
        mod._lazy_call = drop
        for sub in ("random", "__init__"):
            try:
                m = importlib.import_module(f"torch.{name}.{sub}") if sub != "__init__" else mod
            except Exception:
                continue
            if getattr(m, "_lazy_call", None) is not None:
                m._lazy_call = drop


def _dtype(value):
    return str(value).replace("torch.", "")


def _backend_flag(what, holder, attr):
    """A ``torch.backends`` flag (``torch.backends.cudnn.allow_tf32``) as a knob."""
    return Knob(what, lambda: getattr(holder, attr), lambda v: setattr(holder, attr, v))


def _autocast(device):
    return Knob(
        f"autocast {device}",
        lambda: (torch.is_autocast_enabled(device), torch.get_autocast_dtype(device)),
        lambda v: (torch.set_autocast_enabled(device, v[0]), torch.set_autocast_dtype(device, v[1])),
        lambda v: f"{on_off(v[0])} ({_dtype(v[1])})",
    )


def _default_device():
    """``torch.set_default_device``'s device (None: none set), read where it keeps it:
    ``torch.get_default_device()`` costs ~7 µs a call."""
    try:
        from torch.utils import _device

        if hasattr(_device, "CURRENT_DEVICE"):
            return Knob("default device", lambda: _device.CURRENT_DEVICE, lambda v: torch.set_default_device(v), lambda v: str(v or "cpu"))
    except ImportError:
        pass
    return Knob("default device", lambda: torch.get_default_device(), lambda v: torch.set_default_device(v))


def _deterministic(value):
    return "warn only" if value[0] and value[1] else on_off(value[0])


def torch_knobs():
    """PyTorch's process-wide settings a case may change, in the order they are set
    back (the default device before the function-mode stack it pushes on)."""
    knobs = [
        Knob("default dtype", torch.get_default_dtype, torch.set_default_dtype, _dtype),
        Knob("grad mode", torch.is_grad_enabled, torch.set_grad_enabled, on_off),
        Knob("inference mode", torch.is_inference_mode_enabled, None, on_off),
        Knob(
            "deterministic algorithms",
            lambda: (torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled()),
            lambda v: torch.use_deterministic_algorithms(v[0], warn_only=v[1]),
            _deterministic,
        ),
        Knob("threads", torch.get_num_threads, torch.set_num_threads),
        Knob("interop threads", torch.get_num_interop_threads),  # settable once per process: a change replaces the worker
        Knob(
            "anomaly detection",
            lambda: (torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()),
            lambda v: torch.set_anomaly_enabled(v[0], v[1]),
            lambda v: on_off(v[0]),
        ),
        _autocast("cpu"),
        _autocast("cuda"),
        Knob("autocast cache", lambda: torch.is_autocast_cache_enabled(), lambda v: torch.set_autocast_cache_enabled(v), on_off),
        Knob("float32 matmul precision", lambda: torch.get_float32_matmul_precision(), lambda v: torch.set_float32_matmul_precision(v)),
    ]
    import importlib

    backends = {}
    for name in ("cuda", "cudnn", "mkldnn"):
        try:
            backends[name] = importlib.import_module(f"torch.backends.{name}")
        except Exception:  # noqa: BLE001 - a build without that backend
            pass
    matmul = getattr(backends.get("cuda"), "matmul", None)
    for what, holder, attr in (
        ("cuda matmul TF32", matmul, "allow_tf32"),
        ("cuda matmul fp16 reduced precision", matmul, "allow_fp16_reduced_precision_reduction"),
        ("cuda matmul bf16 reduced precision", matmul, "allow_bf16_reduced_precision_reduction"),
        ("cudnn TF32", backends.get("cudnn"), "allow_tf32"),
        ("cudnn enabled", backends.get("cudnn"), "enabled"),
        ("cudnn benchmark", backends.get("cudnn"), "benchmark"),
        ("cudnn deterministic", backends.get("cudnn"), "deterministic"),
        ("mkldnn enabled", backends.get("mkldnn"), "enabled"),
    ):
        if holder is not None:
            knobs.append(_backend_flag(what, holder, attr))
    knobs += [
        # getters named by lambdas: older builds lack them (working() leaves those out)
        _default_device(),
        Knob("torch function modes", lambda: torch._C._len_torch_function_stack()),
        Knob("torch dispatch modes", lambda: torch._C._len_torch_dispatch_stack()),
    ]
    return knobs


class Adapter(BaseAdapter):
    name = "pytorch"
    compiled_with = "torch.compile"
    # the API namespaces whose replaced public attributes are put back (module_watch.py)
    state_modules = ("torch", "torch.nn", "torch.nn.functional", "torch.linalg", "torch.fft", "torch.special", "torch.nn.init",
                     "torch.autograd", "torch.Tensor", "torch.nn.Module")

    def __init__(self):
        super().__init__()
        drop_lazy_calls_of_absent_backends()

    def version(self):
        return torch.__version__

    def settings(self):
        from .settings import Setting

        def flag(module, attr):
            return Setting(lambda: getattr(module, attr), lambda v: setattr(module, attr, v))

        return {
            "torch.float32_matmul_precision": Setting(torch.get_float32_matmul_precision, torch.set_float32_matmul_precision, ("highest", "high", "medium")),
            "torch.backends.cuda.matmul.allow_tf32": flag(torch.backends.cuda.matmul, "allow_tf32"),
            "torch.backends.cudnn.allow_tf32": flag(torch.backends.cudnn, "allow_tf32"),
        }

    def devices(self):
        found = {"cpu": {"count": 1, "names": [cpu_model()]}}
        if torch.cuda.is_available():
            n = torch.cuda.device_count()
            found["cuda"] = {"count": n, "names": [torch.cuda.get_device_name(i) for i in range(n)]}
        mps = getattr(torch.backends, "mps", None)
        if mps is not None and mps.is_available():
            found["mps"] = {"count": 1, "names": ["Apple MPS"]}
        try:
            import torch_xla.core.xla_model as xm  # noqa: F401

            found["xla"] = {"count": 1, "names": [str(xm.xla_device())]}
        except Exception:
            pass
        return found

    def mode_problems(self):
        if not shutil.which("gcc") and not shutil.which("cc") and not shutil.which("clang"):
            return {"compiled": "torch.compile on CPU needs a C++ compiler: install gcc (Debian: apt-get install g++)"}
        return {}

    def handle(self, device):
        if device == "xla":
            import torch_xla.core.xla_model as xm

            return xm.xla_device()
        return torch.device(device)

    def hardware(self, device):
        if device == "cuda":
            return torch.cuda.get_device_name(0)
        if device == "cpu":
            return cpu_model()
        return device

    def build_info(self):
        info = {
            "cuda": torch.version.cuda,
            "cudnn": torch.backends.cudnn.version() if torch.backends.cudnn.is_available() else None,
            "debug": torch.version.debug,
            "git": getattr(torch.version, "git_version", None),
            "threads": torch.get_num_threads(),
        }
        try:
            info["cpu_capability"] = torch.backends.cpu.get_cpu_capability()
        except Exception:
            pass
        if torch.cuda.is_available():
            info["gpu"] = torch.cuda.get_device_name(0)
            try:
                major, minor = torch.cuda.get_device_capability(0)
                info["compute_capability"] = f"{major}.{minor}"
            except Exception:
                pass
        return info

    def sync(self, value):
        if self._device == "cuda":
            torch.cuda.synchronize()
        elif self._device == "mps":
            torch.mps.synchronize()
        elif self._device == "xla":
            import torch_xla.core.xla_model as xm

            xm.mark_step()
            xm.wait_device_ops()

    _device = "cpu"

    def before_case(self, device, mode):
        self._device = device
        if device == "cpu":
            # the CPU generator alone: torch.manual_seed also queues a lazy seeding of each
            # accelerator backend (with a formatted stack trace) while CUDA is not initialised
            torch.default_generator.manual_seed(0)
        else:
            torch.manual_seed(0)
        if mode == "compiled":
            # A fresh compile cache per case: dynamo's per-code-object recompile
            # limit would otherwise make later cases silently fall back to eager.
            torch._dynamo.reset()

    def state_knobs(self):
        return torch_knobs()

    def health_check(self, device):
        x = torch.arange(4, dtype=torch.float32, device=device)
        self.expect_twelve((x * 2).sum().item())

    def device_clock(self, device):
        if device == "cuda" and torch.cuda.is_available():
            # CUDA only: exercised when a GPU is present
            from ..device_clock import CudaEvents

            return CudaEvents(), None
        return None, f"PyTorch times {device} by the wall clock only (device events are used on CUDA)"

    def cache_flusher(self, device, nbytes):
        buffer = torch.empty(nbytes, dtype=torch.int8, device=device)
        return buffer.zero_

    def compile(self, fn):
        return torch.compile(fn)

    def group_compile(self, fn):
        # one graph or an error: a graph break would run the group's frame eagerly and
        # compile each call on its own, silently
        return torch.compile(fn, fullgraph=True)

    def group_scope(self, calls):
        # a group's calls share code objects (a test's helper): where one graph-breaks, its
        # frames are compiled once per call, past dynamo's per-code recompile limit (8),
        # after which it would fall back to eager without a word
        return torch._dynamo.config.patch(recompile_limit=max(8, 2 * calls + 8), accumulated_recompile_limit=max(256, 4 * calls + 256))
