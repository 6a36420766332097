"""How to build and call each ``keras.layers`` class: constructor kwargs and inputs.

A recipe is a dict:

- ``kw``: constructor kwargs (JSON-able). A value ``{"$layer": [name, kwargs]}`` (also
  inside lists) is another keras layer, built first with the same dtype policy
  (``Bidirectional(LSTM(4))``, ``TimeDistributed(Dense(3))``, ``RNN(SimpleRNNCell(4))``).
- ``inputs``: the input specs, each a shape (floats in (-1, 1)) or a dict
  ``{"shape": [...], "kind": "float" | "image" | "int" | "str", "high": N}`` (``image``:
  floats in (0, 255), the value range keras' image layers assume; ``int``: integers in
  [0, high); ``str``: words from a small vocabulary).
- ``pack``: how the inputs are passed: ``"args"`` (positional, the default), ``"list"``
  (one list: merge layers), ``"tuple"`` (one tuple: ``HashedCrossing``).
- ``dtypes``: ``"float"`` (float32, float16, bfloat16, float64: the layer takes the dtype
  as its policy, ``dtype=``, and float inputs are made at that dtype), ``"float32"`` (one
  case, dtype float32: preprocessing and image augmentation layers, whose arithmetic is
  not what users vary), or ``"none"`` (no dtype passed: layers whose ``dtype`` is an
  output type; cases named without a dtype).
- ``train``: called with ``training=True`` (dropout, noise, random augmentation): the
  result is random, so it is not compared with the CPU; shape, dtype and finiteness
  still are.
- ``via_rnn``: an RNN cell, run inside ``keras.layers.RNN`` (how cells are used).
- ``needs``: a module Keras imports for this layer (``scipy``): a skip where it is missing.
- ``functional``: a function of ``keras.layers`` (``add``, ``concatenate``…), called on
  the list of inputs, not constructed.

``NOT_COVERED`` lists the public classes and functions with no recipe and why: each is
still a case, a skip that says so.
"""

SEQ = [2, 5, 3]
VEC = [2, 8]
IMAGE = {"shape": [2, 8, 8, 3], "kind": "image"}
SMALL_IMAGE = {"shape": [2, 16, 16, 3], "kind": "image"}
D1, D2, D3 = [2, 8, 3], [2, 8, 8, 3], [2, 4, 4, 4, 3]
PAIR = [VEC, VEC]
ATTN = [[2, 5, 4], [2, 6, 4]]


def layer(name, **kw):
    return {"$layer": [name, kw]}


def _per_rank(prefix, kw, shapes=(D1, D2, D3), **extra):
    return {f"{prefix}{n}D": dict({"kw": dict(kw), "inputs": [s]}, **extra) for n, s in zip((1, 2, 3), shapes)}


RECIPES = {
    "Activation": {"kw": {"activation": "relu"}, "inputs": [VEC]},
    "ActivityRegularization": {"kw": {"l1": 0.01}, "inputs": [VEC]},
    "Add": {"kw": {}, "inputs": PAIR, "pack": "list"},
    "AdditiveAttention": {"kw": {}, "inputs": ATTN, "pack": "list"},
    "AlphaDropout": {"kw": {"rate": 0.2, "seed": 0}, "inputs": [VEC], "train": True},
    "Attention": {"kw": {}, "inputs": ATTN, "pack": "list"},
    "Average": {"kw": {}, "inputs": PAIR, "pack": "list"},
    "BatchNormalization": {"kw": {}, "inputs": [D1]},
    "Bidirectional": {"kw": {"layer": layer("LSTM", units=4, return_sequences=True)}, "inputs": [SEQ]},
    "CategoryEncoding": {"kw": {"num_tokens": 4, "output_mode": "one_hot"}, "inputs": [{"shape": [2], "kind": "int", "high": 4}], "dtypes": "none"},
    "CenterCrop": {"kw": {"height": 4, "width": 4}, "inputs": [IMAGE], "dtypes": "float32"},
    "Concatenate": {"kw": {}, "inputs": [[2, 3], [2, 5]], "pack": "list"},
    "Dense": {"kw": {"units": 3}, "inputs": [VEC]},
    "Discretization": {"kw": {"bin_boundaries": [-0.5, 0.0, 0.5]}, "inputs": [VEC], "dtypes": "none"},
    "Dot": {"kw": {"axes": 1}, "inputs": [[2, 4], [2, 4]], "pack": "list"},
    "Dropout": {"kw": {"rate": 0.5, "seed": 0}, "inputs": [VEC], "train": True},
    "ELU": {"kw": {}, "inputs": [VEC]},
    "EinsumDense": {"kw": {"equation": "ab,bc->ac", "output_shape": 3}, "inputs": [VEC]},
    "Embedding": {"kw": {"input_dim": 10, "output_dim": 4}, "inputs": [{"shape": [2, 5], "kind": "int", "high": 10}]},
    "Flatten": {"kw": {}, "inputs": [[2, 3, 4]]},
    "GRU": {"kw": {"units": 4}, "inputs": [SEQ]},
    "GRUCell": {"kw": {"units": 4}, "inputs": [SEQ], "via_rnn": True},
    "GaussianDropout": {"kw": {"rate": 0.2, "seed": 0}, "inputs": [VEC], "train": True},
    "GaussianNoise": {"kw": {"stddev": 0.1, "seed": 0}, "inputs": [VEC], "train": True},
    "GroupNormalization": {"kw": {"groups": 2}, "inputs": [[2, 5, 4]]},
    "GroupQueryAttention": {"kw": {"head_dim": 4, "num_query_heads": 4, "num_key_value_heads": 2}, "inputs": [[2, 5, 8], [2, 6, 8]]},
    "HashedCrossing": {"kw": {"num_bins": 8}, "inputs": [{"shape": [2], "kind": "int", "high": 50}] * 2, "pack": "tuple", "dtypes": "none"},
    "Hashing": {"kw": {"num_bins": 4}, "inputs": [{"shape": [2, 5], "kind": "int", "high": 100}], "dtypes": "none"},
    "Identity": {"kw": {}, "inputs": [VEC]},
    "IntegerLookup": {"kw": {"vocabulary": [1, 2, 3, 4]}, "inputs": [{"shape": [2, 5], "kind": "int", "high": 6}], "dtypes": "none"},
    "LSTM": {"kw": {"units": 4}, "inputs": [SEQ]},
    "LSTMCell": {"kw": {"units": 4}, "inputs": [SEQ], "via_rnn": True},
    "LayerNormalization": {"kw": {}, "inputs": [[2, 5, 8]]},
    "LeakyReLU": {"kw": {}, "inputs": [VEC]},
    "Masking": {"kw": {}, "inputs": [SEQ]},
    "Maximum": {"kw": {}, "inputs": PAIR, "pack": "list"},
    "MelSpectrogram": {"kw": {"num_mel_bins": 16, "sampling_rate": 8000, "sequence_stride": 64, "fft_length": 128}, "inputs": [[2, 512]], "dtypes": "float32"},
    "Minimum": {"kw": {}, "inputs": PAIR, "pack": "list"},
    "MultiHeadAttention": {"kw": {"num_heads": 2, "key_dim": 4}, "inputs": [[2, 5, 8], [2, 6, 8]]},
    "Multiply": {"kw": {}, "inputs": PAIR, "pack": "list"},
    "Normalization": {"kw": {"mean": 0.5, "variance": 2.0}, "inputs": [VEC], "dtypes": "float32"},
    "PReLU": {"kw": {}, "inputs": [VEC]},
    "Permute": {"kw": {"dims": [2, 1]}, "inputs": [[2, 3, 4]]},
    "Pipeline": {"kw": {"layers": [layer("Rescaling", scale=0.5), layer("CenterCrop", height=4, width=4)]}, "inputs": [IMAGE], "dtypes": "none"},
    "RMSNormalization": {"kw": {}, "inputs": [[2, 5, 8]]},
    "RNN": {"kw": {"cell": layer("SimpleRNNCell", units=4)}, "inputs": [SEQ]},
    "ReLU": {"kw": {}, "inputs": [VEC]},
    "ThresholdedReLU": {"kw": {"theta": 0.5}, "inputs": [VEC]},  # tf.keras only (legacy)
    "RepeatVector": {"kw": {"n": 3}, "inputs": [[2, 4]]},
    "Rescaling": {"kw": {"scale": 0.5, "offset": 0.1}, "inputs": [IMAGE]},
    "Reshape": {"kw": {"target_shape": [4, 3]}, "inputs": [[2, 12]]},
    "Resizing": {"kw": {"height": 4, "width": 4}, "inputs": [IMAGE]},
    "ReversibleEmbedding": {"kw": {"input_dim": 10, "output_dim": 4}, "inputs": [{"shape": [2, 5], "kind": "int", "high": 10}]},
    "STFTSpectrogram": {"kw": {"frame_length": 64, "frame_step": 32, "fft_length": 64}, "inputs": [[2, 256, 1]], "dtypes": "float32", "needs": "scipy"},
    "SimpleRNN": {"kw": {"units": 4}, "inputs": [SEQ]},
    "SimpleRNNCell": {"kw": {"units": 4}, "inputs": [SEQ], "via_rnn": True},
    "Softmax": {"kw": {}, "inputs": [VEC]},
    "SpectralNormalization": {"kw": {"layer": layer("Dense", units=3)}, "inputs": [VEC]},
    "StackedRNNCells": {"kw": {"cells": [layer("SimpleRNNCell", units=4), layer("SimpleRNNCell", units=4)]}, "inputs": [SEQ], "via_rnn": True},
    "StringLookup": {"kw": {"vocabulary": ["a", "b", "c"]}, "inputs": [{"shape": [2, 5], "kind": "str"}], "dtypes": "none"},
    "Subtract": {"kw": {}, "inputs": PAIR, "pack": "list"},
    "TextVectorization": {"kw": {"vocabulary": ["a", "b", "c"], "output_mode": "int"}, "inputs": [{"shape": [2], "kind": "str"}], "dtypes": "none"},
    "TimeDistributed": {"kw": {"layer": layer("Dense", units=3)}, "inputs": [[2, 5, 8]]},
    "UnitNormalization": {"kw": {}, "inputs": [VEC]},
    # keras.layers functions (the functional forms of the merge layers)
    "add": {"inputs": PAIR, "functional": True},
    "average": {"inputs": PAIR, "functional": True},
    "concatenate": {"inputs": [[2, 3], [2, 5]], "functional": True},
    "dot": {"inputs": [[2, 4], [2, 4]], "functional": True, "kw": {"axes": 1}},
    "maximum": {"inputs": PAIR, "functional": True},
    "minimum": {"inputs": PAIR, "functional": True},
    "multiply": {"inputs": PAIR, "functional": True},
    "subtract": {"inputs": PAIR, "functional": True},
}

_CONV = {"filters": 4, "kernel_size": 3}
RECIPES.update({f"Conv{n}D": {"kw": dict(_CONV), "inputs": [s]} for n, s in zip((1, 2, 3), (D1, D2, D3))})
RECIPES.update({f"Conv{n}DTranspose": {"kw": dict(_CONV), "inputs": [s]} for n, s in zip((1, 2, 3), (D1, D2, D3))})
RECIPES.update({f"SeparableConv{n}D": {"kw": dict(_CONV), "inputs": [s]} for n, s in zip((1, 2), (D1, D2))})
RECIPES.update({f"DepthwiseConv{n}D": {"kw": {"kernel_size": 3}, "inputs": [s]} for n, s in zip((1, 2), (D1, D2))})
RECIPES.update(_per_rank("ConvLSTM", {"filters": 2, "kernel_size": 2}, ([2, 3, 8, 3], [2, 3, 6, 6, 3], [2, 2, 4, 4, 4, 2])))
RECIPES.update(_per_rank("AveragePooling", {"pool_size": 2}))
RECIPES.update(_per_rank("MaxPooling", {"pool_size": 2}))
RECIPES.update(_per_rank("GlobalAveragePooling", {}))
RECIPES.update(_per_rank("GlobalMaxPooling", {}))
RECIPES.update(_per_rank("AdaptiveAveragePooling", {"output_size": 2}))
RECIPES.update(_per_rank("AdaptiveMaxPooling", {"output_size": 2}))
RECIPES.update(_per_rank("Cropping", {"cropping": 1}))
RECIPES.update(_per_rank("ZeroPadding", {"padding": 1}))
RECIPES.update(_per_rank("UpSampling", {"size": 2}, ([2, 4, 3], [2, 4, 4, 3], [2, 2, 2, 2, 3])))
RECIPES.update(_per_rank("SpatialDropout", {"rate": 0.5, "seed": 0}, ([2, 8, 3], [2, 4, 4, 3], [2, 2, 2, 2, 3]), train=True))

# Image augmentation: float32 images in (0, 255), called in training mode with a seed.
_AUGMENT = {
    "AugMix": {}, "AutoContrast": {"value_range": [0, 255]}, "CutMix": {}, "Equalization": {"value_range": [0, 255]},
    "MixUp": {}, "RandAugment": {}, "RandomBrightness": {"factor": 0.2}, "RandomColorDegeneration": {"factor": 0.5},
    "RandomColorJitter": {"brightness_factor": 0.2}, "RandomContrast": {"factor": 0.2},
    "RandomCrop": {"height": 8, "width": 8}, "RandomElasticTransform": {}, "RandomErasing": {}, "RandomFlip": {},
    "RandomGaussianBlur": {}, "RandomGrayscale": {}, "RandomHue": {"factor": 0.2}, "RandomInvert": {},
    "RandomPerspective": {}, "RandomPosterization": {"factor": [1, 4]}, "RandomRotation": {"factor": 0.1},
    "RandomSaturation": {"factor": 0.5}, "RandomSharpness": {"factor": 0.5}, "RandomShear": {"x_factor": 0.1},
    "RandomTranslation": {"height_factor": 0.1, "width_factor": 0.1}, "RandomZoom": {"height_factor": 0.1},
    "Solarization": {"threshold_factor": 0.5, "value_range": [0, 255]},
    "RandomHeight": {"factor": 0.2}, "RandomWidth": {"factor": 0.2},  # tf.keras only (legacy)
    "ContrastLimitedAdaptiveHistogramEqualization": {"value_range": [0, 255]},
}
_DETERMINISTIC_IMAGE = {"AutoContrast", "Equalization", "ContrastLimitedAdaptiveHistogramEqualization"}
for _name, _kw in _AUGMENT.items():
    _random = _name not in _DETERMINISTIC_IMAGE
    RECIPES[_name] = {"kw": dict(_kw, **({"seed": 0} if _random else {})), "inputs": [SMALL_IMAGE], "dtypes": "float32", "train": _random}

NOT_COVERED = {
    "Layer": "the base class: nothing to compute until subclassed",
    "Wrapper": "an abstract base class of layer wrappers (Bidirectional and TimeDistributed are covered)",
    "InputLayer": "a placeholder for a functional model's input: no computation",
    "InputSpec": "a shape/dtype specification, not a layer",
    "Input": "makes a symbolic KerasTensor for a functional model: no computation",
    "Lambda": "wraps a user's Python function: nothing of its own to test",
    "FlaxLayer": "wraps a Flax module: needs the JAX backend",
    "JaxLayer": "wraps a JAX function: needs the JAX backend",
    "TorchModuleWrapper": "wraps a torch.nn.Module: needs the PyTorch backend",
    "TFSMLayer": "loads a SavedModel from disk: no model to load here",
    "MaxNumBoundingBoxes": "takes bounding-box dicts (boxes and labels): no generator for them",
    "serialize": "returns a config dict: no device work",
    "deserialize": "builds a layer from a config dict: no device work",
}


def recipe(name):
    """The recipe for a ``keras.layers`` name, or None."""
    return RECIPES.get(name)
