"""``CaseSpec``: one generated case, before it is registered."""


class CaseSpec:
    """A case to register: ``fn(bench, device, **params)`` named ``name``, exercising
    the public function ``function`` (a qualified name that joins with the catalog);
    ``x64`` as in ``portabench.cases.case`` (None: decided from its name and params)."""

    __slots__ = ("name", "fn", "params", "function", "x64")

    def __init__(self, name, fn, params, function, x64=None):
        self.name = name
        self.fn = fn
        self.params = params
        self.function = function
        self.x64 = x64

    def __repr__(self):
        return f"CaseSpec({self.name!r}, function={self.function!r})"


def register(specs, add_case):
    """Register every spec with ``add_case(name, fn, params=, function=)``; returns how many."""
    n = 0
    for s in specs:
        add_case(s.name, s.fn, params=s.params, function=s.function, x64=s.x64)
        n += 1
    return n
