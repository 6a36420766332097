import shutil

import torch

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


class Adapter(BaseAdapter):
    name = "pytorch"
    compiled_with = "torch.compile"

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
