"""Grouped compilation (``--group N``): k cases of a target compiled as ONE program.

A "run_group" request names k cases of the worker's files. Each case's body runs three
times over, each run under the worker's usual care (seeded generators, captured output,
process state entered and left, the state guard's read and settle, processes it left
killed):

1. *collect*: the body runs with a ``CollectBench``; every compiled call it makes
   (``bench.measure`` and calls of what ``bench.compile`` returned) is recorded — the
   function, its arguments as passed, a fingerprint of both — and answered by the
   function run eagerly on a copy of the arguments, so the body goes on to its next
   call (its checks of eager stand-ins are not its result);
2. *group*: one program that runs every recorded call of every case and returns their
   outputs is compiled once (``adapter.compile``: ``torch.compile``, ``jax.jit``) and run
   under the case's timing policy; its measurement is per group (``per: "group"``);
3. *replay*: the body runs again with a ``ReplayBench`` whose compiled calls return the
   group's outputs, in order, where the call's fingerprint matches the recorded one (a
   call that does not match, or one more than recorded, is compiled alone as today); its
   own checks of those outputs are its result.

What this module decides per case is only whether the group settles it: a case whose
replay passed is ``grouped`` (its result is the replay's); every other case — one that
raised or skipped before its first compiled call, failed a check in the group, asked
for a fresh worker, or whose group did not compile — is handed back to be run alone
(the orchestrator bisects a group that did not compile: src/runner/run-group.ts), so a
failure is always recorded as the case shows it alone. Cases of another scope (JAX's
64-bit cases) than the group's first are handed back too. The timing harness
(timing.py), the state guard and hygiene are the worker's; this module does not see
the store or the protocol's framing.
"""
import functools
import re
import threading
import time

from .errors import error_info
from .state_guard import seed_generators
from .timing import Bench, run_policy


def _leaf(x, depth=0):
    """A hashable description of an argument: shape and dtype of an array, else its repr."""
    shape, dtype = getattr(x, "shape", None), getattr(x, "dtype", None)
    if shape is not None and dtype is not None:
        return ("array", tuple(shape), str(dtype))
    if depth < 4 and isinstance(x, (list, tuple)):
        return (type(x).__name__, tuple(_leaf(y, depth + 1) for y in x))
    if depth < 4 and isinstance(x, dict):
        return ("dict", tuple((str(k), _leaf(v, depth + 1)) for k, v in x.items()))
    return repr(x)[:200]


def fingerprint(fn, args):
    """What must match between the collect and the replay run for a group's output to
    stand in for a call: the function (its code, bound arguments) and its arguments'
    shapes, dtypes and values of the rest."""
    bound = ()
    while isinstance(fn, functools.partial):
        bound += tuple(_leaf(a) for a in fn.args) + tuple((k, _leaf(v)) for k, v in sorted(fn.keywords.items()))
        fn = fn.func
    code = getattr(fn, "__code__", None)
    where = (code.co_filename, code.co_firstlineno) if code is not None else repr(fn)[:200]
    return (getattr(fn, "__qualname__", type(fn).__name__), where, bound, tuple(_leaf(a) for a in args))


def _copy(x):
    """A copy of the arguments an eager stand-in may change in place (tensors), arrays
    the framework keeps immutable and everything else as is."""
    if isinstance(x, (list, tuple)):
        return type(x)(_copy(y) for y in x) if not hasattr(x, "_fields") else type(x)(*(_copy(y) for y in x))
    if isinstance(x, dict):
        return {k: _copy(v) for k, v in x.items()}
    clone = getattr(x, "clone", None)
    return clone() if callable(clone) and hasattr(x, "shape") else x


def _bind(fn, kwargs):
    return functools.partial(fn, **kwargs) if kwargs else fn


class Call:
    def __init__(self, fn, args, timed):
        self.fn, self.args, self.timed = fn, args, timed
        self.key = fingerprint(fn, args)


class CollectBench(Bench):
    """Records the case's compiled calls; answers each with the eager result on a copy."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.calls = []

    def measure(self, fn, *args, **kwargs):
        bound = _bind(fn, kwargs)
        self.calls.append(Call(bound, args, True))
        return bound(*_copy(args))

    def compile(self, fn):
        def recorded(*args, **kwargs):
            bound = _bind(fn, kwargs)
            self.calls.append(Call(bound, args, False))
            return bound(*_copy(args))

        return recorded


class ReplayBench(Bench):
    """Returns the group's outputs for the case's compiled calls, in order, where each
    call matches the recorded one; compiles alone from the first call that does not."""

    def __init__(self, *a, planned=(), outputs=(), measurement=None, **kw):
        super().__init__(*a, **kw)
        self.planned, self.outputs, self.group_measurement = list(planned), list(outputs), measurement
        self.pos = 0
        self.alone_calls = 0

    def _next(self, fn, args):
        if self.pos < len(self.planned) and self.planned[self.pos].key == fingerprint(fn, args):
            self.pos += 1
            return True, self.outputs[self.pos - 1]
        self.pos = len(self.planned)  # diverged: every later call compiles alone
        self.alone_calls += 1
        return False, None

    def measure(self, fn, *args, **kwargs):
        bound = _bind(fn, kwargs)
        ok, out = self._next(bound, args)
        if not ok:
            return super().measure(fn, *args, **kwargs)
        if self.group_measurement is not None:
            self.measurements.append(dict(self.group_measurement))
        if self.record_ops:
            self._record(bound, args)
        return out

    def compile(self, fn):
        def replayed(*args, **kwargs):
            bound = _bind(fn, kwargs)
            ok, out = self._next(bound, args)
            return out if ok else self.adapter.compile(bound)(*args)

        return replayed


def group_program(layout):
    """One function running every call of ``layout`` (``(fn, number of args)`` each) on
    its slice of the flat arguments, returning their outputs as a tuple. Straight-line
    code, not a loop: where one call graph-breaks a compiler such as dynamo splits the
    graph there and goes on after it (a break inside a loop would leave the whole loop
    uncompiled, each call then compiled on its own)."""
    names, lines, at = {}, [], 0
    for i, (fn, n) in enumerate(layout):
        names[f"_f{i}"] = fn
        lines.append(f"    _o{i} = _f{i}({', '.join(f'_a{j}' for j in range(at, at + n))})")
        at += n
    params = ", ".join(f"_a{j}" for j in range(at))
    outs = "".join(f"_o{i}, " for i in range(len(layout)))
    source = f"def group({params}):\n" + "\n".join(lines) + f"\n    return ({outs})\n"
    exec(compile(source, GROUP_FILE, "exec"), names)  # noqa: S102 - our own generated code
    return names["group"]


GROUP_FILE = "<portabench group>"
_GROUP_LINE = re.compile(r'File "' + re.escape(GROUP_FILE) + r'", line (\d+)')


def failing_call(exc):
    """The index of the group's call an exception was raised in (its line in the group's
    code, which a compiler's user stack names), or None when it does not say."""
    import traceback

    text = "".join(traceback.format_exception(exc))
    lines = [int(m) for m in _GROUP_LINE.findall(text)]
    return lines[-1] - 2 if lines and lines[-1] >= 2 else None


class Phase:
    """One run of a case's body, with what the worker's care found."""

    def __init__(self, outcome, error, capture, changes, replace, killed, threads_left, ms):
        self.outcome, self.error, self.capture = outcome, error, capture
        self.changes, self.replace, self.killed, self.threads_left, self.ms = changes, replace, killed, threads_left, ms

    @property
    def trouble(self):
        """Why the worker must not go on (a crash, threads left, state not set back), or None."""
        if self.outcome == "crash":
            return (self.error or {}).get("message") or "the case tried to exit"
        if self.threads_left:
            return f"the case left {len(self.threads_left)} thread(s) running"
        return self.replace


def _phase(worker, c, bench):
    from .capture import CaptureOutput

    threads_before = set(threading.enumerate())
    before = worker.state_guard.read()
    seed_generators()
    t0 = time.perf_counter()
    capture = CaptureOutput(worker.capture_dir)
    outcome, error, _ = worker.run_body(c, bench, capture)
    ms = (time.perf_counter() - t0) * 1e3
    changes, replace = worker.state_guard.settle(before)
    killed = worker.after_request()
    threads_left = [t.name for t in threading.enumerate() if t not in threads_before and t.is_alive()]
    return Phase(outcome, error, capture, changes, replace, killed, threads_left, ms)


def _compile_and_run(worker, first, calls, policy):
    """Compile the group's program once and run it under ``policy``: ``(outputs,
    measurement, error, captured stderr)``; error is None when it compiled and ran."""
    from .capture import CaptureOutput

    layout, flat = [], []
    for call in calls:
        layout.append((call.fn, len(call.args)))
        flat.extend(call.args)
    program = group_program(layout)
    adapter = worker.adapter
    before = worker.state_guard.read()
    seed_generators()
    capture = CaptureOutput(worker.capture_dir)
    outputs = measurement = error = None
    with capture:
        try:
            worker.state.enter_case()
            try:
                with adapter.case_scope(first):
                    adapter.before_case(worker.place, worker.mode)
                    with adapter.context(worker.place), adapter.group_scope(len(calls)):
                        outputs, measurement = run_policy(adapter.group_compile(program), tuple(flat), adapter.sync, policy,
                                                          keep_outputs=getattr(adapter, "block_keeps_outputs", False))
            finally:
                worker.state.leave_case()
        except BaseException as exc:  # noqa: BLE001 - the group's failure: the orchestrator splits it
            error = error_info(exc)
            error["call"] = failing_call(exc)
    _, replace = worker.state_guard.settle(before)
    worker.after_request()
    return outputs, measurement, error, replace, capture.stderr


def _answer(phases, bench, total_ms):
    """A case's result in the shape of a "run" answer (protocol.ts CaseResult)."""
    last = phases[-1]
    return {
        "type": "result", "id": None, "outcome": last.outcome, "error": last.error,
        "timings": bench.measurements, "duration_ms": total_ms,
        "stdout": last.capture.stdout, "stderr": last.capture.stderr,
        "stdout_bytes": last.capture.stdout_bytes, "stderr_bytes": last.capture.stderr_bytes,
        "processes_killed": sum(p.killed for p in phases), "threads_left": [],
        "state_changes": [ch for p in phases for ch in p.changes], "replace_worker": None,
        **({"ops": bench.ops, "record_ms": bench.record_ms} if bench.record_ops else {}),
        **({"ops_error": bench.ops_error} if bench.record_ops and bench.ops_error else {}),
    }


def run_group(worker, req):
    """The answer to a "run_group" request: ``{"type": "group_result", "cases": [{"case",
    "grouped", "why", "result"}], "compiled", "error", "calls", "compile_ms", "replace_worker"}``."""
    from .capture import CaptureOutput

    names = [c["case"] for c in req["cases"]]
    files = {c["case"]: c["file"] for c in req["cases"]}
    policy = dict(Bench(worker.adapter, worker.handle, worker.mode, req.get("timing")).policy)
    record_ops = bool(req.get("record_ops"))
    out = {n: {"case": n, "grouped": False, "why": None, "result": None} for n in names}
    answer = {"type": "group_result", "id": req.get("id"), "cases": [out[n] for n in names], "compiled": False,
              "error": None, "calls": 0, "compile_ms": 0.0, "replace_worker": None}
    if worker.mode != "compiled" or worker.place != worker.device:
        for o in out.values():
            o["why"] = f"mode {worker.mode} is not grouped"
        return answer

    def bench(cls, **kw):
        return cls(worker.adapter, worker.handle, worker.mode, req.get("timing"), device_name=worker.device, record_ops=record_ops and cls is ReplayBench, **kw)

    # 1. collect
    members = []  # (name, case, collect phase, calls)
    scope = None
    for n in names:
        try:
            c = worker.load(files[n], CaptureOutput(worker.capture_dir)).cases.get(n)
        except BaseException as exc:  # noqa: BLE001 - the file does not load: alone, it is recorded as such
            out[n]["why"] = f"its file did not load ({type(exc).__name__})"
            continue
        if c is None:
            out[n]["why"] = "no such case"
            continue
        key = worker.adapter.group_key(c)
        if members and key != scope:
            out[n]["why"] = "another scope than the group's first case"
            continue
        b = bench(CollectBench)
        p = _phase(worker, c, b)
        if p.trouble:
            out[n]["why"] = f"collecting its calls: {p.trouble}"
            answer["replace_worker"] = p.trouble
            return answer
        if not b.calls:
            out[n]["why"] = f"no compiled call before it ended ({p.outcome})"
            continue
        scope = key
        members.append((n, c, p, b.calls))
    if not members:
        return answer
    # 2. one program
    calls = [call for m in members for call in m[3]]
    answer["calls"] = len(calls)
    t0 = time.perf_counter()
    outputs, measurement, error, replace, _ = _compile_and_run(worker, members[0][1], calls, policy)
    answer["compile_ms"] = (time.perf_counter() - t0) * 1e3
    if replace:
        answer["replace_worker"] = f"compiling the group {replace}"
    if error is not None:
        answer["error"] = {k: v for k, v in error.items() if k != "call"}
        owner = [m[0] for m in members for _ in m[3]]
        if error.get("call") is not None and 0 <= error["call"] < len(owner):
            answer["culprit"] = owner[error["call"]]  # the compiler's stack names the call: no bisection needed
        for m in members:
            out[m[0]]["why"] = "the group did not compile or run"
        return answer
    answer["compiled"] = True
    measurement.update({"per": "group", "group_cases": len(members), "group_calls": len(calls)})
    # 3. replay, each case with its own outputs
    at = 0
    for n, c, collected, planned in members:
        mine = outputs[at:at + len(planned)]
        at += len(planned)
        if answer["replace_worker"]:
            out[n]["why"] = "the worker had to be replaced"
            continue
        b = bench(ReplayBench, planned=planned, outputs=mine, measurement=measurement if any(p.timed for p in planned) else None)
        p = _phase(worker, c, b)
        if p.trouble:
            answer["replace_worker"] = p.trouble
        if p.outcome == "pass" and not p.trouble:
            out[n].update(grouped=True, alone_calls=b.alone_calls, result=_answer([collected, p], b, collected.ms + p.ms))
        else:
            out[n]["why"] = f"{p.outcome} in the group" + (f" ({p.error['type']})" if p.error else "")
    return answer
