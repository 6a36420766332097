"""The portabench worker: imports one framework once, then runs test-file cases on
one device in one mode, answering requests over JSON Lines on dedicated file
descriptors (requests in on --in-fd, answers out on --out-fd), so that tests may
print anything on stdout and stderr.

Requests:  {"type":"list","file":PATH}
           {"type":"run","id":N,"file":PATH,"case":NAME,"timing":{…}}
           {"type":"health"}  (is the device still usable? answered {"type":"health","ok":…})
           {"type":"ping"}, {"type":"shutdown"}
Answers:   {"type":"hello",…} once ready; {"type":"listed",…}; {"type":"started","id":N};
           {"type":"result","id":N,…}; {"type":"fatal",…} when the framework cannot load.
"""
import argparse
import json
import os
import platform
import sys
import time
import traceback
import unittest

PROTOCOL = 1
PROTOCOL_FD_BASE = 200  # where the protocol descriptors are moved, out of a test's way


def protect_fds(in_fd, out_fd):
    """Move the protocol descriptors high and put /dev/null in their old places, so a
    test that closes (or writes to) descriptors 3 and 4 cannot break the protocol."""
    import fcntl

    moved = []
    for fd in (in_fd, out_fd):
        if fd is None:
            moved.append(None)
            continue
        high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, PROTOCOL_FD_BASE)
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, fd)
        os.close(null)
        moved.append(high)
    return moved


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
                    os.killpg(os.getpgid(0), 9)
                finally:
                    os._exit(1)

    threading.Thread(target=watch, name="portabench-parent-watch", daemon=True).start()


class Channel:
    def __init__(self, in_fd, out_fd):
        self.inp = os.fdopen(in_fd, "rb", buffering=0) if in_fd is not None else None
        self.out_fd = out_fd
        self._buf = b""

    def send(self, message):
        data = (json.dumps(message, default=str, allow_nan=True) + "\n").encode()
        view = memoryview(data)
        while view:
            n = os.write(self.out_fd, view)
            view = view[n:]

    def receive(self):
        while b"\n" not in self._buf:
            chunk = self.inp.read(65536)
            if not chunk:
                return None
            self._buf += chunk
        line, self._buf = self._buf.split(b"\n", 1)
        return json.loads(line)


def exit_status(code):
    if code is None:
        return 0
    return code if isinstance(code, int) else 1


def error_info(exc):
    return {
        "type": type(exc).__module__ + "." + type(exc).__qualname__
        if type(exc).__module__ not in ("builtins", "__main__")
        else type(exc).__qualname__,
        "message": str(exc),
        "traceback": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
    }


class TestFile:
    def __init__(self, path, module, cases):
        self.path = path
        self.module = module
        self.function = getattr(module, "FUNCTION", None)
        self.cases = {c.name: c for c in cases}


class Worker:
    def __init__(self, channel, framework, device, mode, capture_dir=None):
        self.capture_dir = capture_dir
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
        if self.device and self.device not in devices:
            self.channel.send({
                "type": "fatal", "stage": "device",
                "error": {"type": "DeviceUnavailable", "message": f"{self.framework} sees no {self.device} device here (it sees: {', '.join(devices) or 'none'})", "traceback": ""},
            })
            return False
        self.handle = self.adapter.handle(self.device) if self.device else None
        calibration = None
        if self.device:
            from .timing import calibrate

            try:
                self.adapter.before_case(self.device, "eager")
                with self.adapter.context(self.device):
                    calibration = calibrate(self.adapter, self.handle)
            except Exception as exc:
                calibration = {"error": f"{type(exc).__name__}: {exc}"}
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
            "hardware": self.adapter.hardware(self.device) if self.device else None,
            "build": self.adapter.build_info(),
            "import_s": import_s,
            "calibration": calibration,
        })
        return True

    # -- test files ---------------------------------------------------------
    def load(self, path):
        if path in self.files:
            return self.files[path]
        from .capture import CaptureOutput
        from .cases import load_test_file

        module, found = load_test_file(path, around=CaptureOutput(self.capture_dir))
        test_file = TestFile(path, module, found)
        self.files[path] = test_file
        return test_file

    def handle_list(self, req):
        path = req["file"]
        try:
            tf = self.load(path)
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            self.channel.send({"type": "listed", "file": path, "error": error_info(exc)})
            return
        self.channel.send({
            "type": "listed",
            "file": path,
            "function": tf.function,
            "cases": [{"name": c.name, "params": c.params, "line": c.lineno} for c in tf.cases.values()],
        })

    # -- cases --------------------------------------------------------------
    def handle_run(self, req):
        from .capture import CaptureOutput
        from .cases import Skip
        from .timing import Bench

        rid = req.get("id")
        self.channel.send({"type": "started", "id": rid, "pid": os.getpid()})
        outcome, error = "pass", None
        bench = None
        t0 = time.perf_counter()
        capture = CaptureOutput(self.capture_dir)
        try:
            tf = self.load(req["file"])
            c = tf.cases.get(req["case"])
            if c is None:
                raise LookupError(f"{req['file']} has no case {req['case']!r}")
            bench = Bench(self.adapter, self.handle, self.mode, req.get("timing"))
            with capture:
                try:
                    self.adapter.before_case(self.device, self.mode)
                    with self.adapter.context(self.device):
                        c.fn(bench, self.handle, **c.params)
                except (Skip, unittest.SkipTest) as exc:
                    outcome, error = "skip", error_info(exc)
                except SystemExit as exc:
                    # the case tried to end the process: what os._exit would have done
                    outcome, error = "crash", error_info(exc)
                    error["message"] = f"the case called sys.exit({exc.code!r}): exit status {exit_status(exc.code)}"
                except BaseException as exc:
                    if isinstance(exc, KeyboardInterrupt):
                        raise
                    outcome, error = "fail", error_info(exc)
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            outcome, error = "error", error_info(exc)
        duration_ms = (time.perf_counter() - t0) * 1e3
        self.channel.send({
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
        })

    def handle_health(self):
        """Run a tiny computation on the device: a case may have left it (or the
        framework's state) unusable, in which case the orchestrator replaces us."""
        try:
            with self.adapter.context(self.device):
                self.adapter.health_check(self.handle)
            self.channel.send({"type": "health", "ok": True})
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            self.channel.send({"type": "health", "ok": False, "error": error_info(exc)})

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
            elif kind == "ping":
                self.channel.send({"type": "pong"})
            elif kind == "health":
                self.handle_health()
            else:
                self.channel.send({"type": "error", "message": f"unknown request type {kind!r}"})


def main(argv=None):
    ap = argparse.ArgumentParser(prog="portabench.worker")
    ap.add_argument("--framework", required=True)
    ap.add_argument("--device", default=None, help="cpu, cuda, tpu, xla, mps; none for a probe")
    ap.add_argument("--mode", default="eager", choices=["eager", "compiled"])
    ap.add_argument("--in-fd", type=int, default=3)
    ap.add_argument("--out-fd", type=int, default=4)
    ap.add_argument("--probe", action="store_true", help="say hello and exit")
    ap.add_argument("--capture-dir", default=None, help="where each case's stdout/stderr are captured")
    args = ap.parse_args(argv)
    die_with_parent()
    in_fd, out_fd = protect_fds(None if args.probe else args.in_fd, args.out_fd)
    channel = Channel(in_fd, out_fd)
    worker = Worker(channel, args.framework, args.device, args.mode, args.capture_dir)
    if not worker.start():
        return 3
    if args.probe:
        return 0
    worker.serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
