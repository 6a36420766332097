"""Blocked timing: an operation whose call takes about as long as the harness's own cost
of one timed sample (reading the clock, synchronising the device, launching) is timed in
blocks of N calls between two synchronisations; each sample is then the block's time
divided by N, the per-call time, and N is recorded (``block`` in the measurement).

The choice follows ``torch.utils.benchmark.Timer.blocked_autorange``: start from one
call and multiply N by ten until a block takes long enough that the per-sample cost is
negligible. Timer asks for the cost to be 1e-4 of the block, which makes every
sample ~10 ms and is meant for one operation measured on its own; portabench times
thousands of cases, so it asks for 1% (``OVERHEAD_FACTOR``) and for 1000 steps of the
timer (``RESOLUTION_FACTOR``), and never for a block longer than ``cap_ns`` (the
repetitions must still fit the policy's time). Both factors are the vocabulary's
``timing.block_aim`` (vocabulary.json); the lower ``timing.quote_floor`` beside it is
where a report (src/analysis/stats.ts) stops quoting a median, a different question:
the aim lies above the floor, so a sample the blocker aimed for is never flagged.

An operation that already takes longer than the target is timed one call per sample,
at no extra cost: the decision uses the last warm-up call's time.

Inside a block nothing synchronises: the frameworks queue the calls (CUDA streams, JAX's
asynchronous dispatch) and the synchronisation after the block waits for all of them.
JAX has no device-wide wait, so its adapter keeps every output of the block and blocks
on all of them (``keep_outputs``); the others keep only the last.
"""
import functools
import statistics
import time

from . import vocabulary

OVERHEAD_FACTOR = vocabulary.timing("block_aim")["overhead_factor"]
RESOLUTION_FACTOR = vocabulary.timing("block_aim")["resolution_factor"]
MAX_BLOCK = 10 ** 6


def run_block(target, args, n, keep_outputs=False):
    """Call ``target(*args)`` ``n`` times without synchronising; what to wait for."""
    if keep_outputs:
        return [target(*args) for _ in range(n)]
    out = None
    for _ in range(n):
        out = target(*args)
    return out


def time_block(target, args, sync, n, keep_outputs=False):
    """Wall nanoseconds of one synchronised block of ``n`` calls."""
    clock = time.perf_counter_ns
    sync(None)
    t0 = clock()
    out = run_block(target, args, n, keep_outputs)
    sync(out)
    return clock() - t0


def sample_overhead_ns(sync, value, tries=5):
    """The harness's cost of one timed sample around nothing: the clock read twice and
    the synchronisation on an output like the operation's (median of ``tries``)."""
    clock = time.perf_counter_ns
    costs = []
    for _ in range(tries):
        sync(None)
        t0 = clock()
        sync(value)
        costs.append(clock() - t0)
    return statistics.median(costs)


@functools.lru_cache(maxsize=1)
def _resolution_ns():
    from .timing import timer_resolution_ns

    return timer_resolution_ns(tries=200)


def target_ns(overhead_ns, resolution_ns=None):
    """How long a block must take for the harness's cost and the timer's step to be negligible."""
    res = _resolution_ns() if resolution_ns is None else resolution_ns
    return max(OVERHEAD_FACTOR * overhead_ns, RESOLUTION_FACTOR * res)


def choose_block(target, args, sync, one_call_ns, want_ns, cap_ns, keep_outputs=False):
    """The number of calls per sample: 1 when one call (``one_call_ns``) already takes
    ``want_ns``; else the first of 10, 100, … whose block takes ``want_ns`` (or more
    than ``cap_ns``, or ``MAX_BLOCK`` calls)."""
    if one_call_ns >= want_ns:
        return 1
    n = 1
    while n < MAX_BLOCK:
        n *= 10
        took = time_block(target, args, sync, n, keep_outputs)
        if took >= want_ns or took >= cap_ns:
            break
    return n
