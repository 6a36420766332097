import contextlib
import platform

from ..knobs import Knobs


class BaseAdapter:
    name = "?"
    compiled_with = None  # e.g. "torch.compile"

    def version(self):
        raise NotImplementedError

    def devices(self):
        """Devices this framework can use here: {"cpu": {...}, "cuda": {"count": n, "names": [...]}}."""
        raise NotImplementedError

    def modes(self):
        return ["eager", "compiled"] if self.compiled_with else ["eager"]

    def mode_problems(self):
        return {}

    def deviceless_modes(self):
        """Modes that target a device this machine need not have, and the devices they
        target: {mode: [device, …]} (JAX: ``lower`` for cuda, rocm, tpu). Run only when
        named (``-m lower``)."""
        return {}

    def aot_targets(self):
        """Mode ``aot``: the generations each device can be compiled for ({device: [name, …]})."""
        return {}

    def set_aot_target(self, name, device=None):
        raise ValueError(f"{self.name} compiles for no device ahead of time here")

    def deviceless_hardware(self, device, mode):
        """What a deviceless target's results speak for, in place of a hardware name."""
        return f"{device} ({mode}, {self.name} {self.version()})"

    def compile_for(self, fn, args, device, mode):
        """Compile ``fn(*args)`` for ``device`` in a deviceless ``mode`` without running it;
        raises what the compiler rejects."""
        raise NotImplementedError(f"{self.name} has no deviceless mode {mode!r}")

    def handle(self, device):
        """The object a test receives as ``device``."""
        return device

    def context(self, device):
        """Entered around each case (default device placement)."""
        return contextlib.nullcontext()

    def hardware(self, device):
        return None

    def build_info(self):
        return {}

    def sync(self, value):
        pass

    # Blocked timing (blocks.py): True when waiting for a block's last output does not
    # wait for the others, so every output of the block is kept and waited for.
    block_keeps_outputs = False

    def device_clock(self, device):
        """``(timer, None)`` for a device with a per-call timer of its own
        (``device_clock.CudaEvents``), else ``(None, reason)``: wall time only."""
        return None, f"{self.name} has no public per-call device timer: wall clock only"

    def cache_flusher(self, device, nbytes):
        """A function that writes ``nbytes`` on ``device`` and returns something to
        synchronise on (``--flush-cache``, flush.py)."""
        raise NotImplementedError(f"{self.name} cannot flush caches")

    def compile(self, fn):
        raise NotImplementedError(f"{self.name} has no compiled mode")

    def record_ops(self, fn, *args):
        """``(result, ops)``: the operator names ``fn(*args)`` dispatches (recorder.py)."""
        from ..recorder import record

        return record(self.name, fn, *args)

    def before_case(self, device, mode):
        pass

    def configure(self, settings):
        """Apply ``--framework-config`` settings ({key: value}) to the whole process, once,
        at worker start; return those that differ from the framework's default (the
        target's configuration). Raises settings.ConfigError for a key it does not know."""
        from .settings import apply

        return apply(self.name, self.settings(), settings)

    def settings(self):
        """The settings ``--framework-config`` may set: {key: settings.Setting}."""
        return {}

    def case_scope(self, case):
        """Entered around one case (its body and its bench.measure calls) and exited
        before its result is sent: the case's own configuration (JAX: 64-bit types for
        a case that asks for them, ``cases.CaseDef.wants_64bit``)."""
        return contextlib.nullcontext()

    def group_key(self, case):
        """Cases compiled in one group (--group, group.py) share this key: the part of
        ``case_scope`` that changes what is compiled (JAX: 64-bit types)."""
        return None

    def group_compile(self, fn):
        """A group's program compiled (group.py): as ``compile``, but a compiler that can
        fall back to running part of a program uncompiled must refuse to instead, so that
        the group is split and the part pinned on its case."""
        return self.compile(fn)

    def group_scope(self, calls):
        """Entered around compiling one group of ``calls`` compiled calls (group.py)."""
        return contextlib.nullcontext()

    # Process state a case may change (state_guard.py): the API namespaces whose public
    # attributes are watched, and the framework's settings as knobs (knobs.py).
    state_modules = ()

    def state_knobs(self):
        return []

    def state_snapshot(self):
        """The framework's settings, read before a case."""
        if getattr(self, "_state_knobs", None) is None:
            self._state_knobs = Knobs(self.state_knobs())
        return self._state_knobs.read()

    def state_restore(self, before):
        """After the case: set back what differs from ``before``. Returns ``(changes,
        stuck)``: ``{"what", "before", "after"}`` per change, and a reason per setting
        that could not be set back (the worker is then replaced)."""
        return self._state_knobs.settle(before)

    def health_check(self, device):
        """A tiny computation on ``device`` whose answer is known: raises when a case
        has left the device or the framework unusable (e.g. a poisoned CUDA context)."""

    @staticmethod
    def expect_twelve(value):
        if float(value) != 12.0:
            raise RuntimeError(f"health check: sum(2 * [0, 1, 2, 3]) gave {value!r}, not 12: the device computes wrong results")


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()
