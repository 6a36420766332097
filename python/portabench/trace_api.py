"""Trace public functions on the CPU: which operators each dispatches, for inputs made up here.

    python -m portabench.trace_api --framework jax --names names.json --out results.jsonl

For each qualified name (``jax.tree.map``, ``torch.nn.functional.linear``, ``tf.reduce_sum``)
the function is resolved (importing modules along its path) and called with argument
candidates in order, each under the framework's operator recorder (recorder.py); the first
call that succeeds is the trace:

    ()  ·  a nested list of floats  ·  a small float32 array  ·  a float64 one  ·  two arrays
    (2x3 twice, 2x3 and 3x2)  ·  a list of two arrays  ·  an array and a shape  ·  an array
    and 0  ·  a square 3x3 array (what linear algebra takes)  ·  a function  ·  a function and an array  ·  one, two, three ints (3: a layer's
    sizes)  ·  a dtype  ·  a shape  ·  "cpu"  ·  True

(the function is the identity, so a transformation or tree utility is traced for what it
does itself, not for the work of the function it is given; the array is the framework's
own array, a NumPy array for JAX, so that an array made from host data shows as a
transfer). A class is constructed, then its instance, when callable, is called on the
array (or two, or a 1x3x8 batch of sequences, or a 1x3x8x8 batch of images: a layer's
forward); the ops of both are the trace. A callable instance that takes none of them and whose construction dispatched nothing is no trace (a loss
needs a target of its own kind): the next candidate is tried. A function whose trace dispatches no operator does no
device work for the inputs it was called with: that is decided by this trace, never by a
list. One JSON line per function, written as it ends (a line ``{"start": NAME}`` before
each, so the orchestrator can tell which function killed the process):
``{"function", "ops", "device_work", "called_as", "error", "seconds"}`` — ``ops`` and
``device_work`` are null when no candidate could be called, ``error`` then says why
(the first candidate's error, the most telling). Each function has a time limit
(``--timeout``, SIGALRM). Runs in a scratch working directory, so that a function that
writes files writes them there.

What it cannot see: the operators other inputs would dispatch (another dtype, a list of
ints), and work a function does only on a device other than the CPU.
"""
import argparse
import contextlib
import importlib
import inspect
import io
import json
import os
import signal
import sys
import tempfile
import time
import warnings

from . import vocabulary
from .recorder import record


class TraceTimeout(BaseException):
    """The function ran past its time limit."""


def resolve(name):
    """The object a qualified name names, importing modules along the way; LookupError when none."""
    dotted = vocabulary.module_of_prefix(name)
    parts = dotted.split(".")
    obj = None
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except Exception:  # noqa: BLE001 - not a module (or one that fails): try a shorter path
            continue
        rest = parts[i:]
        break
    else:
        raise LookupError(f"{name}: no importable module on its path")
    for attr in rest:
        try:
            obj = getattr(obj, attr)
        except AttributeError:
            raise LookupError(f"{name}: {type(obj).__name__} {getattr(obj, '__name__', '?')} has no attribute {attr!r}") from None
    return obj


def identity(x):
    return x


def inputs(framework):
    """(nested list, float32 array 2x3, its 3x2 transpose, dtype, float64 array, square float32
    array 3x3: what linear algebra takes) in the framework's own types."""
    data = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    square = [[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]]
    if framework == "pytorch":
        import torch

        x = torch.tensor(data, dtype=torch.float32)
        return data, x, x.T.contiguous(), torch.float32, torch.tensor(data, dtype=torch.float64), torch.tensor(square)
    if framework == "jax":
        import jax.numpy as jnp
        import numpy as np

        x = np.array(data, dtype=np.float32)
        return data, x, np.ascontiguousarray(x.T), jnp.float32, np.array(data, dtype=np.float64), np.array(square, dtype=np.float32)
    import tensorflow as tf

    x = tf.constant(data, dtype=tf.float32)
    return data, x, tf.transpose(x), tf.float32, tf.constant(data, dtype=tf.float64), tf.constant(square)


def candidates(framework):
    data, x, xt, dtype, x64, sq = inputs(framework)
    return [
        ("()", ()),
        ("(nested list of floats)", (data,)),
        ("(float32 array 2x3)", (x,)),
        ("(float64 array 2x3)", (x64,)),
        ("(float32 array 2x3, float32 array 2x3)", (x, x)),
        ("(float32 array 2x3, float32 array 3x2)", (x, xt)),
        ("([float32 array 2x3, float32 array 2x3])", ([x, x],)),
        ("(float32 array 2x3, shape (3, 2))", (x, (3, 2))),
        ("(float32 array 2x3, 0)", (x, 0)),
        ("(float32 array 3x3)", (sq,)),
        ("(identity function)", (identity,)),
        ("(identity function, float32 array 2x3)", (identity, x)),
        ("(3)", (3,)),
        ("(3, 3)", (3, 3)),
        ("(3, 3, 3)", (3, 3, 3)),
        ("(float32 dtype)", (dtype,)),
        ("(shape (2, 3))", ((2, 3),)),
        ("('cpu')", ("cpu",)),
        ("(True)", (True,)),
    ], x


def instance_inputs(framework, x):
    """What a constructed layer is called on, in order: the 2x3 array (twice), a batch of
    3-channel sequences (1x3x8) and of 3-channel images (1x3x8x8), float32."""
    seq, img = [[[0.5] * 8] * 3], [[[[0.5] * 8] * 8] * 3]
    if framework == "pytorch":
        import torch

        as_array = lambda d: torch.tensor(d, dtype=torch.float32)  # noqa: E731
    elif framework == "jax":
        import numpy as np

        as_array = lambda d: np.array(d, dtype=np.float32)  # noqa: E731
    else:
        import tensorflow as tf

        as_array = lambda d: tf.constant(d, dtype=tf.float32)  # noqa: E731
    return [("(float32 array 2x3)", (x,)), ("(float32 array 2x3, float32 array 2x3)", (x, x)),
            ("(float32 array 1x3x8)", (as_array(seq),)), ("(float32 array 1x3x8x8)", (as_array(img),))]


def call_instance(framework, instance, x):
    """The ops of calling a constructed instance on the first input it takes; None when none fits."""
    for label, args in instance_inputs(framework, x):
        try:
            _, ops = record(framework, instance, *args)
            return ops, label
        except Exception:  # noqa: BLE001 - the instance takes other inputs
            continue
    return None, None


def returns_an_input(result, args):
    return any(result is a for a in args if not isinstance(a, (int, float, str, tuple)))


def trace_one(framework, name, timeout_s, made):
    """``made``: ``candidates(framework)``, made once."""
    """The first candidate call that succeeds is the trace; one that dispatches nothing and
    returns its own input (``x.float()`` on a float32 array) is kept only when no later
    candidate dispatches anything (such a call is a no-op for those inputs alone)."""
    t0 = time.perf_counter()
    out = {"function": name, "ops": None, "device_work": None, "called_as": None, "error": None}
    try:
        fn = resolve(name)
    except LookupError as exc:
        out["error"] = f"LookupError: {exc}"
        return out
    if not callable(fn):
        out["error"] = f"TypeError: {name} is a {type(fn).__name__}, not callable"
        return out
    cands, x = made
    first_error = None
    fallback = None
    for label, args in cands:
        try:
            with limit(timeout_s), quiet():
                result, ops = record(framework, fn, *args)
                called = f"{name}{label}"
                if inspect.isclass(fn) and callable(result):
                    more, how = call_instance(framework, result, x)
                    if more is None and not ops:
                        # a layer or loss that takes other inputs: constructing it says nothing of its work
                        first_error = first_error or f"{called} constructed, but its instance could not be called on the made-up arrays"
                        continue
                    if more is not None:
                        ops = sorted(set(ops) | set(more))
                        called += how
        except TraceTimeout:
            out["error"] = f"TraceTimeout: {name}{label} ran longer than {timeout_s} s"
            break
        except BaseException as exc:  # noqa: BLE001 - SystemExit and friends too: this candidate does not fit
            first_error = first_error or f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]
            continue
        if not ops and returns_an_input(result, args):
            fallback = fallback or (ops, called)
            continue
        out.update(ops=ops, device_work=bool(ops), called_as=called, error=None)
        break
    else:
        if fallback:
            out.update(ops=fallback[0], device_work=False, called_as=f"{fallback[1]} (returned its input)", error=None)
        else:
            out["error"] = f"no candidate call succeeded; {first_error}"
    out["seconds"] = round(time.perf_counter() - t0, 4)
    return out


@contextlib.contextmanager
def limit(seconds):
    def ring(signum, frame):  # noqa: ARG001
        raise TraceTimeout()

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@contextlib.contextmanager
def quiet():
    """What a traced function prints or warns is not the tracer's output."""
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        yield


def main(argv=None):
    ap = argparse.ArgumentParser(prog="portabench.trace_api")
    ap.add_argument("--framework", required=True)
    ap.add_argument("--names", required=True, help="a JSON file: the list of qualified names to trace")
    ap.add_argument("--out", required=True, help="JSON Lines written here, one line per function")
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per function")
    args = ap.parse_args(argv)
    with open(args.names, encoding="utf-8") as f:
        names = json.load(f)
    out = open(args.out, "a", encoding="utf-8", buffering=1)
    module = importlib.import_module(vocabulary.framework(args.framework)["module"])
    version = getattr(module, "__version__", "?")
    out.write(json.dumps({"framework": args.framework, "version": version}) + "\n")
    os.chdir(tempfile.mkdtemp(prefix="portabench-trace-"))
    made = candidates(args.framework)  # before the first function: a failure here is the tracer's, not a function's
    for name in names:
        out.write(json.dumps({"start": name}) + "\n")
        out.write(json.dumps(trace_one(args.framework, name, args.timeout, made)) + "\n")
    out.close()
    return 0


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    os._exit(status)
