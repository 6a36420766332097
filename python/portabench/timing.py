"""``bench.measure``: the timed region of a case.

The first call is timed apart as *cold* (compilation, kernel loading, caches); then
``warmup`` calls; then repetitions until at least ``min_reps`` samples and
``min_time_s`` of measuring, or ``max_reps`` samples, or ``max_time_s``. The device is
synchronised before and after every sample, so a sample covers the work itself.
Every sample is kept; nothing is subtracted. ``max_reps`` 0 (``--timing none``) makes
the cold call the only one: the result is still returned and checked. ``calibrate`` measures the clock's
resolution and the harness's own cost per timed call, so results too close to either
can be flagged.

A sample is one call, or a block of ``block`` calls between two synchronisations for an
operation too short to time alone (``blocks.py``; ``block`` 0 in the policy chooses, 1
never blocks, N fixes it); its value is then per call (block time / N). Samples are wall
time (``clock: "wall"``); where the device has its own timer (CUDA events in PyTorch)
the same samples are also timed on it (``device_samples_ms``, ``device_clock``), else
``device_clock`` is null and ``device_clock_reason`` says why (``device_clock.py``).
``flush_cache`` writes a buffer larger than the last-level cache before every sample,
outside the timed region (``flush.py``); a flushed operation is timed one call per
sample, since a block would warm the cache for all but its first call.

A measurement: ``{cold_ms, samples_ms, warmup, stop, clock, block, device_clock,
device_samples_ms | device_clock_reason, flush_cache[, flush_bytes, flushes]}``.
"""
import functools
import statistics
import time

from .blocks import choose_block, run_block, sample_overhead_ns, target_ns
from .device_clock import WALL, choose_clock

DEFAULT_POLICY = {
    "warmup": 1,
    "min_reps": 5,
    "max_reps": 100,
    "min_time_s": 0.1,
    "max_time_s": 5.0,
    "block": 0,
    "flush_cache": False,
}


class Lowered(BaseException):
    """Ends a case in a deviceless mode once its timed call was compiled for the device:
    nothing runs there, so nothing after the call (its checks) can be done. A
    BaseException, so a case's own ``except Exception`` cannot swallow it. Carries what the
    compiler said of the program (flops, bytes…; empty where it says nothing)."""

    def __init__(self, analysis=None):
        super().__init__()
        self.analysis = analysis or {}


class Bench:
    def __init__(self, adapter, device, mode, policy=None, device_name="cpu", record_ops=False):
        self.adapter = adapter
        # ``record_ops``: the operators of the timed calls (recorder.py), recorded by one
        # more call of each, after its timing; None when not asked or nothing was measured
        self.record_ops = record_ops
        self.ops = None
        self.ops_error = None
        self.record_ms = 0.0
        # what a case measured of its outputs beyond pass/fail (the models suite: the maximum
        # absolute and relative difference from the CPU eager reference): stored with the result
        self.analysis = {}
        self.device = device
        self.device_name = device_name or "cpu"
        self.mode = mode
        self.policy = dict(DEFAULT_POLICY)
        if policy:
            self.policy.update({k: v for k, v in policy.items() if k in DEFAULT_POLICY and v is not None})
        self.measurements = []
        self._flusher = None

    @property
    def compiled(self):
        return self.mode == "compiled"

    def compile(self, fn):
        """The callable that is timed: ``fn`` itself in eager mode, the framework's
        compiled version of it in compiled mode."""
        return self.adapter.compile(fn) if self.compiled else fn

    def flusher(self):
        """The case's cache flusher (its buffer is made once per case), or None."""
        if not self.policy.get("flush_cache"):
            return None
        if self._flusher is None:
            from .flush import Flusher

            self._flusher = Flusher(self.adapter, self.device, self.device_name)
        return self._flusher

    def measure(self, fn, *args, **kwargs):
        """Time ``fn(*args, **kwargs)``; return the result of the first call.

        Positional arguments are the inputs (traced by a compiler); keyword arguments
        are static configuration (axis, stride…), bound before compiling. Pass tensors
        as arguments rather than capturing them in a closure: a compiler may fold
        captured constants away and time nothing.
        """
        bound = functools.partial(fn, **kwargs) if kwargs else fn
        if self.mode in self.adapter.deviceless_modes():
            # compiled for the device (not run): the compiler's verdict is the case's outcome
            if self.record_ops:
                self._record(bound, args)
            raise Lowered(self.adapter.compile_for(bound, args, self.device_name, self.mode))
        target = self.compile(bound)
        clock, reason = choose_clock(self.adapter, self.device_name)
        try:
            result, measurement = run_policy(
                target, args, self.adapter.sync, self.policy,
                device_clock=clock, flusher=self.flusher(),
                keep_outputs=getattr(self.adapter, "block_keeps_outputs", False),
            )
        except Exception:
            if self.record_ops:  # the ops of a failing call too: they say which operator fails
                self._record(bound, args)
            raise
        if clock is None:
            measurement["device_clock_reason"] = reason
        self.measurements.append(measurement)
        if self.record_ops:
            self._record(bound, args)
        return result

    def _record(self, fn, args):
        """One more call of the (uncompiled) timed function under the operator recorder,
        outside every timed region; its ops join the case's."""
        t0 = time.perf_counter()
        try:
            _, ops = self.adapter.record_ops(fn, *args)
        except Exception as exc:  # noqa: BLE001 - a call the recorder cannot trace (or that fails): the case's result stands
            ops = getattr(exc, "portabench_ops", None)
            if ops is None:
                self.ops_error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        if ops is not None:
            self.ops = sorted(set(self.ops or ()) | set(ops))
        self.record_ms += (time.perf_counter() - t0) * 1e3


def run_policy(target, args, sync, policy, device_clock=None, flusher=None, keep_outputs=False):
    """Cold call, warm-up, then adaptive repetitions; returns (first result, measurement).

    ``device_clock``: a ``device_clock.CudaEvents``-like timer, or None (wall time only).
    ``flusher``: called before every sample, outside the timed region, or None.
    """
    p = policy
    clock = time.perf_counter_ns

    sync(None)
    t0 = clock()
    result = target(*args)
    sync(result)
    one_call = clock() - t0
    cold_ms = one_call / 1e6
    flush = bool(p.get("flush_cache")) and flusher is not None

    if int(p["max_reps"]) <= 0:
        # timing "none": the one checked call, nothing repeated
        return result, {"cold_ms": cold_ms, "samples_ms": [], "warmup": 0, "stop": "none", "clock": WALL, "block": 1,
                        "device_clock": None, "flush_cache": False}

    warmup = int(p["warmup"])
    for _ in range(warmup):
        sync(None)
        t0 = clock()
        sync(target(*args))
        one_call = clock() - t0

    min_reps, max_reps = max(1, int(p["min_reps"])), max(1, int(p["max_reps"]))
    min_ns, max_ns = p["min_time_s"] * 1e9, p["max_time_s"] * 1e9
    block = int(p.get("block") or 0)
    if flush:
        block = 1
    elif block <= 0:
        want = target_ns(sample_overhead_ns(sync, result))
        block = choose_block(target, args, sync, one_call, want, max(max_ns / min_reps, 1.0), keep_outputs)

    samples, device_samples = [], []
    flushed_before = flusher.count if flush else 0
    spent = 0
    stop = "max_reps"
    while len(samples) < max_reps:
        if flush:
            flusher()
        mark = device_clock.mark() if device_clock else None
        sync(None)
        t0 = clock()
        if device_clock:
            device_clock.start(mark)
        out = run_block(target, args, block, keep_outputs)
        if device_clock:
            device_clock.stop(mark)
        sync(out)
        dt = clock() - t0
        del out
        samples.append(dt / 1e6 / block)
        if device_clock:
            device_samples.append(device_clock.elapsed_ms(mark) / block)
        spent += dt
        if len(samples) >= min_reps and spent >= min_ns:
            stop = "min_time"
            break
        if spent >= max_ns:
            stop = "max_time"
            break
    m = {"cold_ms": cold_ms, "samples_ms": samples, "warmup": warmup, "stop": stop, "clock": WALL, "block": block,
         "device_clock": device_clock.name if device_clock else None, "flush_cache": flush}
    if device_clock:
        m["device_samples_ms"] = device_samples
    if flush:
        m["flush_bytes"] = flusher.nbytes
        m["flushes"] = flusher.count - flushed_before
    return result, m


def timer_resolution_ns(tries=2000):
    """The smallest non-zero step of ``perf_counter_ns`` seen between back-to-back reads."""
    clock = time.perf_counter_ns
    best = None
    for _ in range(tries):
        a = clock()
        b = clock()
        while b == a:
            b = clock()
        d = b - a
        if best is None or d < best:
            best = d
    return best


def calibrate(adapter, device=None):
    """The clock's resolution and the harness's cost of one timed call of a no-op
    (sync before and after included) on this device, in nanoseconds."""
    info = time.get_clock_info("perf_counter")
    res = timer_resolution_ns()
    policy = {"warmup": 10, "min_reps": 200, "max_reps": 2000, "min_time_s": 0.05, "max_time_s": 0.5, "block": 1}
    _, m = run_policy(lambda: None, (), adapter.sync, policy)
    ns = sorted(s * 1e6 for s in m["samples_ms"])
    return {
        "clock": info.implementation,
        "clock_resolution_s": info.resolution,
        "timer_resolution_ns": res,
        "call_overhead_ns": statistics.median(ns),
        "call_overhead_min_ns": ns[0],
        "samples": len(ns),
    }
