"""The portabench worker: imports one framework once, then runs test-file cases on
one device in one mode, answering requests over JSON Lines on dedicated file
descriptors (requests in on --in-fd, answers out on --out-fd), so that tests may
print anything on stdout and stderr.

Requests:  {"type":"list","file":PATH}  ("check": true adds the file's facts for suite check)
           {"type":"run","id":N,"file":PATH,"case":NAME,"timing":{…}}  ("trace": true also
           records whether the case's function is called inside bench.measure: check.py;
           "record_ops": true the operators its timed calls dispatch: recorder.py, answered
           as "ops" — a sorted list, null when nothing was measured — "record_ms", and
           "ops_error" when the recorder could not trace a call)
           {"type":"run_group","id":N,"cases":[{"file","case"}…],"timing":{…}}  (--group: the
           cases compiled as one program, answered {"type":"group_result",…}: group.py)
           {"type":"health"}  (is the device still usable? answered {"type":"health","ok":…})
           {"type":"ping"}, {"type":"shutdown"}
           each with "seq" (a number) and "nonce" (the worker's random token), which
           every answer echoes: anything else on the pipe is a protocol violation.
Answers:   {"type":"hello",…} once ready; {"type":"listed",…}; {"type":"started","id":N};
           {"type":"result","id":N,…}; {"type":"fatal",…} when the framework cannot load.

Whatever a case does ends at most that case: every exception (KeyboardInterrupt and
other BaseExceptions included) is its result, the processes it started are killed
when it ends (the worker is a child subreaper, so they stay its descendants), and the
process state it changed (working directory, signal handlers, sys.std*: hygiene.py) is
restored. The framework's and Python's settings it changed (default dtype, config
flags, warnings filters, replaced module attributes…: state_guard.py) are set back and
listed in its result (``state_changes``); what cannot be set back makes the result ask
for a fresh worker (``replace_worker``: the reason), which the orchestrator starts
before the next case.
The worker process forks a guard at start (guard.py) that cleans up after a worker a
case killed.
"""
import argparse
import contextlib
import os
import platform
import sys
import threading
import time
import unittest

from .channel import Channel, protect_fds
from . import vocabulary
from .errors import error_info
from .guard import fork_guard
from .hygiene import ProcessState
from .reaper import kill_descendants
from .state_guard import StateGuard, seed_generators

PROTOCOL = 2
BROKEN_CHANNEL_EXIT = 75  # the worker's status when a case closed or replaced its protocol descriptors


def die_with_parent():
    """End this worker when the orchestrator dies (even by kill -9): the kernel's
    parent-death signal where Linux offers it, and a watchdog thread that notices
    being re-parented everywhere."""
    import threading

    parent = os.getppid()
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:
            os._exit(1)
    except Exception:
        pass

    def watch():
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                try:
                    kill_descendants()
                    os.killpg(os.getpgid(0), 9)
                finally:
                    os._exit(1)

    threading.Thread(target=watch, name="portabench-parent-watch", daemon=True).start()


def exit_status(code):
    if code is None:
        return 0
    return code if isinstance(code, int) else 1


class TestFile:
    def __init__(self, path, module, cases):
        self.path = path
        self.module = module
        self.function = getattr(module, "FUNCTION", None)
        self.found = cases
        self.cases = {c.name: c for c in cases}


class Worker:
    def __init__(self, channel, framework, device, mode, capture_dir=None, settings=None, aot_target=None):
        self.capture_dir = capture_dir
        self.aot_target = aot_target
        self.settings = settings or {}
        self.config = {}
        self.channel = channel
        self.framework = framework
        self.device = device
        self.mode = mode
        self.files = {}
        self.adapter = None

    # -- start-up -----------------------------------------------------------
    def start(self):
        from . import frameworks

        t0 = time.perf_counter()
        try:
            self.adapter = frameworks.load(self.framework)
            devices = self.adapter.devices()
        except BaseException as exc:  # ImportError, or a framework that aborts its own import
            self.channel.send({"type": "fatal", "stage": "import", "error": error_info(exc)})
            return False
        import_s = time.perf_counter() - t0
        try:
            # --framework-config: the whole worker's configuration, before anything runs
            self.config = self.adapter.configure(self.settings)
        except Exception as exc:  # noqa: BLE001 - an unknown key or a bad value: nothing can run
            self.channel.send({"type": "fatal", "stage": "config", "error": error_info(exc)})
            return False
        # A deviceless mode (JAX's "lower") targets a device this machine need not have:
        # its arrays live on the CPU and only the compiler's front end sees the device.
        deviceless = self.adapter.deviceless_modes()
        self.place = "cpu" if self.device and self.mode in deviceless and self.device in deviceless[self.mode] else self.device
        if self.device and self.place == self.device and self.device not in devices:
            self.channel.send({
                "type": "fatal", "stage": "device",
                "error": {"type": "DeviceUnavailable", "message": f"{self.framework} sees no {self.device} device here (it sees: {', '.join(devices) or 'none'})", "traceback": ""},
            })
            return False
        if self.mode == "aot" and self.device:
            try:
                if not self.aot_target:
                    raise ValueError(f"mode aot needs --aot-target (for {self.device}: {', '.join(self.adapter.aot_targets().get(self.device, [])) or 'none here'})")
                self.adapter.set_aot_target(self.aot_target, self.device)
            except Exception as exc:  # noqa: BLE001 - an unknown generation, a compiler that does not start
                self.channel.send({"type": "fatal", "stage": "device", "error": error_info(exc)})
                return False
        self.handle = self.adapter.handle(self.place) if self.place else None
        self.state = ProcessState()
        calibration = None
        if self.device and self.place == self.device:  # nothing is timed in a deviceless mode
            from .timing import calibrate

            try:
                self.adapter.before_case(self.device, "eager")
                with self.adapter.context(self.device):
                    calibration = calibrate(self.adapter, self.handle)
            except Exception as exc:
                calibration = {"error": f"{type(exc).__name__}: {exc}"}
        self.state_guard = StateGuard(self.adapter)
        self.channel.send({
            "type": "hello",
            "protocol": PROTOCOL,
            "pid": os.getpid(),
            "framework": self.framework,
            "version": self.adapter.version(),
            "python": sys.executable,
            "python_version": platform.python_version(),
            "devices": devices,
            "modes": self.adapter.modes(),
            "mode_problems": self.adapter.mode_problems(),
            "compiled_with": self.adapter.compiled_with,
            "hardware": (self.adapter.hardware(self.device) if self.place == self.device else self.adapter.deviceless_hardware(self.device, self.mode)) if self.device else None,
            "deviceless": deviceless,
            "aot_targets": self.adapter.aot_targets(),
            "build": self.adapter.build_info(),
            "config": self.config,
            "import_s": import_s,
            "calibration": calibration,
        })
        return True

    # -- test files ---------------------------------------------------------
    def load(self, path, capture):
        if path in self.files:
            return self.files[path]
        from .cases import load_test_file

        module, found = load_test_file(path, around=capture)
        test_file = TestFile(path, module, found)
        self.files[path] = test_file
        return test_file

    def handle_list(self, req):
        from .capture import CaptureOutput

        path = req["file"]
        capture = CaptureOutput(self.capture_dir)
        answer = {"type": "listed", "file": path}
        # what importing the file changes is set back: no case inherits it
        before = self.state_guard.read()
        try:
            tf = self.load(path, capture)
            answer["function"] = tf.function if isinstance(tf.function, str) else None
            answer["cases"] = [{"name": c.name, "params": c.params, "line": c.lineno, "function": c.function} for c in tf.cases.values()]
            if req.get("check"):
                from .check import file_facts

                answer["check"] = {**file_facts(path, tf.module, tf.found), "case_count": len(tf.found)}
        except BaseException as exc:  # noqa: BLE001 - anything a file's import raises is its collection error
            answer["error"] = error_info(exc)
            answer["stdout"], answer["stderr"] = capture.stdout, capture.stderr
            if req.get("check"):
                from .check import import_facts

                answer["check"] = import_facts(path, exc)
        _, replace = self.state_guard.settle(before)
        if replace:
            answer["replace_worker"] = replace
        self.after_request()
        self.channel.send(answer, req)
        # What importing left (a framework, an op database of thousands of entries) lives
        # as long as the worker: keep it out of every later garbage collection's scan.
        import gc

        gc.collect()
        gc.freeze()

    # -- cases --------------------------------------------------------------
    def handle_run(self, req):
        from .capture import CaptureOutput
        from .timing import Bench

        rid = req.get("id")
        self.channel.send({"type": "started", "id": rid, "pid": os.getpid()}, req)
        outcome, error = "pass", None
        bench = traced = analysis = None
        threads_before = set(threading.enumerate())
        before = self.state_guard.read()  # before the file's import too: in a fresh worker, what it changes is the case's
        seed_generators()
        t0 = time.perf_counter()
        capture = CaptureOutput(self.capture_dir)
        try:
            tf = self.load(req["file"], CaptureOutput(self.capture_dir))
            c = tf.cases.get(req["case"])
            if c is None:
                raise LookupError(f"{req['file']} has no case {req['case']!r}")
            bench = Bench(self.adapter, self.handle, self.mode, req.get("timing"), device_name=self.device, record_ops=bool(req.get("record_ops")))
            if req.get("trace"):
                from .check import TracedCase

                traced = TracedCase(tf.path, tf.module, c, bench)
            outcome, error, analysis = self.run_body(c, bench, capture, traced)
        except BaseException as exc:  # noqa: BLE001
            outcome, error = "error", error_info(exc)
        duration_ms = (time.perf_counter() - t0) * 1e3
        state_changes, replace = self.state_guard.settle(before)
        killed = self.after_request()
        threads_left = [t.name for t in threading.enumerate() if t not in threads_before and t.is_alive()]
        answer = {
            "type": "result",
            "id": rid,
            "outcome": outcome,
            "error": error,
            "timings": bench.measurements if bench else [],
            "duration_ms": duration_ms,
            "stdout": getattr(capture, "stdout", ""),
            "stderr": getattr(capture, "stderr", ""),
            "stdout_bytes": getattr(capture, "stdout_bytes", 0),
            "stderr_bytes": getattr(capture, "stderr_bytes", 0),
            "processes_killed": killed,
            "threads_left": threads_left,
            "state_changes": state_changes,
            "replace_worker": replace,
        }
        if bench is not None and bench.analysis:  # what the case measured of its outputs (the compiler's analysis wins a clash)
            analysis = {**bench.analysis, **(analysis or {})}
        if analysis:
            answer["analysis"] = analysis
        if traced is not None:
            answer["trace"] = traced.report()
        if req.get("record_ops") and bench is not None:
            answer["ops"] = bench.ops
            if bench.ops_error:
                answer["ops_error"] = bench.ops_error
            answer["record_ms"] = bench.record_ms
        self.channel.send(answer, req)

    def run_body(self, c, bench, capture, traced=None):
        """Run case ``c``'s body once with ``bench`` (output captured by ``capture``, process
        state entered and left, the case's scope, device and mode set up): ``(outcome,
        error, analysis)``. Every exception the body raises is its outcome."""
        from .cases import Skip
        from .timing import Lowered

        outcome, error, analysis = "pass", None, None
        with capture:
            try:
                self.state.enter_case()
                try:
                    # the case's own configuration (JAX's 64-bit scope), left before its result
                    with self.adapter.case_scope(c):
                        self.adapter.before_case(self.place, self.mode)
                        with self.adapter.context(self.place), traced or contextlib.nullcontext():
                            c.fn(bench, self.handle, **c.params)
                finally:
                    self.state.leave_case()
            except (Skip, unittest.SkipTest) as exc:
                outcome, error = "skip", error_info(exc)
            except Lowered as done:
                outcome = "pass"  # a deviceless mode: the timed call compiled for the device; nothing after it ran
                analysis = done.analysis
            except SystemExit as exc:
                # the case tried to end the process: what os._exit would have done
                outcome, error = "crash", error_info(exc)
                error["message"] = f"the case called sys.exit({exc.code!r}): exit status {exit_status(exc.code)}"
            except BaseException as exc:  # noqa: BLE001 - KeyboardInterrupt too: the case's failure
                outcome, error = "fail", error_info(exc)
            else:
                if self.place != self.device:
                    outcome, error = "skip", {"type": "Skip", "message": f"the case never called bench.measure: nothing was compiled for {self.device} ({self.mode})", "traceback": ""}
        return outcome, error, analysis

    def handle_run_group(self, req):
        """k cases compiled as one program (--group): group.py."""
        from .group import run_group

        self.channel.send({"type": "started", "id": req.get("id"), "pid": os.getpid()}, req)
        self.channel.send(run_group(self, req), req)

    def after_request(self):
        """Undo what the file or case left behind; the number of processes killed."""
        self.state.restore()
        killed = kill_descendants()
        if not self.channel.intact():
            os.write(2, b"portabench worker: a case closed or replaced the protocol descriptors; exiting\n")
            os._exit(BROKEN_CHANNEL_EXIT)
        return killed

    def handle_health(self, req):
        """Run a tiny computation on the device: a case may have left it (or the
        framework's state) unusable, in which case the orchestrator replaces us."""
        try:
            with self.adapter.context(self.place):
                self.adapter.health_check(self.handle)
            self.channel.send({"type": "health", "ok": True}, req)
        except BaseException as exc:  # noqa: BLE001
            self.channel.send({"type": "health", "ok": False, "error": error_info(exc)}, req)

    def serve(self):
        while True:
            req = self.channel.receive()
            if req is None or req.get("type") == "shutdown":
                return
            kind = req.get("type")
            if kind == "list":
                self.handle_list(req)
            elif kind == "run":
                self.handle_run(req)
            elif kind == "run_group":
                self.handle_run_group(req)
            elif kind == "ping":
                self.channel.send({"type": "pong"}, req)
            elif kind == "health":
                self.handle_health(req)
            else:
                self.channel.send({"type": "error", "message": f"unknown request type {kind!r}"}, req)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="portabench.worker")
    ap.add_argument("--framework", required=True)
    ap.add_argument("--device", default=None, help="cpu, cuda, tpu, xla, mps; none for a probe")
    ap.add_argument("--mode", default="eager", choices=vocabulary.mode_names())
    ap.add_argument("--in-fd", type=int, default=3)
    ap.add_argument("--out-fd", type=int, default=4)
    ap.add_argument("--probe", action="store_true", help="say hello and exit")
    ap.add_argument("--capture-dir", default=None, help="where each case's stdout/stderr are captured")
    ap.add_argument("--aot-target", default=None, help="mode aot: the generation compiled for (tpu: v4, v5e, v5p, v6e; cuda: sm_80, sm_90, sm_100)")
    ap.add_argument("--framework-config", default="{}", help='JSON object of settings for the whole worker, e.g. {"jax_enable_x64": true}')
    args = ap.parse_args(argv)
    fork_guard(close_fds=(args.in_fd, args.out_fd))
    die_with_parent()
    in_fd, out_fd = protect_fds(None if args.probe else args.in_fd, args.out_fd)
    channel = Channel(in_fd, out_fd)
    import json

    worker = Worker(channel, args.framework, args.device, args.mode, args.capture_dir, json.loads(args.framework_config), args.aot_target)
    if not worker.start():
        return 3
    if args.probe:
        return 0
    worker.serve()
    kill_descendants()
    return 0


if __name__ == "__main__":
    status = main()
    # not sys.exit: a thread a case left running must not keep the worker alive
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001
            pass
    os._exit(status)
