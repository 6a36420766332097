"""One adapter per framework: import, version, devices, device handles, sync, compile."""
import importlib

NAMES = ("pytorch", "jax", "tensorflow")


def load(name):
    if name not in NAMES:
        raise ValueError(f"unknown framework {name!r}; known: {', '.join(NAMES)}")
    module = importlib.import_module(f"portabench.frameworks.{name}")
    return module.Adapter()
