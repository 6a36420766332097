"""The keras-layers generators (portabench/generated/keras_layers.py, tf_functions.py) in
TensorFlow's own Python, on the CPU:

    .venvs/tensorflow/bin/python -m unittest discover -s python/tests -p 'test_keras*'

Every public keras.layers name is listed (a recipe, an alias of one, or a skip saying
why); a few cases run eagerly and compiled; a wrong output or a wrong formula fails.
"""
import importlib.util
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from portabench.cases import Skip  # noqa: E402

QUICK = {"warmup": 0, "min_reps": 1, "max_reps": 1, "min_time_s": 0, "max_time_s": 0}


def run(spec, mode="eager"):
    from portabench.frameworks import load
    from portabench.timing import Bench

    adapter = load("tensorflow")
    bench = Bench(adapter, adapter.handle("cpu"), mode, QUICK)
    adapter.before_case("cpu", mode)
    with adapter.context("cpu"):
        spec.fn(bench, bench.device, **spec.params)
    return bench


@unittest.skipUnless(importlib.util.find_spec("tensorflow"), "needs tensorflow")
class KerasLayersTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from portabench.frameworks import load

        load("tensorflow")
        from portabench.generated import keras_layers, keras_models, keras_ops, tf_functions

        cls.k, cls.t, cls.o, cls.m = keras_layers, tf_functions, keras_ops, keras_models
        cls.specs = {s.name: s for s in keras_layers.cases() + tf_functions.cases() + keras_ops.cases() + keras_models.cases()}

    def test_every_public_name_is_a_case(self):
        from portabench.generated import keras_layer_recipes as recipes

        names = self.k.public_names()
        self.assertEqual({s.params["op"] for s in self.specs.values() if s.function.startswith("tf.keras.layers.")}, set(names))
        missing = [n for n in names if self.k.recipe_name(n) is None and n not in recipes.NOT_COVERED]
        self.assertEqual(missing, [], "keras.layers names with neither a recipe nor a reason in NOT_COVERED")
        stale = [n for n in list(recipes.RECIPES) + list(recipes.NOT_COVERED) if n not in names]
        self.assertEqual(stale, [], "recipes for names this Keras does not have")
        self.assertEqual(self.specs["MaxPool2D[dtype=float32]"].params["recipe"], "MaxPooling2D")
        self.assertIn("ThresholdedReLU", names)  # the tf.keras shim's own legacy layer
        self.assertEqual(self.specs["keras.losses.MSE[dtype=float32]"].function, "tf.keras.losses.MSE")
        self.assertEqual(self.specs["Dense[dtype=bfloat16]"].function, "tf.keras.layers.Dense")
        self.assertEqual((self.specs["add[dtype=float32]"].function, self.specs["tf.add[dtype=float32]"].function), ("tf.keras.layers.add", "tf.add"))
        self.assertEqual(len(self.specs), len(self.k.cases()) + len(self.t.cases()) + len(self.o.cases()) + len(self.m.cases()), "case names are unique in the suite's one file")

    def test_keras_only_names_resolve(self):
        """Keras 3 has names its tf.keras shim lacks: suite check finds them in keras."""
        import keras

        from portabench.check import resolve

        self.assertIs(resolve("tf.keras.losses.mean_absolute_error"), keras.losses.mean_absolute_error)
        self.assertIs(resolve("tf.keras.layers.Dense"), keras.layers.Dense)
        with self.assertRaisesRegex(LookupError, "tensorflow.keras.losses has no attribute 'nope'"):
            resolve("tf.keras.losses.nope")

    def test_layers_run_eager_and_compiled(self):
        for name in ("Dense[dtype=float32]", "Conv2D[dtype=float64]", "MultiHeadAttention[dtype=float16]", "Add[dtype=float32]",
                     "Embedding[dtype=float32]", "StringLookup", "Dropout[dtype=float32]"):
            for mode in ("eager", "compiled") if name != "StringLookup" else ("eager",):
                bench = run(self.specs[name], mode)
                self.assertEqual(len(bench.measurements), 1, f"{name} {mode}")

    def test_not_covered_is_a_skip_with_its_reason(self):
        with self.assertRaisesRegex(Skip, "JAX backend"):
            run(self.specs["JaxLayer"])

    def test_a_wrong_shape_fails(self):
        import keras
        import tensorflow as tf

        out = tf.zeros([2, 3])
        self.k.check_outputs(out, keras.KerasTensor((2, 3), dtype="float32"), "x")
        with self.assertRaisesRegex(AssertionError, "Wrong result: x output 0 has shape"):
            self.k.check_outputs(out, keras.KerasTensor((2, 4), dtype="float32"), "x")
        with self.assertRaisesRegex(AssertionError, "non-finite"):
            self.k.check_outputs(out / 0.0, keras.KerasTensor((2, 3), dtype="float32"), "x")

    def test_keras_ops_and_activations_against_numpy(self):
        for name in ("keras.ops.matmul[dtype=float32]", "keras.ops.cumsum[dtype=int32]", "keras.ops.relu[dtype=bfloat16]",
                     "keras.ops.conv[dtype=float32]", "keras.activations.gelu[dtype=float64]"):
            run(self.specs[name])
        clip = self.specs["keras.ops.clip[dtype=float32]"]
        self.assertEqual((clip.function, clip.params["kind"]), ("tf.keras.ops.clip", "none"))
        with self.assertRaisesRegex(Skip, "does not take NumPy's arguments"):
            run(clip)
        add = self.specs["keras.ops.add[dtype=bool]"]  # NumPy adds booleans; the TensorFlow backend has no bool AddV2
        self.assertTrue(add.params["numpy_accepts"])
        with self.assertRaises(Exception):
            run(add)

    def test_models_losses_optimizers(self):
        for name in ("keras.Sequential[dtype=float32]", "keras.models.Model[dtype=float16]", "keras.losses.MeanSquaredError[dtype=float64]",
                     "keras.losses.sparse_categorical_crossentropy[dtype=float32]", "keras.optimizers.SGD[dtype=float32]",
                     "keras.optimizers.Adam[dtype=float64]"):
            for mode in ("eager", "compiled"):
                self.assertEqual(len(run(self.specs[name], mode).measurements), 1, f"{name} {mode}")
        self.assertEqual(self.specs["keras.optimizers.Adam[dtype=float32]"].function, "tf.keras.optimizers.Adam")
        import keras

        made = self.m._optimizer
        try:  # an SGD twice as fast as the formula's: caught
            self.m._optimizer = lambda name, dtype: keras.optimizers.SGD(learning_rate=2 * self.m.LR)
            with self.assertRaisesRegex(AssertionError, "Not close"):
                run(self.specs["keras.optimizers.SGD[dtype=float32]"])
        finally:
            self.m._optimizer = made

    def test_tf_functions_against_numpy(self):
        for name in ("tf.nn.conv2d[dtype=float32]", "tf.nn.gelu[dtype=bfloat16]", "tf.reduce_sum[dtype=int32]", "tf.one_hot[dtype=float16]",
                     "tf.scatter_nd[dtype=float64]"):
            run(self.specs[name])
        spec = self.specs["tf.nn.gelu[dtype=float32]"]
        exact = self.t.TABLE["nn.gelu"]
        try:  # the tanh approximation differs from the erf formula: caught at float32
            self.t.TABLE["nn.gelu"] = (exact[0], exact[1], lambda tf, x: tf.nn.gelu(x, approximate=True), exact[3])
            with self.assertRaisesRegex(AssertionError, "Not close"):
                run(spec)
        finally:
            self.t.TABLE["nn.gelu"] = exact


if __name__ == "__main__":
    unittest.main()
