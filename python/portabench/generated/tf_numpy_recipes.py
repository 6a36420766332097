"""Inputs for ``tf.experimental.numpy`` functions, by signature class.

A recipe turns a dtype into a list of calls ``(args, kwargs)``: ``args`` are NumPy
arrays (the inputs, made deterministic with a fixed seed), ``kwargs`` static
configuration (axis, shapes). The same calls are made to TensorFlow and to NumPy.

Classes: unary elementwise (with an input domain where the function needs one:
positive for ``log``, (-0.9, 0.9) for ``arcsin``…), binary elementwise (same shape
and broadcast), reductions (``axis=None`` and ``axis=1``), scans and sorts along an
axis, shape and indexing functions with fixed arguments, products (``matmul``,
``dot``, …), and factories taking a ``dtype``. A function in no class is listed with
a skip reason (``SKIP``).
"""
import numpy as np

SEED = 0
SHAPE = (3, 4)

DOMAIN = {
    "log": (0.5, 3), "log2": (0.5, 3), "log10": (0.5, 3), "log1p": (0.5, 3), "sqrt": (0.5, 3),
    "reciprocal": (0.5, 3), "arccosh": (1.1, 3), "arcsin": (-0.9, 0.9), "arccos": (-0.9, 0.9),
    "arctanh": (-0.9, 0.9), "power": (0.5, 2), "float_power": (0.5, 2),
    "divide": (0.5, 3), "true_divide": (0.5, 3), "floor_divide": (0.5, 3), "mod": (0.5, 3),
    "remainder": (0.5, 3), "divmod": (0.5, 3),
}

UNARY = """abs absolute angle arccos arccosh arcsin arcsinh arctan arctanh bitwise_not cbrt ceil
conj conjugate cos cosh deg2rad exp exp2 expm1 fabs fix floor imag iscomplex isfinite isinf
isnan isneginf isposinf isreal log log10 log1p log2 logical_not negative positive rad2deg real
reciprocal rint round around sign signbit sin sinc sinh sqrt square tan tanh""".split()
BINARY = """add arctan2 bitwise_and bitwise_or bitwise_xor divide divmod equal float_power
floor_divide gcd greater greater_equal heaviside hypot isclose lcm less less_equal logaddexp
logaddexp2 logical_and logical_or logical_xor maximum minimum mod multiply nextafter not_equal
power remainder subtract true_divide allclose array_equal""".split()
REDUCE = """all amax amin any argmax argmin average count_nonzero max mean min nanmean nanprod
nansum prod ptp std sum var""".split()
ALONG_AXIS = "argsort cumprod cumsum sort diff".split()
PRODUCTS = {  # name -> shape of the second operand (the first is SHAPE)
    "matmul": (4, 2), "dot": (4, 2), "inner": (5, 4), "outer": (2, 5), "kron": (2, 2),
    "tensordot": (4, 2), "vdot": SHAPE, "cross": None,
}
SHAPED = {  # name -> kwargs, called on one SHAPE input
    "transpose": {}, "ravel": {}, "flip": {}, "fliplr": {}, "flipud": {}, "rot90": {},
    "expand_dims": {"axis": 1}, "moveaxis": {"source": 0, "destination": 1},
    "swapaxes": {"axis1": 0, "axis2": 1}, "diag": {}, "diagonal": {}, "trace": {}, "tril": {},
    "triu": {}, "atleast_1d": {}, "atleast_2d": {}, "atleast_3d": {}, "copy": {}, "asarray": {},
    "asanyarray": {}, "ascontiguousarray": {}, "array": {}, "ones_like": {}, "zeros_like": {},
    "full_like": {"fill_value": 1}, "repeat": {"repeats": 2}, "tile": {"reps": 2},
    "roll": {"shift": 1}, "reshape": {"newshape": (4, 3)}, "broadcast_to": {"shape": (2, 3, 4)},
    "squeeze": {}, "clip": {"a_min": 0, "a_max": 1}, "take": {"indices": [0, 2]},
    "pad": {"pad_width": ((1, 1), (1, 1)), "mode": "constant"}, "nonzero": {}, "diagflat": {}, "vander": {},
    "split": {"indices_or_sections": 2, "axis": 1}, "hsplit": {"indices_or_sections": 2},
    "vsplit": {"indices_or_sections": 3}, "append": {"values": [1]}, "compress": {"condition": [True, False, True]},
}
JOIN = "concatenate stack hstack vstack dstack".split()  # a sequence of two SHAPE arrays
FACTORIES = {
    "ones": {"shape": SHAPE}, "zeros": {"shape": SHAPE}, "full": {"shape": SHAPE, "fill_value": 1},
    "eye": {"N": 3}, "identity": {"n": 3}, "tri": {"N": 3}, "arange": {"start": 0, "stop": 10},
    "linspace": {"start": 0, "stop": 10, "num": 7}, "logspace": {"start": 0, "stop": 2, "num": 5},
    "geomspace": {"start": 1, "stop": 100, "num": 5},
}
SKIP = {
    "empty": "uninitialised memory: nothing to compare", "empty_like": "uninitialised memory: nothing to compare",
    "einsum": "needs a subscript string per case: not generated", "where": "three-argument selection: not generated",
    "select": "lists of conditions and choices: not generated", "polyval": "polynomial arguments: not generated",
    "take_along_axis": "index arrays per axis: not generated", "meshgrid": "a list of outputs from vectors: not generated",
    "ix_": "open-mesh index builder: not generated", "diag_indices": "index builder: not generated",
    "dsplit": "needs a 3-D input: not generated", "broadcast_arrays": "returns views of its inputs: not generated",
}
NOT_FUNCTIONS = "finfo iinfo issubdtype promote_types result_type isscalar iscomplexobj isrealobj ndim shape size".split()


def kind_of(name):
    for kind, names in (("unary", UNARY), ("binary", BINARY), ("reduce", REDUCE), ("along_axis", ALONG_AXIS),
                        ("product", PRODUCTS), ("shaped", SHAPED), ("join", JOIN), ("factory", FACTORIES)):
        if name in names:
            return kind
    return None


def array(dtype, shape=SHAPE, domain=(-2.0, 2.0), seed=SEED):
    """A deterministic array of ``dtype`` (a NumPy dtype, ml_dtypes' bfloat16 included)."""
    rng = np.random.RandomState(seed)
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return rng.rand(*shape) > 0.5
    if dt.kind in "iu":
        return rng.randint(1, 10, size=shape).astype(dt)  # positive: safe divisors and shifts
    lo, hi = domain
    x = rng.uniform(lo, hi, size=shape)
    if dt.kind == "c":
        x = x + 1j * rng.uniform(lo, hi, size=shape)
    return x.astype(dt)


def calls(name, dtype):
    """The calls ``[(args, kwargs), …]`` for ``name`` at ``dtype``."""
    kind = kind_of(name)
    dom = DOMAIN.get(name, (-2.0, 2.0))
    x = array(dtype, domain=dom)
    if kind == "unary":
        return [((x,), {})]
    if kind == "binary":
        y = array(dtype, domain=dom, seed=SEED + 1)
        return [((x, y), {}), ((x, y[0]), {})]
    if kind == "reduce":
        return [((x,), {}), ((x,), {"axis": 1})]
    if kind == "along_axis":
        return [((x,), {"axis": 1}), ((x,), {"axis": 0})]
    if kind == "product":
        if name == "cross":
            return [((array(dtype, (4, 3)), array(dtype, (4, 3), seed=SEED + 1)), {})]
        kwargs = {"axes": 1} if name == "tensordot" else {}
        return [((x, array(dtype, PRODUCTS[name], seed=SEED + 1)), kwargs)]
    if kind == "shaped":
        kwargs = dict(SHAPED[name])
        if name == "squeeze":
            x = array(dtype, (3, 1, 4))
        if name in ("diagflat", "vander"):
            x = array(dtype, (4,))
        return [((x,), kwargs)]
    if kind == "join":
        return [(([x, array(dtype, seed=SEED + 1)],), {})]
    if kind == "factory":
        return [((), dict(FACTORIES[name], dtype=np.dtype(dtype)))]
    raise LookupError(name)
