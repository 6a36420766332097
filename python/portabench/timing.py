"""``bench.measure``: the timed region of a case.

The first call is timed apart as *cold* (compilation, kernel loading, caches); then
``warmup`` calls; then repetitions until at least ``min_reps`` samples and
``min_time_s`` of measuring, or ``max_reps`` samples, or ``max_time_s``. The device is
synchronised before and after every timed call, so a sample covers the work itself.
Every sample is kept; nothing is subtracted. ``max_reps`` 0 (``--timing none``) makes
the cold call the only one: the result is still returned and checked. ``calibrate`` measures the clock's
resolution and the harness's own cost per timed call, so results too close to either
can be flagged.
"""
import functools
import statistics
import time

DEFAULT_POLICY = {
    "warmup": 1,
    "min_reps": 5,
    "max_reps": 100,
    "min_time_s": 0.1,
    "max_time_s": 5.0,
}


class Bench:
    def __init__(self, adapter, device, mode, policy=None):
        self.adapter = adapter
        self.device = device
        self.mode = mode
        self.policy = dict(DEFAULT_POLICY)
        if policy:
            self.policy.update({k: v for k, v in policy.items() if k in DEFAULT_POLICY and v is not None})
        self.measurements = []

    @property
    def compiled(self):
        return self.mode == "compiled"

    def compile(self, fn):
        """The callable that is timed: ``fn`` itself in eager mode, the framework's
        compiled version of it in compiled mode."""
        return self.adapter.compile(fn) if self.compiled else fn

    def measure(self, fn, *args, **kwargs):
        """Time ``fn(*args, **kwargs)``; return the result of the first call.

        Positional arguments are the inputs (traced by a compiler); keyword arguments
        are static configuration (axis, stride…), bound before compiling. Pass tensors
        as arguments rather than capturing them in a closure: a compiler may fold
        captured constants away and time nothing.
        """
        target = self.compile(functools.partial(fn, **kwargs) if kwargs else fn)
        result, measurement = run_policy(target, args, self.adapter.sync, self.policy)
        self.measurements.append(measurement)
        return result


def run_policy(target, args, sync, policy):
    """Cold call, warm-up, then adaptive repetitions; returns (first result, measurement)."""
    p = policy
    clock = time.perf_counter_ns

    sync(None)
    t0 = clock()
    result = target(*args)
    sync(result)
    cold_ms = (clock() - t0) / 1e6

    if int(p["max_reps"]) <= 0:
        # timing "none": the one checked call, nothing repeated
        return result, {"cold_ms": cold_ms, "samples_ms": [], "warmup": 0, "stop": "none"}

    warmup = int(p["warmup"])
    for _ in range(warmup):
        sync(target(*args))

    samples = []
    min_reps, max_reps = max(1, int(p["min_reps"])), max(1, int(p["max_reps"]))
    min_ns, max_ns = p["min_time_s"] * 1e9, p["max_time_s"] * 1e9
    spent = 0
    stop = "max_reps"
    while len(samples) < max_reps:
        sync(None)
        t0 = clock()
        out = target(*args)
        sync(out)
        dt = clock() - t0
        samples.append(dt / 1e6)
        spent += dt
        if len(samples) >= min_reps and spent >= min_ns:
            stop = "min_time"
            break
        if spent >= max_ns:
            stop = "max_time"
            break
    return result, {"cold_ms": cold_ms, "samples_ms": samples, "warmup": warmup, "stop": stop}


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
    policy = {"warmup": 10, "min_reps": 200, "max_reps": 2000, "min_time_s": 0.05, "max_time_s": 0.5}
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
