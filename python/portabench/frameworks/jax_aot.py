"""Deviceless compilation for JAX (mode ``aot``): a case's timed call compiled by the real
TPU compiler (``libtpu``) for a TPU generation this machine does not have, from a topology
description (``jax.experimental.topologies.get_topology_desc``), never run. The compiler's
verdict is the case's outcome; its analyses (flops, bytes accessed, buffer sizes) come back
with it.

Only in an environment that has ``libtpu`` (``portabench setup --with aot``), and only in a
worker the orchestrator started without a network (libtpu contains a client of the cloud
metadata server): this module does not see either; it refuses to work without libtpu.
"""
import importlib.util

# --aot-target name → the topology it compiles for (the smallest slice of each generation)
TPU_TOPOLOGIES = {"v4": "v4:2x2x1", "v5e": "v5e:2x2", "v5p": "v5p:2x2x1", "v6e": "v6e:2x2"}


def available():
    """Whether this environment has the TPU compiler."""
    return importlib.util.find_spec("libtpu") is not None


def libtpu_version():
    try:
        from importlib.metadata import version

        return version("libtpu")
    except Exception:  # noqa: BLE001
        return None


class TpuTarget:
    """One TPU generation to compile for: its topology's first device."""

    def __init__(self, name):
        import jax
        from jax.experimental import topologies

        if name not in TPU_TOPOLOGIES:
            raise ValueError(f"unknown --aot-target {name!r} for tpu; known: {', '.join(TPU_TOPOLOGIES)}")
        self.name = name
        self.topology = TPU_TOPOLOGIES[name]
        self.device = topologies.get_topology_desc(self.topology, "tpu").devices[0]
        self.sharding = jax.sharding.SingleDeviceSharding(self.device)

    @property
    def kind(self):
        return getattr(self.device, "device_kind", f"TPU {self.name}")

    def spec_of(self, value):
        """An array argument as its shape and dtype on the target; anything else as it is (static)."""
        import jax

        if hasattr(value, "shape") and hasattr(value, "dtype"):
            return jax.ShapeDtypeStruct(value.shape, value.dtype, sharding=self.sharding)
        return value

    def compile(self, fn, args):
        """Compile ``fn(*args)`` for this generation; the compiler's analyses."""
        import jax

        compiled = jax.jit(fn).trace(*[self.spec_of(a) for a in args]).lower().compile()
        return analyses(compiled)


def _number(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def analyses(compiled):
    """What XLA says of a compiled program: cost (flops, bytes accessed, transcendentals)
    and memory (argument, output, temp, generated code bytes); what it does not give is absent."""
    out = {}
    try:
        cost = compiled.cost_analysis()
        if isinstance(cost, list):
            cost = cost[0] if cost else {}
        for key, name in (("flops", "flops"), ("bytes accessed", "bytes_accessed"), ("transcendentals", "transcendentals")):
            if cost and key in cost and _number(cost[key]) is not None:
                out[name] = _number(cost[key])
    except Exception:  # noqa: BLE001 - an analysis the backend lacks is only absent
        pass
    try:
        mem = compiled.memory_analysis()
        for attr, name in (("argument_size_in_bytes", "argument_bytes"), ("output_size_in_bytes", "output_bytes"),
                           ("temp_size_in_bytes", "temp_bytes"), ("generated_code_size_in_bytes", "code_bytes")):
            v = _number(getattr(mem, attr, None))
            if v is not None:
                out[name] = v
    except Exception:  # noqa: BLE001
        pass
    return out
