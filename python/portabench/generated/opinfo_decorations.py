"""What an OpInfo's own decorations (``DecorateInfo``) say about one of our cases.

PyTorch attaches skips, expected failures and tolerance overrides to each OpInfo for
named test classes and tests, optionally per device type and dtype. A generated case
runs the op's samples on a device and compares them with CPU, which is what
``TestCommon.test_compare_cpu`` does; so the decorations that speak for our case are
those aimed at:

- every test (no class, no test name), or every ``TestCommon`` test;
- ``TestCommon.test_compare_cpu`` (the device-vs-CPU comparison itself);
- in compiled mode also ``TestInductorOpInfo`` (its tolerance overrides).

Their meaning here:

- ``unittest.skip`` aimed at a whole test class or every test → the case is skipped
  with the decoration's reason (``skip``);
- ``unittest.skip`` aimed at ``test_compare_cpu`` → the op runs but its results are
  not compared (random ops, uninitialised memory, ...) (``no_compare``);
- ``unittest.expectedFailure`` → the framework itself expects this op and dtype to
  fail on this device type (``xfail``): a failure there is expected, a pass is a
  stale declaration. PyTorch runs ``test_compare_cpu`` on devices other than CPU
  only, so its expected failures are not applied to ``cpu``;
- a skip whose reason is "test is slow" is ignored: PyTorch's CI skips slow tests by
  default, portabench has its own time limits;
- ``toleranceOverride`` / ``precisionOverride`` → looser tolerances (``tolerance``).

Decorations conditioned with ``active_if`` are evaluated here, in the worker (e.g.
"no LAPACK"); one whose condition raises counts as inactive. Device-type decorators
(``onlyCUDA``, ``skipCUDAIf``, ``expectedFailure(device_type)``) act when the test
runs, so each is called on a dummy test with a stand-in ``self`` for the device type.
"""
import unittest

COMPARE_TEST = ("TestCommon", "test_compare_cpu")
INDUCTOR_CLASS = "TestInductorOpInfo"
SLOW_SKIP = "test is slow"


class Decorations:
    __slots__ = ("skip", "no_compare", "xfail", "tolerance")

    def __init__(self):
        self.skip = None  # reason, when the framework skips this op here
        self.no_compare = None  # reason, when results are not comparable
        self.xfail = None  # "Class.test" whose expected failure applies
        self.tolerance = {}  # torch dtype -> (rtol, atol)


_EFFECTS = {}


class _Ran(Exception):
    """Raised by the dummy test: the decorated test body was reached."""


class _Stand:
    """What device-type test decorators read from ``self`` (``skipCUDAIf("no_magma")``,
    ``onlyCUDA``, ``expectedFailure(device_type)``)."""

    def __init__(self, device_type, dtype):
        import torch

        self.device_type = self.device = device_type
        self.dtype = dtype
        self.no_magma = device_type == "cuda" and not torch.cuda.has_magma
        self.no_cudnn = device_type == "cuda" and not torch.backends.cudnn.is_available()
        self.precision, self.rel_tol = 0.0, 0.0

    def fail(self, message):
        raise AssertionError(message)


def _effects(decorator, device_type, dtype):
    """What a decorator does to a test on ``device_type`` at ``dtype`` (cached: op_db
    shares decorator objects)."""
    key = (id(decorator), device_type, dtype)
    if key not in _EFFECTS:
        # the entry holds the decorator, so its id cannot be reused by another object
        _EFFECTS[key] = (decorator, _read_effects(decorator, device_type, dtype))
    return _EFFECTS[key][1]


def _read_effects(decorator, device_type, dtype):
    """Decorate a dummy test, read what the decorator marked on it, then call it with a
    stand-in ``self``: a ``SkipTest`` is a skip; a wrapper that swallows the body's
    exception is an expected failure (``common_device_type.expectedFailure``)."""

    def dummy(*args, **kwargs):
        raise _Ran()

    try:
        out = decorator(dummy)
    except Exception:
        return {}
    out = out if callable(out) else dummy
    found = {}
    if getattr(out, "__unittest_skip__", False):
        found["skip"] = getattr(out, "__unittest_skip_why__", "") or "skipped"
    if getattr(out, "__unittest_expecting_failure__", False):
        found["xfail"] = True
    tol = getattr(out, "tolerance_overrides", None)
    if tol:
        found["tolerance"] = {d: (t.rtol, t.atol) for d, t in tol.items()}
    prec = getattr(out, "precision_overrides", None)
    if prec:  # precisionOverride sets atol only
        found.setdefault("tolerance", {}).update({d: (0.0, p) for d, p in prec.items() if d not in found.get("tolerance", {})})
    if "skip" in found or "xfail" in found:
        return found
    try:
        out(_Stand(device_type, dtype), device_type, dtype=dtype)
    except unittest.SkipTest as exc:
        found["skip"] = str(exc) or "skipped"
    except _Ran:
        pass
    except BaseException:  # a wrapper needing more of a real TestCase: no effect we can read
        pass
    else:
        if out is not dummy:
            found["xfail"] = True  # the body raised and the wrapper returned: expected failure
    return found


def _aims(info, compiled):
    """Whether a DecorateInfo's class/test target covers our case; returns the
    target's label, or None."""
    cls, test = info.cls_name, info.test_name
    if cls is None and test is None:
        return "all tests"
    if cls == "TestCommon" and test in (None, COMPARE_TEST[1]):
        return f"TestCommon.{test}" if test else "TestCommon"
    if compiled and cls == INDUCTOR_CLASS:
        return f"{cls}.{test}" if test else cls
    return None


def _active(info, device_type, dtype):
    if info.device_type is not None and info.device_type != device_type:
        return False
    if info.dtypes is not None and dtype not in info.dtypes:
        return False
    active = info.active_if
    try:
        return bool(active({}) if callable(active) else active)
    except Exception:
        return False


def decorations(op, device_type, dtype, compiled=False, aims=None, owner="OpInfo", compare_test=COMPARE_TEST[1]):
    """The ``Decorations`` that apply to ``op`` at ``dtype`` on ``device_type``.
    ``aims(info, compiled)``: which DecorateInfo targets speak for the case (default:
    OpInfo's, above); ``compare_test``: the test whose skips mean "not compared" and
    whose expected failures do not apply on cpu; ``owner`` names the database in
    reasons (ModuleInfo and OptimizerInfo decorate the same way: torch_modules.py)."""
    aims = aims or _aims
    from torch.testing._internal.opinfo.core import DecorateInfo

    out = Decorations()
    for info in op.decorators:
        if not isinstance(info, DecorateInfo):
            target, decorators = "all tests", [info]
        else:
            target = aims(info, compiled)
            if target is None or not _active(info, device_type, dtype):
                continue
            decorators = info.decorators
        for decorator in decorators:
            found = _effects(decorator, device_type, dtype)
            if found.get("skip", "").startswith(SLOW_SKIP):
                found.pop("skip")
            if "skip" in found:
                reason = f"{owner} skips {target}: {found['skip']}"
                if target.endswith(compare_test):
                    out.no_compare = out.no_compare or reason
                else:
                    out.skip = out.skip or reason
            if found.get("xfail") and not (target.endswith(compare_test) and device_type == "cpu"):
                out.xfail = out.xfail or target
            for d, rt in found.get("tolerance", {}).items():
                old = out.tolerance.get(d, (0.0, 0.0))
                out.tolerance[d] = (max(old[0], rt[0]), max(old[1], rt[1]))
    return out
