"""The ``models`` suite: one case per model of the model libraries × workload.

Models come from the libraries' own registries, built offline with random weights
(nothing is downloaded): torchvision's ``list_models()``, timm's ``list_models()`` and
transformers' model types with a head that takes token ids — each type with the first of
its heads in ``TRANSFORMERS_HEADS``: causal LM, else masked LM, else sequence-to-sequence
LM, else sequence classification, else question answering —, each from its default config
scaled down (``TRANSFORMERS_SCALE``: 2 layers, hidden size 64; only the keys its config
has, in it and in the configs it holds: text, vision, audio, encoder, decoder), called on
seeded token ids below 1000 and below its vocabulary (a sequence-to-sequence model: the
same ids as its decoder's input), its logits the output (question answering: start and
end logits). Types whose heads take pixels or audio, or with no head at all, are not in
the suite yet.

A model the suite cannot build or feed is a skip that says why, never a failure of its
target (``suite_fault``, decided under fake tensors on the CPU): a type whose scaled config
does not hold together while its full-size default config builds and traces; a type that
fails on token ids alone and whose forward takes other inputs (``NON_TEXT_INPUTS``:
``pixel_values``, ``bbox``, ``input_features``…); a type whose full-size config fails
otherwise than its scaled one; a model needing a package the environment lacks. A model
whose scaled config traces under fake tensors but fails for real stays a failure: that is
the target's. A model that cannot be built on the CPU is a skip for every other target.
Each case names its model as its public function (``torchvision.models.resnet18``,
``torchvision.models.detection.fasterrcnn_resnet50_fpn``, ``timm.create_model:resnet18``,
``transformers.LlamaForCausalLM``)
and has params ``library``, ``model``, ``workload``, ``batch`` and ``input`` (the input
shape). Workloads:

- ``inference``: ``model.eval()`` under ``torch.no_grad()``, one forward pass;
- ``training``: ``model.train()``, forward, a scalar loss (the mean of the float
  outputs), backward and one SGD step. Models whose training forward needs targets
  (detection) have no training case.

Weights and inputs are seeded (``torch.manual_seed(0)`` before building, a fixed
generator for the inputs). Input sizes are small where the architecture accepts any
size (64×64 for torchvision's classification and segmentation models) and the model's
own otherwise (timm's ``pretrained_cfg["input_size"]``; 224 for torchvision's ViT,
Swin and MaxViT, 299 for Inception v3; videos 8 frames of 64×64, MViT and S3D 16 of 224×224). Where the device is not the CPU or the mode is
compiled, the output is compared with the same model's CPU eager output
(``torch_compare.compare``, tolerance ``MODEL_TOL``: errors accumulate through layers);
the maximum absolute and relative difference (``torch_compare.differences``; a training
step's: of its first loss) is stored with the result (results.analysis: ``max_abs_diff``,
``max_rel_diff``), also where the comparison fails.

The operators a model dispatches are recorded by the worker's recorder when the run
asks for them (``run --record-ops``): the timed call is run once more under
``recorder.record_torch`` and its ATen ops land in the store (results.ops).

Environment variables (read when the cases are made, or when a case runs):

- ``PORTABENCH_MODELS=resnet18,timm:vit_tiny_patch16_224``: only these models, by
  name (either library) or ``library:name``; ``@dynamo`` adds the models of PyTorch's own
  compiler-benchmark lists (``@dynamo-timm``, ``@dynamo-huggingface``,
  ``@dynamo-torchbench`` one list each; ``dynamo_lists.json``, ``dynamo_models``);
- ``PORTABENCH_MODELS_WORKLOADS=inference``: only these workloads;
- ``PORTABENCH_SLICE``: a slice of what is left (select.py);
- ``PORTABENCH_MODELS_FAIL_OP=aten::convolution[,…]``: the kernels of these ATen
  operators (an overload name or its packet, ``aten::add`` matches ``aten::add.Tensor``)
  raise ``NotImplementedError`` with PyTorch's own missing-kernel message, naming the
  operator and the device's backend: a model that dispatches one fails as on a device
  without that kernel, its blocking operator named (and recorded: the recorder sees the
  operator before it fails). For tests, and to ask "what if this op had no kernel here".
- ``PORTABENCH_MODELS_FAIL_REFERENCE_OP=aten::convolution[,…]``: the same, on the CPU
  only while the CPU-eager reference of a device or compiled case is computed: such a
  case is then a skip saying the reference failed (``cpu_reference``), not a failure of
  its target. For tests.

Needs torchvision and timm, which need PyPI's torch (``portabench setup --with models``,
``.venvs/models-pytorch``): on the CPU wheel the generator raises ``ImportError`` saying so.
"""
import os

from .select import from_environment
from .spec import CaseSpec

MODEL_TOL = (1e-2, 1e-2)
WORKLOADS = ("inference", "training")
SMALL = 64


def _names(text):
    return [n.strip() for n in (text or "").split(",") if n.strip()]


def _need(module):
    import importlib

    try:
        return importlib.import_module(module)
    except Exception as exc:  # ImportError, or torchvision's "operator torchvision::nms does not exist" on the CPU wheel
        raise ImportError(
            f"the models suite needs {module}, which needs PyPI's torch: run 'portabench setup --with models' "
            f"and run with --python pytorch=<venvs>/models-pytorch/bin/python ({type(exc).__name__}: {exc})"
        ) from exc


# -- the registries ---------------------------------------------------------
# torchvision's model families: the module its builders are public in, the input.
TV_FAMILIES = (
    ("classification", "torchvision.models", None),
    ("quantization", "torchvision.models.quantization", "quantization"),
    ("detection", "torchvision.models.detection", "detection"),
    ("segmentation", "torchvision.models.segmentation", "segmentation"),
    ("video", "torchvision.models.video", "video"),
    ("optical_flow", "torchvision.models.optical_flow", "optical_flow"),
)


def _tv_input(family, name):
    """(batch, input shape of one sample) for a torchvision model."""
    if family == "video":  # MViT's patch grid and S3D's kernels want their own size: 16 frames of 224×224
        return (1, [3, 16, 224, 224]) if name.startswith(("mvit", "s3d")) else (2, [3, 8, 64, 64])
    if family == "optical_flow":
        return 1, [3, 128, 128]
    if family == "detection":
        return 1, [3, 224, 224]
    if name.startswith(("vit_", "swin", "maxvit")):
        return 2, [3, 224, 224]
    if name.removeprefix("quantized_").startswith("inception"):
        return 2, [3, 299, 299]
    return 2, [3, SMALL, SMALL]


def torchvision_models():
    """(public function, family, name, batch, input) for every torchvision model."""
    tv = _need("torchvision")
    out, seen = [], set()
    for family, public, sub in reversed(TV_FAMILIES):  # a name in a sub-module is its family's, not classification's
        module = getattr(tv.models, sub) if sub else None
        for name in tv.models.list_models(module=module) if module else tv.models.list_models():
            if name in seen:
                continue
            seen.add(name)
            batch, shape = _tv_input(family, name)
            # the builder's own public name: quantized_resnet18 is torchvision.models.quantization.resnet18
            out.append((f"{public}.{tv.models.get_model_builder(name).__name__}", family, name, batch, shape))
    return sorted(out)


def timm_models():
    """(public function, family, name, batch, input) for every timm architecture; the
    input size is read from the model's default config without building it."""
    timm = _need("timm")
    out = []
    for name in timm.list_models():
        try:
            cfg = timm.models.get_pretrained_cfg(name)
            shape = list(getattr(cfg, "input_size", None) or (3, 224, 224))
        except Exception:  # noqa: BLE001 - no default config: the usual size
            shape = [3, 224, 224]
        out.append((f"timm.create_model:{name}", "timm", name, 2, shape))
    return out


# transformers: a config scaled down to a runnable size; the keys a config has (its
# attribute_map spells them: gpt2's n_embd is hidden_size) are set, in the config and in
# each config it holds (text, vision, audio, encoder, decoder: scale_config).
TRANSFORMERS_SCALE = {
    "num_hidden_layers": 2, "hidden_size": 64, "num_attention_heads": 4, "num_key_value_heads": 2,
    "head_dim": 16, "intermediate_size": 128,
    "encoder_layers": 2, "decoder_layers": 2, "encoder_attention_heads": 4, "decoder_attention_heads": 4,
    "encoder_ffn_dim": 128, "decoder_ffn_dim": 128,
    # multi-head latent attention (DeepSeek V2/V3 and their kin): its rotary part is head_dim wide
    "rotary_dim": 8,  # a rotary part narrower than the heads (gptj, codegen)
    "qk_rope_head_dim": 16, "qk_nope_head_dim": 16, "v_head_dim": 16, "kv_lora_rank": 32, "q_lora_rank": 32,
}
TRANSFORMERS_TOKENS = 16


# The heads that take token ids, in the order a model type's head is chosen: its family,
# transformers' auto mapping (model type → class) and auto class.
TRANSFORMERS_HEADS = (
    ("causal_lm", "MODEL_FOR_CAUSAL_LM_MAPPING_NAMES", "AutoModelForCausalLM"),
    ("masked_lm", "MODEL_FOR_MASKED_LM_MAPPING_NAMES", "AutoModelForMaskedLM"),
    ("seq2seq_lm", "MODEL_FOR_SEQ_TO_SEQ_CAUSAL_LM_MAPPING_NAMES", "AutoModelForSeq2SeqLM"),
    ("sequence_classification", "MODEL_FOR_SEQUENCE_CLASSIFICATION_MAPPING_NAMES", "AutoModelForSequenceClassification"),
    ("question_answering", "MODEL_FOR_QUESTION_ANSWERING_MAPPING_NAMES", "AutoModelForQuestionAnswering"),
)
TRANSFORMERS_AUTO = {family: auto for family, _, auto in TRANSFORMERS_HEADS}
TOKEN_FAMILIES = set(TRANSFORMERS_AUTO)


def transformers_models():
    """(public function, family, name, batch, input) for every transformers model type
    with a head that takes token ids (its input: batch × TRANSFORMERS_TOKENS ids), the
    first of its heads in TRANSFORMERS_HEADS."""
    _need("transformers")
    from transformers.models.auto import modeling_auto

    out, seen = [], set()
    for family, mapping, _auto in TRANSFORMERS_HEADS:
        for model_type, cls in sorted(getattr(modeling_auto, mapping).items()):
            if model_type not in seen:
                seen.add(model_type)
                out.append((f"transformers.{cls}", family, model_type, 2, [TRANSFORMERS_TOKENS]))
    return sorted(out, key=lambda m: m[2])


def _logits(model, family, vocab=None):
    """A transformers model called on token ids, no cache: its logits (tensors, comparable).
    ``vocab``: its vocabulary size, which the token ids stay below (make_inputs)."""
    import torch

    class Logits(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner
            self.vocab = vocab

        def forward(self, ids):
            if family == "causal_lm":
                return self.inner(input_ids=ids, use_cache=False).logits
            if family == "seq2seq_lm":
                return self.inner(input_ids=ids, decoder_input_ids=ids, use_cache=False).logits
            out = self.inner(input_ids=ids)
            return (out.start_logits, out.end_logits) if family == "question_answering" else out.logits

    return Logits(model)


def _sub_configs(config):
    from transformers import PretrainedConfig

    return [v for v in vars(config).values() if isinstance(v, PretrainedConfig)]


def scale_config(config, scale, depth=0):
    """``config`` with the keys of ``scale`` it has set, and those of the configs it holds
    (a multimodal model's text, vision and audio configs, an encoder-decoder's halves)."""
    for key, value in scale.items():
        try:
            if hasattr(config, key):
                setattr(config, key, value)
        except (AttributeError, TypeError, ValueError):  # derived from the others (falcon's head_dim is a property),
            pass  # or one per layer (gemma4's head_dim: reading it is ambiguous)
    if "kv_lora_rank" in scale and hasattr(config, "kv_lora_rank") and hasattr(config, "num_key_value_heads"):
        try:  # latent attention expands its keys to every head: no grouped heads
            config.num_key_value_heads = config.num_attention_heads
        except (AttributeError, TypeError, ValueError):
            pass
    if depth < 3:
        for sub in _sub_configs(config):
            scale_config(sub, scale, depth + 1)
    return config


def vocab_size(config):
    """The vocabulary the token ids index: the config's, else its text or decoder config's."""
    for c in [config, *_sub_configs(config)]:
        v = getattr(c, "vocab_size", None)
        if isinstance(v, int) and v > 0:
            return v
    return None


def build_transformers(model_type, scale=None, family="causal_lm"):
    """The type's model with its head, from its default config scaled to ``scale``
    (default TRANSFORMERS_SCALE; ``{}``: full size)."""
    import transformers

    config = transformers.AutoConfig.for_model(model_type)
    if getattr(config, "vocab_size", 0) is None:  # left open by the type (esm), with its pad token
        config.vocab_size = 1000
        if getattr(config, "pad_token_id", 0) is None:
            config.pad_token_id = 0
    if family == "sequence_classification" and getattr(config, "pad_token_id", None) is None:
        config.pad_token_id = 0  # a batch of two needs it to find each sequence's last token
    if family == "causal_lm" and getattr(config, "is_decoder", True) is False:
        config.is_decoder = True  # an encoder type's causal-LM head wants it (reformer asserts it)
    scale_config(config, TRANSFORMERS_SCALE if scale is None else scale)
    model = getattr(transformers, TRANSFORMERS_AUTO[family]).from_config(config)
    if hasattr(model, "set_default_language") and getattr(config, "languages", None):
        model.set_default_language(config.default_language or config.languages[0])  # xmod: an adapter per language
    return _logits(model, family, vocab_size(config))


# Inputs of a transformers model that are not token ids: a type whose forward has one and
# that fails on ids alone is a model the suite does not feed (suite_fault).
NON_TEXT_INPUTS = (
    "pixel_values", "pixel_values_videos", "image", "images", "image_embeds", "visual_feats", "visual_pos",
    "visual_embeds", "bbox", "input_features", "input_values", "audio_values", "input_audio_embeds",
    "speech", "spectrogram", "feature_attention_mask", "image_grid_thw",
)


def _fake_run(model_type, family, scale):
    """``(built, exc)`` for the model built at ``scale`` and called on the suite's token ids
    under fake tensors (no memory, no compute): ``built`` whether it was built, ``exc`` the
    exception that stopped it (None: it traced)."""
    import logging

    import torch
    from torch._subclasses.fake_tensor import FakeTensorMode

    log = logging.getLogger("torch._subclasses.fake_tensor")
    level, built = log.level, False
    log.setLevel(logging.CRITICAL)  # it logs each failing meta kernel: the answer is the exception
    try:
        with FakeTensorMode(allow_non_fake_inputs=True):
            torch.manual_seed(0)
            model = build_transformers(model_type, scale, family).eval()
        built = True
        ids = make_inputs(family, 2, [TRANSFORMERS_TOKENS], "cpu", model.vocab)
        with FakeTensorMode(allow_non_fake_inputs=True), torch.no_grad():
            model(*ids)
    except Exception as exc:  # noqa: BLE001 - any failure is the answer
        return built, exc
    finally:
        log.setLevel(level)
    return built, None


def _fake_limit(exc):
    """Whether ``exc`` is fake tensors' own limit (a data-dependent value or shape, an
    operator without a fake kernel): the model may well run for real."""
    from torch._subclasses import fake_tensor

    limits = tuple(getattr(fake_tensor, n) for n in ("DataDependentOutputException", "DynamicOutputShapeException",
                                                      "UnsupportedOperatorException") if hasattr(fake_tensor, n))
    return (isinstance(exc, limits) or type(exc).__name__ == "GuardOnDataDependentSymNode"
            or str(exc).startswith("_apply(): Couldn't swap"))  # a fake parameter a module cannot take (hy_v4)


def _said(exc, width=200):
    """``Type: the first line of its message`` (the first that says something)."""
    line = next((x.strip() for x in str(exc).splitlines() if x.strip()), "")
    return f"{type(exc).__name__}: {line[:width]}"


def _same_failure(a, b):
    import re

    def shape(e):
        return type(e).__name__, re.sub(r"\d+", "#", _said(e))

    return shape(a) == shape(b)


def suite_fault(model_type, family, scale, exc):
    """Why a transformers model that raised ``exc`` on the CPU is the suite's failure, not
    the target's — or None when it is the target's. Decided under fake tensors (the suite's
    scaled config, then the type's full-size default config):

    - the scaled config traces under fake tensors: None — the real run's failure stands;
    - the full-size config traces (or builds and stops at fake tensors' own limit, a
      data-dependent value): the scaled config does not hold together for this type;
    - the type's forward takes inputs other than token ids (NON_TEXT_INPUTS): the suite
      does not feed it (also where the scaled config stopped at fake tensors' limit);
    - the full-size config fails otherwise than the scaled one: the suite cannot tell
      whether the type runs;
    - else (the full-size config fails as the scaled one does, or the scaled one stopped
      at fake tensors' limit): None — the type fails as it is."""
    import inspect

    import transformers

    _, scaled = _fake_run(model_type, family, scale)
    if scaled is None:
        return None
    conclusive = not _fake_limit(scaled)
    if conclusive:
        built, full = _fake_run(model_type, family, {})
        if full is None or (built and _fake_limit(full)):
            traced = "builds and traces" if full is None else "builds (its forward is data-dependent, which fake tensors cannot follow)"
            return (f"the default config of {model_type} scaled to the suite's size ({_scaled_keys(scale)}) does not "
                    f"hold together ({_said(exc)}); its full-size config {traced} under fake tensors")
    inner = getattr(transformers, TRANSFORMERS_AUTO[family])._model_mapping[type(transformers.AutoConfig.for_model(model_type))]
    extra = [p for p in inspect.signature(inner.forward).parameters if p in NON_TEXT_INPUTS]
    if extra:
        return (f"{model_type} fails on token ids alone ({_said(exc)}), and its forward takes "
                f"{', '.join(extra)}, which the suite does not give")
    if conclusive and not _same_failure(scaled, full):
        return (f"the default config of {model_type} scaled to the suite's size fails ({_said(exc)}) and its full-size "
                f"config fails otherwise under fake tensors ({_said(full)}): the suite cannot tell whether it runs")
    return None


def _scaled_keys(scale):
    return ", ".join(f"{k}={v}" for k, v in (TRANSFORMERS_SCALE if scale is None else scale).items()
                     if k in ("num_hidden_layers", "hidden_size", "num_attention_heads", "intermediate_size"))


# -- building and running -----------------------------------------------------
def build(library, family, name, scale=None):
    """The model, random weights seeded: built on the CPU (a transformers config scaled to ``scale``)."""
    import torch

    torch.manual_seed(0)
    if library == "transformers":
        return build_transformers(name, scale, family)
    if library == "timm":
        return _need("timm").create_model(name, pretrained=False)
    tv = _need("torchvision")
    kwargs = {"weights": None}
    if family == "detection":
        kwargs["weights_backbone"] = None
        if not name.startswith("ssd"):  # the R-CNNs, FCOS and RetinaNet resize to 800 unless told; SSDs have their own size
            kwargs.update(min_size=224, max_size=224)
    elif name.removeprefix("quantized_") in ("inception_v3", "googlenet"):
        kwargs["aux_logits"] = False
        kwargs["init_weights"] = True
    elif family == "segmentation":
        kwargs["weights_backbone"] = None
    return tv.models.get_model(name, **kwargs)


def make_inputs(family, batch, shape, device, vocab=None):
    import torch

    g = torch.Generator().manual_seed(1)
    if family in TOKEN_FAMILIES:  # ids below 1000 and below the model's vocabulary
        return (torch.randint(0, min(1000, vocab or 1000), [batch, *shape], generator=g).to(device),)
    x = torch.randn([batch, *shape], generator=g)
    if family == "optical_flow":
        return (x.to(device), torch.randn([batch, *shape], generator=g).to(device))
    if family == "detection":
        return ([s.to(device) for s in x.clamp(0, 1)],)
    return (x.to(device),)


def float_leaves(out):
    import torch
    from torch.utils._pytree import tree_flatten

    return [x for x in tree_flatten(out)[0] if isinstance(x, torch.Tensor) and x.is_floating_point()]


def inference_step(model):
    import torch

    def forward(*inputs):
        with torch.no_grad():
            return model(*inputs)

    return forward


def training_step(model):
    import torch

    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)

    def step(*inputs):
        optimizer.zero_grad(set_to_none=True)
        out = model(*inputs)
        loss = sum(x.float().mean() for x in float_leaves(out))
        loss.backward()
        optimizer.step()
        return loss.detach()

    return step


def cpu_reference(name, compute):
    """``compute()``, the CPU-eager reference a target's output is checked against. When
    the reference itself raises, the target's result cannot be judged: the case is a skip
    that says so (the ``cpu``/eager target records the failure as its own), never a
    failure of the target."""
    from portabench.cases import Skip

    try:
        return compute()
    except Exception as exc:  # noqa: BLE001 - any failure of the reference, named in the skip
        raise Skip(f"the CPU-eager reference of {name} failed ({_said(exc, 300)}), so this target's "
                   "output cannot be checked against it; the cpu/eager target records that failure") from exc


def _built(library, family, name, workload, scale=None):
    """The model built on the CPU, and the copy its CPU-eager reference runs (the same
    module for inference; a training step moves the weights, so its reference is a copy)."""
    import copy

    model = build(library, family, name, scale)
    return model, (copy.deepcopy(model) if workload == "training" else model)


def _on(model, device, workload):
    """``model`` on ``device`` in the workload's mode: a failure here is the device's."""
    model = model.to(device)
    (model.eval if workload == "inference" else model.train)()
    return model


def _guarded(library, family, name, scale, exc, judged):
    """The Skip to raise for a model that raised ``exc`` on the CPU (built there, or run
    there on cpu/eager), or None when ``exc`` stands as the target's failure: the suite's
    fault (suite_fault) is a skip; a model that cannot be built on the CPU is a skip for
    every target but cpu/eager (``judged``: it records the failure)."""
    from portabench.cases import Skip

    if isinstance(exc, ImportError):  # an optional dependency of the model (layoutlmv2: detectron2)
        return Skip(f"not a failure of this target: {name} needs a package the models environment does not have "
                    f"({_said(exc)})")
    if library == "transformers":
        try:
            reason = suite_fault(name, family, scale, exc)
        except Exception:  # noqa: BLE001 - a diagnosis that fails decides nothing
            reason = None
        if reason:
            return Skip(f"not a failure of this target: {reason}")
    if not judged:
        return Skip(f"{name} cannot be built on the CPU ({_said(exc)}), so this target cannot run it; "
                    "the cpu/eager target records that failure")
    return None


def run_case(bench, device, library, family, model, workload, batch, input, scale=None, **_params):
    import torch

    from portabench.cases import Skip

    from . import torch_compare

    name = model
    compare_here = torch.device(device).type != "cpu" or bench.compiled
    try:
        net, cpu_net = _built(library, family, name, workload, scale)
    except Exception as exc:  # noqa: BLE001 - a build on the CPU: judged by _guarded
        skip = _guarded(library, family, name, scale, exc, judged=not compare_here)
        if skip is not None:
            raise skip from exc
        raise
    vocab = getattr(cpu_net, "vocab", None)
    if compare_here:
        # the reference before the model moves (an inference's is the same module, which .to() moves
        # in place): CPU eager, same weights, same inputs
        (cpu_net.eval if workload == "inference" else cpu_net.train)()
        cpu_step = (inference_step if workload == "inference" else training_step)(cpu_net)
        with failing_ops(_names(os.environ.get("PORTABENCH_MODELS_FAIL_REFERENCE_OP")), "cpu"):
            expected = cpu_reference(name, lambda: cpu_step(*make_inputs(family, batch, input, "cpu", vocab)))
    net = _on(net, device, workload)
    step = (inference_step if workload == "inference" else training_step)(net)
    inputs = make_inputs(family, batch, input, device, vocab)
    failure = None
    with failing_ops(_names(os.environ.get("PORTABENCH_MODELS_FAIL_OP")), device):
        try:
            output = bench.measure(step, *inputs)
        except Skip:
            raise
        except Exception as exc:  # noqa: BLE001 - on cpu/eager: judged below, the removed kernels back
            if compare_here:
                raise
            failure = exc
        if failure is None and compare_here:
            # the first call's output (a training step's: its loss, before the weights moved), stored with the result
            bench.analysis.update(torch_compare.differences(output, expected))
            if workload == "inference":
                # later timed calls of a training step have moved the weights: only inference outputs must match
                torch_compare.compare(output, expected, floor=MODEL_TOL, what=f"{name} output")
    if failure is not None:  # the suite's fault is a skip (_guarded); any other failure is cpu/eager's
        skip = _guarded(library, family, name, scale, failure, judged=True)
        if skip is not None:
            raise skip from failure
        raise failure


class failing_ops:
    """While active: the listed ATen operators have, on ``device``'s backend, a kernel
    that raises PyTorch's missing-kernel ``NotImplementedError`` (see the module
    docstring). Registered with ``torch.library`` and removed on exit."""

    def __init__(self, ops, device):
        self.ops = ops
        self.device = device
        self.lib = None

    def __enter__(self):
        if not self.ops:
            return self
        import torch

        key = {"cpu": "CPU", "cuda": "CUDA", "mps": "MPS", "xpu": "XPU"}.get(torch.device(self.device).type, "CPU")
        self.lib = torch.library.Library("aten", "IMPL")
        for op in self.ops:
            base, _, overload = op.split("::", 1)[-1].partition(".")
            for o in [overload] if overload else getattr(torch.ops.aten, base).overloads():
                spelt = base if o in ("", "default") else f"{base}.{o}"
                self.lib.impl(spelt, _raiser(f"aten::{spelt}", key), key)
        return self

    def __exit__(self, *exc):
        if self.lib is not None:
            self.lib._destroy()
        return False


def _raiser(op, key):
    def kernel(*_args, **_kwargs):
        raise NotImplementedError(
            f"Could not run '{op}' with arguments from the '{key}' backend. "
            f"(portabench: PORTABENCH_MODELS_FAIL_OP removes this kernel)"
        )

    return kernel


# -- PyTorch's own benchmark lists --------------------------------------------
DYNAMO_LISTS = os.path.join(os.path.dirname(__file__), "dynamo_lists.json")


def _transformers_types_by_class():
    from transformers.models.auto import modeling_auto

    out = {}
    for attr in dir(modeling_auto):
        mapping = getattr(modeling_auto, attr)
        if attr.startswith("MODEL_") and attr.endswith("_MAPPING_NAMES") and isinstance(mapping, dict):
            for model_type, cls in mapping.items():
                for c in cls if isinstance(cls, (list, tuple)) else [cls]:
                    out.setdefault(c, model_type)
    return out


def dynamo_models(lists=None, registry=None):
    """The models of PyTorch's dynamo benchmark lists (dynamo_lists.json) that the suite
    has: ``({"library:name", …}, {list: [entries not among the suite's models]})``.
    ``lists``: which lists (timm, huggingface, torchbench; default all). A list's name is
    mapped through its aliases; a timm name loses its pretrained tag
    (``deit_tiny_patch16_224.fb_in1k``); a transformers class name is mapped to its model
    type through transformers' auto mappings (the suite builds each type with its own head)."""
    import json

    with open(DYNAMO_LISTS) as f:
        spec = json.load(f)["lists"]
    have = {(lib, m[2]) for lib, m in (registry if registry is not None else _registry())}
    by_class = None
    found, missing = set(), {}
    for list_name, entry in spec.items():
        if lists and list_name not in lists:
            continue
        library = entry["library"]
        for name in entry["models"]:
            target = entry.get("aliases", {}).get(name, name)
            if library == "timm":
                target = target.split(".")[0]
            elif library == "transformers" and (library, target) not in have:
                by_class = _transformers_types_by_class() if by_class is None else by_class
                target = by_class.get(target, target)
            if (library, target) in have:
                found.add(f"{library}:{target}")
            else:
                missing.setdefault(list_name, []).append(name)
    return found, missing


def _expand(wanted, registry):
    """``@dynamo`` (every list) or ``@dynamo-timm``, ``@dynamo-huggingface``,
    ``@dynamo-torchbench`` in PORTABENCH_MODELS → the ``library:name`` entries they select."""
    out = set()
    for w in wanted:
        if w == "@dynamo" or w.startswith("@dynamo-"):
            out |= dynamo_models([w.removeprefix("@dynamo-")] if w != "@dynamo" else None, registry)[0]
        elif w.startswith("@"):
            raise ValueError(f"PORTABENCH_MODELS: unknown list {w!r}: expected @dynamo, @dynamo-timm, @dynamo-huggingface or @dynamo-torchbench")
        else:
            out.add(w)
    return out


def _registry():
    return ([("torchvision", m) for m in torchvision_models()] + [("timm", m) for m in timm_models()]
            + [("transformers", m) for m in transformers_models()])


# -- cases -------------------------------------------------------------------
def cases(environ=None):
    env = os.environ if environ is None else environ
    registry = _registry()
    wanted = _expand(set(_names(env.get("PORTABENCH_MODELS"))), registry)
    workloads = _names(env.get("PORTABENCH_MODELS_WORKLOADS")) or list(WORKLOADS)
    out = []
    for library, (function, family, name, batch, shape) in registry:
        if wanted and name not in wanted and f"{library}:{name}" not in wanted:
            continue
        for workload in workloads:
            if workload == "training" and family == "detection":
                continue  # its training forward needs targets
            params = {"library": library, "family": family, "model": name, "workload": workload, "batch": batch, "input": shape}
            if library == "transformers":
                params["scale"] = TRANSFORMERS_SCALE  # recorded in the case: what its config was scaled to
            out.append(CaseSpec(f"{library}:{name}[{workload}]", run_case, params, function, x64=False))
    return from_environment(out, env)
