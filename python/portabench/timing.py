"""``bench.measure``: the timed region of a case.

The first call is timed apart as *cold* (compilation, kernel loading, caches); then
``warmup`` calls; then repetitions until at least ``min_reps`` samples and
``min_time_s`` of measuring, or ``max_reps`` samples, or ``max_time_s``. The device is
synchronised before and after every timed call, so a sample covers the work itself.
"""
import functools
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
            self.policy.update({k: v for k, v in policy.items() if k in DEFAULT_POLICY})
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
        p = self.policy
        sync = self.adapter.sync
        target = self.compile(functools.partial(fn, **kwargs) if kwargs else fn)
        kwargs = {}
        clock = time.perf_counter_ns

        sync(None)
        t0 = clock()
        result = target(*args, **kwargs)
        sync(result)
        cold_ms = (clock() - t0) / 1e6

        for _ in range(int(p["warmup"])):
            sync(target(*args, **kwargs))

        samples = []
        min_reps, max_reps = int(p["min_reps"]), int(p["max_reps"])
        min_ns, max_ns = p["min_time_s"] * 1e9, p["max_time_s"] * 1e9
        spent = 0
        while len(samples) < max_reps:
            sync(None)
            t0 = clock()
            out = target(*args, **kwargs)
            sync(out)
            dt = clock() - t0
            samples.append(dt / 1e6)
            spent += dt
            if len(samples) >= min_reps and spent >= min_ns:
                break
            if spent >= max_ns:
                break
        self.measurements.append({"cold_ms": cold_ms, "samples_ms": samples})
        return result
