"""One adapter per framework: import, version, devices, device handles, sync, compile.
The frameworks and their adapter modules are the vocabulary's (portabench/vocabulary.json)."""
import importlib

from .. import vocabulary

NAMES = vocabulary.framework_names()


def load(name):
    if name not in NAMES:
        raise ValueError(f"unknown framework {name!r}; known: {', '.join(NAMES)}")
    module = importlib.import_module(vocabulary.framework(name)["adapter"])
    return module.Adapter()
