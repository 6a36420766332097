import shutil

import torch

from .base import BaseAdapter, cpu_model


class Adapter(BaseAdapter):
    name = "pytorch"
    compiled_with = "torch.compile"

    def version(self):
        return torch.__version__

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
