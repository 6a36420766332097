"""Which generated cases a test file registers, from the environment, so a test (or a
user) can run a small real slice of a generated suite:

- ``PORTABENCH_OPS=add,mul,nn.functional.conv2d``: only these ops, matched against
  each case's ``op`` param (OpInfo name, TF-NumPy function), ``group`` param (JAX
  harness group) or public function name (``torch.add``, ``jax.lax.add``);
- ``PORTABENCH_DTYPES=float32,int64``: only these dtypes (cases that have a ``dtype``);
- ``PORTABENCH_SLICE=START:STOP[:STEP]``: a deterministic slice of what is left, in the
  generator's order (Python slice semantics, e.g. ``0:50`` or ``::100``).

Filters apply in that order. Unset or empty variables select everything.
"""
import os


def parse_slice(text):
    parts = [p.strip() for p in text.split(":")]
    if len(parts) == 1:  # "N": the first N
        parts = ["", parts[0]]
    if len(parts) > 3:
        raise ValueError(f"PORTABENCH_SLICE={text!r}: expected START:STOP[:STEP]")
    try:
        return slice(*(int(p) if p else None for p in parts))
    except ValueError:
        raise ValueError(f"PORTABENCH_SLICE={text!r}: expected integers, as in 0:50 or ::100") from None


def _names(text):
    return {n.strip() for n in (text or "").split(",") if n.strip()}


def select(specs, ops=None, dtypes=None, slice_text=None):
    """Filter a list of ``CaseSpec``s (see the module docstring)."""
    out = list(specs)
    wanted = _names(ops)
    if wanted:
        out = [s for s in out if s.params.get("op") in wanted or s.params.get("group") in wanted or s.function in wanted]
    kinds = _names(dtypes)
    if kinds:
        out = [s for s in out if s.params.get("dtype") in kinds]
    if slice_text and slice_text.strip():
        out = out[parse_slice(slice_text)]
    return out


def from_environment(specs, environ=None):
    env = os.environ if environ is None else environ
    return select(specs, env.get("PORTABENCH_OPS"), env.get("PORTABENCH_DTYPES"), env.get("PORTABENCH_SLICE"))
