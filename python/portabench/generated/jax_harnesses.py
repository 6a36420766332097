"""The ``jax-harnesses`` suite: every harness in JAX's own
``jax._src.internal_test_util.test_harnesses`` (one use of one primitive with its
arguments, ~7,500 in ~130 groups), run on the target and compared with CPU.

Case name: the harness's ``fullname`` (``<group>_<name>``, unique). Function: the
public name of the group's primitive (``public_name``): a table for the groups whose
name is not a public function (``and`` → ``jax.lax.bitwise_and``, ``random_uniform``
→ ``jax.random.uniform``, ``reduce_window_add`` → ``jax.lax.reduce_window``, …),
then ``jax.lax.<group>``, ``jax.lax.linalg.<group>``, and as a fallback
``jax.lax.<group>`` unresolved (internal primitives such as ``add_any``,
``select_and_gather_add``); params ``mapped`` says which.

JAX runs in its default 32-bit mode; the harnesses are enumerated with 64-bit types
enabled (JAX defines its float64/int64/complex128 harnesses only then), and a harness
whose dtype or name is 64-bit runs with 64-bit types enabled in its own scope (the
case's ``x64``), so a float64 harness still tests float64.

Running a case: the harness's arguments are made with a fixed seed as NumPy arrays
(``dyn_args_maker``), put on the target, and ``dyn_fun`` (the harness's function with
its static arguments bound) is timed with ``bench.measure`` — eagerly, or under
``jax.jit`` in compiled mode. The reference is ``dyn_fun`` on the same arguments on
the CPU device, eagerly: the harnesses carry no expected outputs, and the CPU is the
reference platform (on ``cpu``/eager the case thus checks that the harness runs).
Outputs are compared at the harness dtype's tolerance (``numpy_compare``); for groups
whose outputs are not unique (``eig``, ``eigh``, ``svd``, ``qr``, ``lu``, ...) only
the outputs' shapes and dtypes. When a comparison fails, CPU is asked twice: if it
disagrees with itself the output is nondeterministic and not compared.

Params: ``group``, ``dtype``, ``mapped`` (the case name already names the harness), and
the harness's declared limitations (``jax_unimplemented``), per portabench device
(JAX's ``gpu`` is portabench's ``cuda``):

- ``limited``: the devices on which a limitation applies to this harness's dtype;
- ``limitations``: their descriptions with devices.

On a target whose device is D: a fail with D in ``limited`` is expected (the note
"portabench: expected failure: …" says which limitation), any other fail is a
finding, a pass with D in ``limited`` is a stale limitation. A limitation marked
``skip_run`` (running it crashes) becomes a skip on its devices.
"""
import numpy as np

from .. import vocabulary
from ..cases import names_64bit
from .numpy_compare import compare_leaves, compare_shapes
from .spec import CaseSpec

# JAX's device names → portabench's (the vocabulary's: gpu → cuda, ...)
DEVICES = {jax_name: device for device, jax_name in vocabulary.framework_device_names("jax").items()}
NOT_UNIQUE = {"eig", "eigh", "svd", "qr", "lu", "approx_top_k", "schur"}
SEED = 0

NAMES = {
    "and": "jax.lax.bitwise_and",
    "or": "jax.lax.bitwise_or",
    "xor": "jax.lax.bitwise_xor",
    "not": "jax.lax.bitwise_not",
    "approx_top_k": "jax.lax.approx_max_k",
    "device_put": "jax.device_put",
    "random_categorical": "jax.random.categorical",
    "random_gamma": "jax.random.gamma",
    "random_randint": "jax.random.randint",
    "random_split": "jax.random.split",
    "random_uniform": "jax.random.uniform",
    "reduce_window_add": "jax.lax.reduce_window",
    "reduce_window_max": "jax.lax.reduce_window",
    "reduce_window_min": "jax.lax.reduce_window",
    "reduce_window_mul": "jax.lax.reduce_window",
    "regularized_incomplete_beta": "jax.lax.betainc",
}


def load_harnesses():
    """All harnesses (needs ``absl-py``), 64-bit ones included: the module is imported
    with 64-bit types enabled in a scope of its own (JAX's own test suite defines its
    64-bit harnesses only when x64 is on). Importing the module parses absl flags."""
    import jax

    with jax.enable_x64(True):
        from jax._src.internal_test_util import test_harnesses

        return test_harnesses.all_harnesses


def _resolve(path):
    import importlib

    parts = path.split(".")
    obj = importlib.import_module(parts[0])
    for part in parts[1:]:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def public_name(group):
    """``(qualified_name, how)`` for a harness group (see the module docstring)."""
    if group in NAMES and _resolve(NAMES[group]) is not None:
        return NAMES[group], "table"
    for prefix in ("jax.lax.", "jax.lax.linalg."):
        if callable(_resolve(prefix + group)):
            return prefix + group, "name"
    return "jax.lax." + group, "fallback"


def dtype_name(dtype):
    try:
        return np.dtype(dtype).name
    except TypeError:
        return str(dtype)


def limitations(harness):
    """``{portabench device: [description, …]}`` of the limitations enabled for the
    harness's own dtype."""
    out = {}
    for lim in harness.jax_unimplemented:
        for jax_device, device in DEVICES.items():
            if lim.filter(device=jax_device, dtype=harness.dtype):
                out.setdefault(device, []).append(lim)
    return out


def _describe(lims):
    return "; ".join(sorted({f"{lim.description} (devices={','.join(lim.devices)})" for lim in lims}))


def cases(harnesses=None):
    """One ``CaseSpec`` per harness, sorted by group, then by name.

    Not in the module's order: JAX defines many harnesses in loops over sets of dtypes
    (``set(jtu.dtypes.all) - …``), and a set of type objects iterates in an order that
    depends on where they lie in memory (ml_dtypes' types are made at import time), so
    the module's order changes from one process to the next and ``PORTABENCH_SLICE``
    would select different cases in each. Sorted, a slice is the same everywhere, and a
    group's cases stay next to each other (the order ``--group`` compiles them in)."""
    harnesses = load_harnesses() if harnesses is None else harnesses
    out = []
    for h in sorted(harnesses, key=lambda h: (h.group_name, h.fullname)):
        function, how = public_name(h.group_name)
        lims = limitations(h)
        params = {"group": h.group_name, "dtype": dtype_name(h.dtype), "mapped": how,
                  vocabulary.declaration_key("limited"): sorted(lims), "limitations": _describe([l for ls in lims.values() for l in ls])}
        out.append(CaseSpec(h.fullname, _Runner(h), params, function, x64=names_64bit(h.fullname) or names_64bit(params["dtype"])))
    return out


class _Runner:
    """The case function of one harness: ``runner(bench, device, **params)``."""

    def __init__(self, harness):
        self.harness = harness
        self.__name__ = harness.fullname

    def __call__(self, bench, device, **_params):
        run_case(self.harness, bench, device)


def make_args(harness):
    return harness.dyn_args_maker(np.random.RandomState(SEED))


def _leaves(tree):
    import jax

    return [np.asarray(x) for x in jax.tree_util.tree_leaves(tree)]


def _on(device, args):
    import jax

    return [jax.device_put(a, device) if isinstance(a, (np.ndarray, jax.Array)) else a for a in args]


def cpu_reference(harness):
    """The harness on the CPU device, eagerly, its outputs as NumPy arrays."""
    import jax

    cpu = jax.devices("cpu")[0]
    with jax.default_device(cpu):
        return _leaves(harness.dyn_fun(*_on(cpu, make_args(harness))))


def portabench_device(device):
    return DEVICES.get(getattr(device, "platform", "cpu"), getattr(device, "platform", "cpu"))


def run_case(harness, bench, device):
    """Run one harness on ``device`` (a JAX device) and compare it with CPU."""
    from portabench.cases import Skip

    here = portabench_device(device)
    lims = limitations(harness).get(here, [])
    crashing = [lim for lim in lims if lim.skip_run]
    if crashing:
        raise Skip(f"JAX declares that this harness crashes on {here}: {_describe(crashing)}")
    try:
        output = bench.measure(harness.dyn_fun, *_on(device, make_args(harness)))
        check(harness, _leaves(output))
    except Exception as exc:
        if lims:
            exc.add_note(f"portabench: expected failure: JAX declares a limitation on {here}: {_describe(lims)}")
        raise


def check(harness, actual):
    name = dtype_name(harness.dtype)
    compare_out = compare_shapes if harness.group_name in NOT_UNIQUE else (
        lambda a, e, what: compare_leaves(a, e, name, what=what))
    expected = cpu_reference(harness)
    try:
        compare_out(actual, expected, what="vs CPU")
    except AssertionError:
        try:
            compare_leaves(cpu_reference(harness), expected, name, what="CPU vs CPU")
        except AssertionError:
            return  # CPU disagrees with itself: nondeterministic, not comparable
        raise
