import jax

# float64 cases must really be float64: without this JAX silently computes in float32.
jax.config.update("jax_enable_x64", True)

from .base import BaseAdapter, cpu_model  # noqa: E402

_PLATFORM = {"cpu": "cpu", "cuda": "gpu", "tpu": "tpu"}


class Adapter(BaseAdapter):
    name = "jax"
    compiled_with = "jax.jit"

    def version(self):
        return jax.__version__

    def _devices_of(self, platform):
        try:
            return jax.devices(platform)
        except RuntimeError:
            return []

    def devices(self):
        found = {}
        for name, platform in _PLATFORM.items():
            devs = self._devices_of(platform)
            if devs:
                names = [cpu_model()] if name == "cpu" else [getattr(d, "device_kind", str(d)) for d in devs]
                found[name] = {"count": len(devs), "names": names}
        return found

    def handle(self, device):
        return self._devices_of(_PLATFORM[device])[0]

    def context(self, device):
        return jax.default_device(self.handle(device))

    def hardware(self, device):
        if device == "cpu":
            return cpu_model()
        return getattr(self.handle(device), "device_kind", device)

    def build_info(self):
        info = {"jaxlib": getattr(jax.lib, "__version__", None)}
        try:
            import jaxlib

            info["jaxlib"] = jaxlib.__version__
        except Exception:
            pass
        try:
            backend = jax.extend.backend.get_backend() if hasattr(jax, "extend") else None
            if backend is not None:
                info["platform_version"] = backend.platform_version
        except Exception:
            pass
        info["x64"] = True
        return info

    def sync(self, value):
        if value is not None:
            jax.block_until_ready(value)

    def health_check(self, device):
        import jax.numpy as jnp

        x = jax.device_put(jnp.arange(4, dtype=jnp.float32), device)
        self.expect_twelve(jnp.sum(x * 2))

    # block_until_ready waits for one value only: a block's outputs are all waited for
    block_keeps_outputs = True

    def device_clock(self, device):
        return None, ("JAX has no public per-call device timer (device time is only in jax.profiler traces, "
                      "read back whole with jax.profiler.ProfileData): wall clock after block_until_ready")

    def cache_flusher(self, device, nbytes):
        import jax.numpy as jnp

        # arrays are immutable: a fresh buffer of zeros is written on the device each time
        return lambda: jnp.zeros((nbytes,), dtype=jnp.int8, device=device)

    def compile(self, fn):
        return jax.jit(fn)
