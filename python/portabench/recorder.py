"""The operator recorder: which device operators a call dispatches, per framework.

One interface for every framework (``record(framework, fn)`` and each adapter's
``record_ops(fn)``): call ``fn()`` once under the framework's own view of what it
dispatches and return ``(result, ops)``, ``ops`` a sorted list of operator names.
Used for a case's timed call (the worker, ``"record_ops": true``), for tracing public
functions (``trace_api.py``) and, later, for models.

- PyTorch: the ATen overloads seen by a ``TorchDispatchMode`` (below autograd, so
  composite functions show what they decompose into), spelt as the dispatcher spells
  them: ``aten::addmm`` for a default overload, ``aten::add.Tensor`` otherwise.
  ``fn`` really runs (on the CPU, or wherever its tensors are).
- JAX: the primitives of ``jax.make_jaxpr(fn)`` (``reduce_sum``, ``dot_general``),
  recursively into sub-jaxprs (``pjit``, ``scan``, ``cond``, ``while``, custom
  derivative rules). Call wrappers (``pjit``, ``closed_call``, ``custom_jvp_call``…)
  are walked into and not listed: they are not operators a device runs. ``fn`` is
  traced, not run; JAX array arguments are its inputs, NumPy arrays host data (an array
  made from them is a ``device_put``); leaves of its result that are not arrays are dropped.
- TensorFlow: the op types of a ``tf.function`` graph of the call (``Sum``,
  ``MatMul``), functions of its library included; graph plumbing (``Placeholder``,
  ``Identity``, ``NoOp``) and calls of library functions are not listed. ``fn`` is
  traced, not run; tensor arguments are the graph's inputs.

An empty list means: for these inputs, the call dispatches no device operator. When the
call raises, PyTorch's recorder leaves the operators dispatched until then on the exception
(``portabench_ops``): a failing case still names the operator it failed in.
What it cannot see: operators of code paths other inputs would take; for JAX and
TensorFlow, what a call does outside tracing (a host callback's own work). Stdlib and
the framework only.
"""


def record(framework, fn, *args):
    """``(result, ops)`` of ``fn(*args)`` under ``framework``'s recorder."""
    return RECORDERS[framework](fn, args)


# -- PyTorch -------------------------------------------------------------------
def record_torch(fn, args=()):
    from torch.utils._python_dispatch import TorchDispatchMode

    seen = set()

    class Recorder(TorchDispatchMode):
        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            seen.add(func.name())
            return func(*args, **(kwargs or {}))

    try:
        with Recorder():
            result = fn(*args)
    except Exception as exc:
        # what it dispatched before it failed (the op without a kernel is the last): kept on the exception
        exc.portabench_ops = sorted(seen)
        raise
    return result, sorted(seen)


# -- JAX -----------------------------------------------------------------------
# Primitives that only call a sub-jaxpr: walked into, not listed.
JAX_CALL_WRAPPERS = frozenset({
    "pjit", "jit", "closed_call", "core_call", "remat", "checkpoint", "remat2", "custom_jvp_call", "custom_vjp_call",
    "custom_vjp_call_jaxpr", "custom_lin", "shard_map", "xla_call", "xla_pmap", "named_call",
})


def _sub_jaxprs(value):
    """The jaxprs held by one equation parameter (a jaxpr, a closed jaxpr, a tuple of them)."""
    if hasattr(value, "eqns"):  # a Jaxpr
        yield value
    elif hasattr(value, "jaxpr") and hasattr(value, "consts"):  # a ClosedJaxpr
        yield value.jaxpr
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from _sub_jaxprs(v)


def jaxpr_primitives(jaxpr, seen=None):
    """Every primitive name of ``jaxpr`` and its sub-jaxprs, call wrappers left out."""
    seen = set() if seen is None else seen
    for eqn in jaxpr.eqns:
        name = eqn.primitive.name
        if name not in JAX_CALL_WRAPPERS:
            seen.add(name)
        for value in eqn.params.values():
            for sub in _sub_jaxprs(value):
                jaxpr_primitives(sub, seen)
    return seen


def record_jax(fn, args=()):
    import jax

    box = {}
    # JAX arrays are traced; the others are closed over: a NumPy array is host data (jnp.array
    # of it is a transfer), functions, dtypes and shapes are static
    arrays = [i for i, a in enumerate(args) if isinstance(a, jax.Array)]

    def traced(*traced_arrays):
        full = list(args)
        for i, a in zip(arrays, traced_arrays):
            full[i] = a
        out = fn(*full)
        box["result"] = out
        # what the trace returns: the array leaves of the result (a device, a dtype, a
        # string or a function is not an array and says nothing about device work)
        return [leaf for leaf in jax.tree_util.tree_leaves(out) if isinstance(leaf, jax.Array)]

    closed = jax.make_jaxpr(traced)(*[args[i] for i in arrays])
    ops = jaxpr_primitives(closed.jaxpr)
    # an array the call made from host data (jnp.array of a list) is a constant of the
    # trace, not an equation: it is a transfer to the device all the same
    consts = set(map(id, closed.jaxpr.constvars))
    if any(id(v) in consts or type(v).__name__ == "Literal" for v in closed.jaxpr.outvars):
        ops.add("device_put")
    return box.get("result"), sorted(ops)


# -- TensorFlow ----------------------------------------------------------------
TF_PLUMBING = frozenset({"Placeholder", "Identity", "IdentityN", "NoOp", "PartitionedCall", "StatefulPartitionedCall"})


def record_tf(fn, args=()):
    import tensorflow as tf

    box = {}
    # tensor arguments are the graph's inputs (not constants folded into it); the others are closed over
    tensors = [i for i, a in enumerate(args) if tf.is_tensor(a)]

    def traced(*inputs):
        full = list(args)
        for i, t in zip(tensors, inputs):
            full[i] = t
        out = fn(*full)
        box["result"] = out
        return [leaf for leaf in tf.nest.flatten(out, expand_composites=True) if tf.is_tensor(leaf)]

    specs = [tf.TensorSpec.from_tensor(args[i]) for i in tensors]
    graph_def = tf.function(traced, autograph=False).get_concrete_function(*specs).graph.as_graph_def()
    functions = {f.signature.name for f in graph_def.library.function}
    ops = {n.op for n in graph_def.node}
    for f in graph_def.library.function:
        ops.update(n.op for n in f.node_def)
    return box.get("result"), sorted(op for op in ops if op not in TF_PLUMBING and op not in functions)


RECORDERS = {"pytorch": record_torch, "jax": record_jax, "tensorflow": record_tf}
