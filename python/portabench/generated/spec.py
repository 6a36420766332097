"""``CaseSpec``: one generated case, before it is registered."""


class CaseSpec:
    """A case to register: ``fn(bench, device, **params)`` named ``name``, exercising
    the public function ``function`` (a qualified name that joins with the catalog)."""

    __slots__ = ("name", "fn", "params", "function")

    def __init__(self, name, fn, params, function):
        self.name = name
        self.fn = fn
        self.params = params
        self.function = function

    def __repr__(self):
        return f"CaseSpec({self.name!r}, function={self.function!r})"


def register(specs, add_case):
    """Register every spec with ``add_case(name, fn, params=, function=)``; returns how many."""
    n = 0
    for s in specs:
        add_case(s.name, s.fn, params=s.params, function=s.function)
        n += 1
    return n
