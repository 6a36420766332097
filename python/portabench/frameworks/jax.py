"""The JAX adapter. JAX runs as its users run it: in its default configuration, 32-bit
(``jnp.ones(3)`` is float32). A case that asks for 64-bit types (it names a 64-bit dtype,
or says ``x64=True``) gets them in its own scope (``jax.enable_x64``), entered around the
case and exited before its result; ``--framework-config jax_enable_x64=true`` (any
``jax.config`` flag) configures the whole worker instead, and is part of the target's id."""
import contextlib
import os
import re

import jax

from ..knobs import same, show
from .base import BaseAdapter, cpu_model
from .settings import Setting

# JAX's own defaults where a JAX_* environment variable may have changed the value the
# worker starts with: such a process is not in the default configuration either.
_DEFAULTS = {"jax_enable_x64": False}

_PLATFORM = {"cpu": "cpu", "cuda": "gpu", "tpu": "tpu"}


def _config_holders():
    """``(name, holder)`` for every ``jax.config`` option; ``holder.value`` reads it as a
    computation would see it (a context manager's override included)."""
    holders = getattr(jax.config, "_value_holders", None)
    if isinstance(holders, dict):
        return [(name, h) for name, h in holders.items() if hasattr(h, "value")]
    return []


class ConfigWatch:
    """Every ``jax.config`` option: read before a case, set back with
    ``jax.config.update`` after it. One that does not go back (an option fixed once the
    backend started, an override a case entered and never left) replaces the worker."""

    def __init__(self):
        self.holders = _config_holders()
        self.names = [n for n, _ in self.holders]
        self.values = [h for _, h in self.holders]
        if not self.holders:  # an older jax: the public mapping of option values
            self.read = lambda: dict(jax.config.values)

    def read(self):
        return [h.value for h in self.values]

    def _now(self):
        return {n: h.value for n, h in self.holders} if self.holders else dict(jax.config.values)

    def settle(self, before):
        now = self.read()
        if now == before:
            return [], []
        before_by_name = dict(zip(self.names, before)) if self.holders else before
        changes, stuck = [], []
        for name, value in self._now().items():
            old = before_by_name.get(name, value)
            if same(old, value):
                continue
            changes.append({"what": f"jax.config {name}", "before": show(old), "after": show(value)})
            try:
                jax.config.update(name, old)
            except Exception as exc:  # noqa: BLE001
                stuck.append(f"jax.config {name} could not be set back: {type(exc).__name__}: {exc}")
                continue
            if not same(self._now().get(name), old):
                stuck.append(f"jax.config {name} did not go back to {show(old)} (an override the case entered and never left?)")
        return changes, stuck


class Adapter(BaseAdapter):
    name = "jax"
    compiled_with = "jax.jit"
    # the API namespaces whose replaced public attributes are put back (module_watch.py)
    state_modules = ("jax", "jax.numpy", "jax.numpy.linalg", "jax.numpy.fft", "jax.lax", "jax.lax.linalg", "jax.nn", "jax.random",
                     "jax.scipy.special", "jax.scipy.linalg", "jax.scipy.stats", "jax.tree_util")

    def state_snapshot(self):
        if getattr(self, "_config", None) is None:
            self._config = ConfigWatch()
        return self._config.read()

    def state_restore(self, before):
        return self._config.settle(before)

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

    def group_key(self, case):
        return case.x64 if case.x64 is not None else (True if case.wants_64bit else None)

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

    # "lower": the platform's lowering rules only (jax.jit(f).trace(...).lower(lowering_platforms=…)),
    # which every jaxlib carries for every platform: no plugin, no device, no compiler.
    # "aot": the real compiler for a TPU generation or an NVIDIA architecture this machine
    # lacks (frameworks/jax_aot.py).
    LOWERING_PLATFORMS = {"cuda": "cuda", "rocm": "rocm", "tpu": "tpu"}
    aot_target = None

    def deviceless_modes(self):
        from . import jax_aot

        modes = {"lower": sorted(self.LOWERING_PLATFORMS)}
        if jax_aot.devices():
            modes["aot"] = sorted(jax_aot.devices())
        return modes

    def aot_targets(self):
        from . import jax_aot

        return jax_aot.devices()

    def set_aot_target(self, name, device="tpu"):
        from . import jax_aot

        self.aot_target = jax_aot.target(device, name)

    def deviceless_hardware(self, device, mode):
        if mode == "aot" and self.aot_target is not None:
            from . import jax_aot

            return f"{self.aot_target.kind} (compiled by {jax_aot.compiler_label(self.aot_target.platform, getattr(self.aot_target, 'toolkit', None))})"
        return f"{device} lowering rules of jax {jax.__version__}"

    def compile_for(self, fn, args, device, mode):
        if mode == "aot" and self.aot_target is not None and device == self.aot_target.platform:
            try:
                return self.aot_target.compile(fn, args)
            except Exception as exc:
                self._not_the_device(fn, args, device, exc)
                raise
        if mode != "lower" or device not in self.LOWERING_PLATFORMS:
            return super().compile_for(fn, args, device, mode)
        try:
            jax.jit(fn).trace(*args).lower(lowering_platforms=(self.LOWERING_PLATFORMS[device],))
            return {}
        except Exception as exc:
            self._not_the_device(fn, args, device, exc)
            raise

    @staticmethod
    def _not_the_device(fn, args, device, exc):
        """Raise Skip when a failure to compile for ``device`` is not the device's: a host
        callback bound to this machine's CPU backend, or a call that cannot be lowered for
        the CPU either (not jittable: a Python value out, a tracer turned into a bool)."""
        from ..cases import Skip

        if "is different from the lowering platform" in str(exc) or re.search(r"Unknown backend: '\w+' requested, but no platforms", str(exc)):
            raise Skip(f"a host callback is bound to this machine's cpu backend, so compiling for {device} cannot be checked here: {exc}") from exc
        if re.search(r"jaxlib/(cuda|gpu)/versions_helpers|cusolverGetVersion|cublasGetVersion|cufftGetVersion|Unable to load cu(SOLVER|BLAS|FFT|SPARSE)", str(exc)):
            # a lowering that asks the CUDA library it calls for its version (eig: cuSOLVER): absent when compiling without a GPU
            raise Skip(f"its {device} lowering asks a CUDA runtime library for its version, and compiling without a GPU has none (no nvidia-* runtime packages): "
                       f"this says nothing about {device}: {str(exc).splitlines()[0][:200]}") from exc
        try:
            jax.jit(fn).trace(*args).lower(lowering_platforms=("cpu",))
        except Exception as cpu_exc:  # noqa: BLE001
            raise Skip(f"cannot be compiled for any platform (lowering for cpu fails too: {type(cpu_exc).__name__}: {str(cpu_exc).splitlines()[0][:200]}): "
                       f"it says nothing about {device}") from exc
