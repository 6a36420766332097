"""Deviceless compilation for JAX (mode ``aot``): a case's timed call compiled by the real
compiler of an accelerator this machine does not have, never run: the TPU compiler
(``libtpu``) for a TPU generation, from a topology description
(``jax.experimental.topologies.get_topology_desc``), or XLA's GPU compiler in the CUDA PJRT
plugin (``jax-cuda12-plugin`` + ``jax-cuda12-pjrt``, no CUDA runtime libraries) for an
NVIDIA architecture, from a target config (a device description, nvidia_targets.json), with
the ptxas and libdevice of a CUDA compiler package (``nvidia-cuda-nvcc-cu12``, pinned, so a
machine's own CUDA toolkit does not decide the cubin; else that toolkit, named). The
compiler's verdict is the case's outcome; its analyses (flops, bytes accessed, buffer sizes)
come back with it.

Only in an environment that has the compiler (``portabench setup --with aot``), and only in a
worker the orchestrator started without a network (libtpu contains a client of the cloud
metadata server) and with ``JAX_PLATFORMS=cpu`` (so the CUDA plugin does not look for a GPU
or its libraries): this module does not see either; it refuses a target whose compiler is
absent.
"""
import importlib.util
import json
import os

# --aot-target name → the topology it compiles for (the smallest slice of each generation)
TPU_TOPOLOGIES = {"v4": "v4:2x2x1", "v5e": "v5e:2x2", "v5p": "v5p:2x2x1", "v6e": "v6e:2x2"}


# the CUDA PJRT plugins jax knows (jax_plugins.<module>), newest CUDA first, and their wheel
CUDA_PLUGINS = (("xla_cuda13", "jax-cuda13-plugin"), ("xla_cuda12", "jax-cuda12-plugin"))

with open(os.path.join(os.path.dirname(__file__), "nvidia_targets.json"), encoding="utf-8") as _f:
    NVIDIA_TARGETS = {k: v for k, v in json.load(_f).items() if not k.startswith("_")}


def available():
    """Whether this environment has the TPU compiler."""
    return importlib.util.find_spec("libtpu") is not None


def _cuda_plugin():
    """The CUDA PJRT plugin installed here as (module, wheel), or None."""
    try:
        if importlib.util.find_spec("jax_plugins") is None:
            return None
        for module, wheel in CUDA_PLUGINS:
            if importlib.util.find_spec(f"jax_plugins.{module}") is not None:
                return module, wheel
    except (ImportError, ValueError):
        pass
    return None


def cuda_available():
    """Whether this environment has XLA's GPU compiler (a CUDA PJRT plugin)."""
    return _cuda_plugin() is not None


def devices():
    """The devices this environment compiles for ahead of time, with the names of their targets."""
    out = {}
    if cuda_available():
        out["cuda"] = sorted(NVIDIA_TARGETS, key=lambda n: int(n[3:]))
    if available():
        out["tpu"] = sorted(TPU_TOPOLOGIES)
    return out


def target(device, name):
    """The target ``name`` of ``device`` (tpu: v5e…, cuda: sm_90…); refused with the known ones."""
    known = devices()
    if device not in known:
        what = "a CUDA PJRT plugin (jax-cuda12-plugin)" if device == "cuda" else "libtpu" if device == "tpu" else None
        raise ValueError(f"no ahead-of-time compiler for {device} here" + (f": this environment lacks {what} (run portabench setup --with aot)" if what else
                         f"; it compiles for: {', '.join(known) or 'nothing'}"))
    if name not in known[device]:
        raise ValueError(f"unknown --aot-target {name!r} for {device}; known: {', '.join(known[device])}")
    return CudaTarget(name) if device == "cuda" else TpuTarget(name)


def compiler_label(device, toolkit=None):
    """Which compiler a target of ``device`` was compiled by, with its version (and for cuda
    the ptxas that made its cubins)."""
    if device == "cuda":
        module, wheel = _cuda_plugin()
        return f"{wheel} {_version(wheel)}" + (f", ptxas {toolkit[1]}" if toolkit else "")
    return f"libtpu {libtpu_version()}"


# a CUDA toolkit on the machine, where the pip package is absent (XLA would find it by itself)
SYSTEM_CUDA_DIRS = ("/usr/local/cuda", "/opt/cuda")


def cuda_toolkit():
    """The CUDA compiler tools XLA's GPU compiler needs to emit a cubin (bin/ptxas,
    nvvm/libdevice) as (directory, ptxas version, where from): the nvidia-cuda-nvcc-cu12
    package of this environment first, else a system toolkit; None when there is neither."""
    candidates = []
    try:
        spec = importlib.util.find_spec("nvidia.cuda_nvcc")
        candidates += [(p, "nvidia-cuda-nvcc-cu12") for p in (spec.submodule_search_locations or [])] if spec else []
    except (ImportError, ValueError):
        pass
    candidates += [(d, "system") for d in SYSTEM_CUDA_DIRS]
    for path, origin in candidates:
        ptxas = os.path.join(path, "bin", "ptxas")
        if os.access(ptxas, os.X_OK) and os.path.isdir(os.path.join(path, "nvvm", "libdevice")):
            return path, _ptxas_version(ptxas), origin
    return None


def _ptxas_version(ptxas):
    import re
    import subprocess

    try:
        out = subprocess.run([ptxas, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    m = re.search(r"V(\d+\.\d+\.\d+)", out)
    return m.group(1) if m else "unknown"


def _version(dist):
    try:
        from importlib.metadata import version

        return version(dist)
    except Exception:  # noqa: BLE001
        return None


def libtpu_version():
    try:
        from importlib.metadata import version

        return version("libtpu")
    except Exception:  # noqa: BLE001
        return None


class _Target:
    """A compile-only device: its inputs are shapes and dtypes placed on it."""

    device = None

    def _place(self, device):
        import jax

        self.device = device
        self.sharding = jax.sharding.SingleDeviceSharding(device)

    def spec_of(self, value):
        """An array argument — or each array in a list, tuple or dict of them (a model's
        weights) — as its shape and dtype on the target; anything else as it is (static)."""
        import jax

        def spec(leaf):
            if hasattr(leaf, "shape") and hasattr(leaf, "dtype"):
                return jax.ShapeDtypeStruct(leaf.shape, leaf.dtype, sharding=self.sharding)
            return leaf

        return jax.tree_util.tree_map(spec, value)

    # XLA options of every compile for this target (cuda: where its ptxas and libdevice are)
    compiler_options = {}

    def compile(self, fn, args):
        """Compile ``fn(*args)`` for this target; the compiler's analyses."""
        import jax

        compiled = jax.jit(fn).trace(*[self.spec_of(a) for a in args]).lower().compile(compiler_options=self.compiler_options or None)
        out = analyses(compiled)
        if "flops" not in out:  # the CUDA plugin's compile-only executable has no cost analysis
            out.update(hlo_costs(compiled))
        return out


class TpuTarget(_Target):
    """One TPU generation to compile for: its topology's first device."""

    platform = "tpu"

    def __init__(self, name):
        from jax.experimental import topologies

        if name not in TPU_TOPOLOGIES:
            raise ValueError(f"unknown --aot-target {name!r} for tpu; known: {', '.join(TPU_TOPOLOGIES)}")
        self.name = name
        self.topology = TPU_TOPOLOGIES[name]
        self._place(topologies.get_topology_desc(self.topology, "tpu").devices[0])

    @property
    def kind(self):
        return getattr(self.device, "device_kind", f"TPU {self.name}")


def target_config(spec):
    """A GpuTargetConfigProto in text form for one nvidia_targets.json entry: the device
    description XLA's GPU compiler reads in place of a GPU. The per-thread, per-block and
    per-SM limits are those every architecture from sm_80 to sm_100 shares."""
    capability = f"major: {spec['major']} minor: {spec['minor']}"
    if spec.get("accelerated"):  # sm_90a / sm_100a: the architecture-specific features (wgmma, tcgen05)
        capability += " feature_extension: ACCELERATED_FEATURES"
    fields = [
        ("threads_per_block_limit", 1024), ("threads_per_warp", 32), ("shared_memory_per_block", 49152),
        ("shared_memory_per_core", spec["shared_memory_per_core"]), ("threads_per_core_limit", 2048),
        ("core_count", spec["core_count"]), ("fpus_per_core", spec["fpus_per_core"]),
        ("block_dim_limit_x", 2147483647), ("block_dim_limit_y", 65535), ("block_dim_limit_z", 65535),
        ("memory_bandwidth", spec["memory_bandwidth"]), ("l2_cache_size", spec["l2_cache_size"]),
        ("clock_rate_ghz", spec["clock_rate_ghz"]), ("device_memory_size", spec["device_memory_size"]),
        ("shared_memory_per_block_optin", spec["shared_memory_per_block_optin"]),
        ("registers_per_core_limit", 65536), ("registers_per_block_limit", 65536),
        ("thread_dim_limit_x", 1024), ("thread_dim_limit_y", 1024), ("thread_dim_limit_z", 64),
    ]
    body = "\n".join(f"  {k}: {v}" for k, v in fields)
    return (f"gpu_device_info {{\n{body}\n  cuda_compute_capability {{ {capability} }}\n  name: {json.dumps(spec['name'])}\n}}\n"
            f"platform_name: \"CUDA\"\ndnn_version_info {{ major: 9 minor: 8 }}\ndevice_description_str: {json.dumps(spec['name'])}\n")


class CudaTarget(_Target):
    """One NVIDIA architecture to compile for (sm_80, sm_90, sm_100): the CUDA plugin's
    compile-only device for a target config. Compiling does not autotune (no GPU to time on):
    the GEMM and fusion choices are XLA's defaults for the architecture."""

    platform = "cuda"

    def __init__(self, name):
        from jax.experimental import topologies

        if name not in NVIDIA_TARGETS:
            raise ValueError(f"unknown --aot-target {name!r} for cuda; known: {', '.join(NVIDIA_TARGETS)}")
        self.toolkit = cuda_toolkit()
        if self.toolkit is None:
            raise ValueError("no CUDA compiler tools (ptxas, libdevice) for XLA's GPU compiler: this environment lacks nvidia-cuda-nvcc-cu12 "
                             f"and there is no CUDA toolkit in {' or '.join(SYSTEM_CUDA_DIRS)}; run portabench setup --with aot")
        self.compiler_options = {"xla_gpu_cuda_data_dir": self.toolkit[0]}
        self.name = name
        self.spec = NVIDIA_TARGETS[name]
        self._place(topologies.get_topology_desc(platform="cuda", target_config=target_config(self.spec), topology="1x1x1").devices[0])

    @property
    def kind(self):
        return f"{getattr(self.device, 'device_kind', None) or self.spec['name']} ({self.name})"



def hlo_costs(compiled):
    """XLA's HLO cost analysis of the program as compiled for the target (after its fusion
    passes), computed by this machine's CPU client: flops, transcendentals and bytes accessed
    by the target's fused HLO; absent when jaxlib does not offer it."""
    try:
        import jax
        from jax._src.lib import xla_client

        modules = compiled.runtime_executable().hlo_modules()
        cost = xla_client._xla.hlo_module_cost_analysis(jax.devices("cpu")[0].client, modules[0])
    except Exception:  # noqa: BLE001 - an analysis jaxlib lacks is only absent
        return {}
    out = {}
    for key, name in (("flops", "flops"), ("bytes accessed", "bytes_accessed"), ("transcendentals", "transcendentals")):
        if key in cost and _number(cost[key]) is not None:
            out[name] = _number(cost[key])
    return out


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
