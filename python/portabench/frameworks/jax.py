"""The JAX adapter. JAX runs as its users run it: in its default configuration, 32-bit
(``jnp.ones(3)`` is float32). A case that asks for 64-bit types (it names a 64-bit dtype,
or says ``x64=True``) gets them in its own scope (``jax.enable_x64``), entered around the
case and exited before its result; ``--framework-config jax_enable_x64=true`` (any
``jax.config`` flag) configures the whole worker instead, and is part of the target's id."""
import contextlib
import os

import jax

from .base import BaseAdapter, cpu_model
from .settings import Setting

# JAX's own defaults where a JAX_* environment variable may have changed the value the
# worker starts with: such a process is not in the default configuration either.
_DEFAULTS = {"jax_enable_x64": False}

_PLATFORM = {"cpu": "cpu", "cuda": "gpu", "tpu": "tpu"}


class Adapter(BaseAdapter):
    name = "jax"
    compiled_with = "jax.jit"

    def version(self):
        return jax.__version__

    def settings(self):
        def setter(name):
            return lambda value: jax.config.update(name, value)

        return {name: Setting(lambda name=name: jax.config.values[name], setter(name)) for name in jax.config.values if name.startswith("jax_")}

    def configure(self, settings):
        from .settings import apply

        applied = apply(self.name, self.settings(), settings, _DEFAULTS)
        for name, default in _DEFAULTS.items():
            value = jax.config.values[name]
            if name not in (settings or {}) and value != default and name.upper() in os.environ:
                applied[name] = value  # set through the environment (JAX_ENABLE_X64=1)
        return applied

    def case_scope(self, case):
        want = case.x64 if case.x64 is not None else (True if case.wants_64bit else None)
        if want is None or bool(want) == bool(jax.config.jax_enable_x64):
            return contextlib.nullcontext()
        return jax.enable_x64(bool(want))

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
        info["x64"] = bool(jax.config.jax_enable_x64)  # the worker's process-wide mode
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
