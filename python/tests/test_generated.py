"""Smoke check of the generated-suite generators, run in each framework's own Python:

    .venvs/pytorch/bin/python -m unittest discover -s python/tests
    .venvs/jax/bin/python -m unittest discover -s python/tests
    .venvs/tensorflow/bin/python -m unittest discover -s python/tests

Each generator is listed and a handful of its cases run on CPU eagerly, through a
``Bench`` with the framework's adapter as the worker builds it, with the quickest
timing policy. A framework that is not importable here is skipped. The filters
(``select``) are tested with plain specs and need no framework.
"""
import importlib.util
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from portabench.cases import Skip  # noqa: E402
from portabench.generated.select import parse_slice, select  # noqa: E402
from portabench.generated.spec import CaseSpec, register  # noqa: E402

QUICK = {"warmup": 0, "min_reps": 1, "max_reps": 1, "min_time_s": 0, "max_time_s": 0}


def have(module):
    return importlib.util.find_spec(module) is not None


def run(framework, spec):
    """Run one spec on CPU eagerly; returns (outcome, bench, exception)."""
    from portabench.frameworks import load
    from portabench.timing import Bench

    adapter = load(framework)
    bench = Bench(adapter, adapter.handle("cpu"), "eager", QUICK)
    adapter.before_case("cpu", "eager")
    try:
        with adapter.context("cpu"):
            spec.fn(bench, bench.device, **spec.params)
        return "pass", bench, None
    except Skip as exc:
        return "skip", bench, exc
    except Exception as exc:
        return "fail", bench, exc


def by_name(specs, *names):
    found = {s.name: s for s in specs}
    return [found[n] for n in names]


class SelectTest(unittest.TestCase):
    specs = [CaseSpec(f"{op}[dtype={d}]", None, {"op": op, "dtype": d}, f"torch.{op}")
             for op in ("add", "mul", "sub") for d in ("float32", "int64")]

    def test_filters(self):
        self.assertEqual(len(select(self.specs, ops="add,mul")), 4)
        self.assertEqual(len(select(self.specs, ops="torch.sub")), 2)
        self.assertEqual([s.name for s in select(self.specs, dtypes="int64", slice_text="1:")],
                         ["mul[dtype=int64]", "sub[dtype=int64]"])
        self.assertEqual(len(select(self.specs, slice_text="::2")), 3)
        self.assertEqual(len(select(self.specs, slice_text="2")), 2)
        self.assertEqual(select(self.specs, ops="", dtypes="", slice_text=""), self.specs)
        self.assertRaises(ValueError, parse_slice, "a:b")

    def test_register(self):
        seen = []
        n = register(self.specs[:2], lambda name, fn, params=None, function=None, x64=None: seen.append((name, function)))
        self.assertEqual((n, seen[0]), (2, ("add[dtype=float32]", "torch.add")))


@unittest.skipUnless(have("torch") and have("expecttest"), "needs torch and expecttest")
class OpInfoTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from portabench.generated import opinfo

        cls.specs = opinfo.cases()

    def test_lists_every_op_and_dtype(self):
        from portabench.generated import opinfo

        self.assertEqual(len(self.specs), len(opinfo.load_op_db()) * len(opinfo.DTYPES))
        self.assertEqual(len({s.name for s in self.specs}), len(self.specs))
        add = by_name(self.specs, "add[dtype=float16]")[0]
        self.assertEqual(add.function, "torch.add")
        self.assertEqual(add.params["declared"]["cpu"], True)
        functions = {s.params["op"]: s.function for s in self.specs}
        self.assertEqual(functions["nn.functional.conv2d"], "torch.nn.functional.conv2d")
        self.assertEqual(functions["linalg.svd"], "torch.linalg.svd")
        self.assertEqual(functions["item"], "torch.Tensor.item")

    def test_runs_declared_cases(self):
        for spec in by_name(self.specs, "add[dtype=float32]", "add[dtype=bfloat16]", "argsort[dtype=int64]",
                            "as_strided.partial_views[dtype=float32]", "nn.functional.conv2d[dtype=float32]"):
            outcome, bench, exc = run("pytorch", spec)
            self.assertEqual(outcome, "pass", f"{spec.name}: {exc!r}")
            self.assertEqual(len(bench.measurements), 1, spec.name)

    def test_undeclared_failure_is_noted_expected(self):
        spec = by_name(self.specs, "linalg.svd[dtype=float16]")[0]
        self.assertFalse(spec.params["declared"]["cpu"])
        outcome, _, exc = run("pytorch", spec)
        self.assertEqual(outcome, "fail")
        self.assertTrue(any(n.startswith("portabench: expected failure") for n in exc.__notes__))

    def test_opinfo_skip_is_a_skip(self):
        spec = by_name(self.specs, "jiterator_unary[dtype=float32]")[0]
        self.assertEqual(run("pytorch", spec)[0], "skip")


@unittest.skipUnless(have("jax") and have("absl"), "needs jax and absl-py")
class JaxHarnessesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from portabench.frameworks import load

        load("jax")  # enables x64 first, as in the worker: the harness list depends on it
        from portabench.generated import jax_harnesses

        cls.specs = jax_harnesses.cases()

    def test_lists_harnesses(self):
        self.assertGreater(len(self.specs), 1000)
        self.assertEqual(len({s.name for s in self.specs}), len(self.specs))
        groups = {s.params["group"]: s.function for s in self.specs}
        self.assertEqual(groups["add"], "jax.lax.add")
        self.assertEqual(groups["and"], "jax.lax.bitwise_and")
        self.assertEqual(groups["svd"], "jax.lax.linalg.svd")

    def test_runs_cases(self):
        for group in ("add", "cumsum", "dot_general", "sort"):
            spec = next(s for s in self.specs if s.params["group"] == group and s.params["dtype"] == "float32")
            outcome, bench, exc = run("jax", spec)
            self.assertEqual(outcome, "pass", f"{spec.name}: {exc!r}")
            self.assertEqual(len(bench.measurements), 1)

    def test_limited_failure_is_noted_expected(self):
        spec = next(s for s in self.specs if s.params["group"] == "eig" and s.params["dtype"] == "float16")
        self.assertIn("cpu", spec.params["limited"])
        outcome, _, exc = run("jax", spec)
        self.assertEqual(outcome, "fail")
        self.assertTrue(any(n.startswith("portabench: expected failure") for n in exc.__notes__))


@unittest.skipUnless(have("tensorflow"), "needs tensorflow")
class TfNumpyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from portabench.frameworks import load

        load("tensorflow")
        from portabench.generated import tf_numpy

        cls.specs = tf_numpy.cases()

    def test_lists_functions(self):
        self.assertGreater(len(self.specs), 1000)
        add = by_name(self.specs, "add[dtype=float32]")[0]
        self.assertEqual(add.function, "tf.experimental.numpy.add")
        self.assertEqual((add.params["kind"], add.params["numpy_accepts"]), ("binary", True))

    def test_runs_cases(self):
        for spec in by_name(self.specs, "add[dtype=float32]", "sum[dtype=int32]", "cumsum[dtype=float64]",
                            "matmul[dtype=float32]", "transpose[dtype=bfloat16]", "linspace[dtype=float32]"):
            outcome, bench, exc = run("tensorflow", spec)
            self.assertEqual(outcome, "pass", f"{spec.name}: {exc!r}")
            self.assertEqual(len(bench.measurements), 1)

    def test_unsupported_by_numpy_is_noted_expected(self):
        spec = by_name(self.specs, "lcm[dtype=float32]")[0]
        self.assertFalse(spec.params["numpy_accepts"])
        outcome, _, exc = run("tensorflow", spec)
        self.assertEqual(outcome, "fail")
        self.assertTrue(any(n.startswith("portabench: expected failure") for n in exc.__notes__))

    def test_unknown_signature_is_a_skip(self):
        self.assertEqual(run("tensorflow", by_name(self.specs, "einsum[dtype=float32]")[0])[0], "skip")


if __name__ == "__main__":
    unittest.main()
