"""portabench's one vocabulary on the Python side: frameworks, devices, modes, dtypes,
the declaration keys of the generated suites and the timing thresholds, read from
``vocabulary.json`` beside this module, the file the TypeScript side reads too
(src/model/vocabulary.ts validates it with zod). Standard library only: the worker, the
generators and the helper scripts import it in the framework's own Python. It owns
reading the file and the lookups; it knows nothing of what the lists are used for."""
import functools
import json
import os

FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vocabulary.json")


@functools.lru_cache(maxsize=1)
def data():
    """The vocabulary file, parsed (read once per process)."""
    try:
        with open(FILE, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as exc:
        raise RuntimeError(f"portabench's vocabulary {FILE} cannot be read ({exc}): reinstall portabench "
                           "or restore the file from git") from None


def frameworks():
    """Every framework entry, in the file's order."""
    return data()["frameworks"]


def framework_names():
    return tuple(f["name"] for f in frameworks())


def framework(name_or_alias):
    """A framework entry by its name or any alias (``torch``, ``tf``); ValueError when unknown."""
    n = str(name_or_alias).lower()
    for f in frameworks():
        if f["name"] == n or n in f["aliases"]:
            return f
    raise ValueError(f"unknown framework {name_or_alias!r}; known: {', '.join(framework_names())} ({FILE})")


def module_of_prefix(dotted):
    """A qualified name spelt with a framework's public prefix, with the importable module
    instead (``tf.linalg.svd`` -> ``tensorflow.linalg.svd``); other names unchanged."""
    head, dot, rest = dotted.partition(".")
    for f in frameworks():
        if head == f["prefix"] and f["prefix"] != f["module"]:
            return f["module"] + dot + rest
    return dotted


def module_spellings(dotted):
    """Every importable spelling of a qualified name, in order: the framework's module for its
    prefix (``tf.linalg.svd`` -> ``tensorflow.linalg.svd``) and, under a module alias's prefix,
    the alias module (``tf.keras.losses.mean_squared_error`` -> ``keras.losses.…``: Keras 3
    has names its ``tf.keras`` shim lacks)."""
    out = [module_of_prefix(dotted)]
    for f in frameworks():
        for module, prefix in (f.get("module_aliases") or {}).items():
            if dotted == prefix or dotted.startswith(prefix + "."):
                out.append(module + dotted[len(prefix):])
    return out


def devices():
    return data()["devices"]


def device_names():
    return tuple(d["name"] for d in devices())


def device_of(name):
    """portabench's device for a name imported data or a framework uses (``gpu`` -> ``cuda``),
    or None. An alias wins over a device of the same name (imported data named a TPU ``xla``)."""
    n = str(name).lower()
    for d in devices():
        if n in d["aliases"]:
            return d["name"]
    return n if n in device_names() else None


def framework_device_names(key):
    """portabench device -> what a framework calls it, for one key of ``framework_names``
    (``jax`` -> {"cpu": "cpu", "cuda": "gpu", ...}), only the devices that name one."""
    return {d["name"]: d["framework_names"][key] for d in devices() if key in d["framework_names"]}


def mode_names():
    return tuple(m["name"] for m in data()["modes"])


def dtype_names():
    """The 12 dtypes portabench's generated suites sweep, narrowest kinds first."""
    return tuple(d["name"] for d in data()["dtypes"])


def wide_dtypes():
    """The dtypes whose elements (or complex components) are 64 bits wide: int64, float64, complex128."""
    return tuple(d["name"] for d in data()["dtypes"]
                 if (d["bits"] == 64 and d["kind"] != "complex") or d.get("component_bits") == 64)


def declaration_key(key):
    """A declaration key's name, checked against the vocabulary (a generator writing an
    unknown key is a bug the report would silently ignore)."""
    if not any(k["key"] == key for k in data()["declaration_keys"]):
        known = ", ".join(k["key"] for k in data()["declaration_keys"])
        raise KeyError(f"{key!r} is not a declaration key of portabench's vocabulary ({known}; {FILE})")
    return key


def timing(concept):
    """One timing threshold set: ``block_aim`` or ``quote_floor`` (overhead_factor, resolution_factor)."""
    return data()["timing"][concept]
