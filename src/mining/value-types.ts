import { VOCABULARY } from '../model/vocabulary.js';

/**
 * The few value types static resolution can follow: a value returned by a framework function
 * known to return one array of that framework (`torch.zeros(…)` → a `torch.Tensor`), so that a
 * method called on it resolves (`x.argsort()` → `torch.Tensor.argsort`). The lists are written
 * out by hand and kept short on purpose: a function that may return a tuple, a module, a
 * device or a Python number (`torch.max`, `torch.where`, `torch.nn.Linear`, `tf.shape`) is not
 * in them, and a method on its result stays unresolved — counted, never guessed. The type's
 * name is the framework's `array_type` in the vocabulary.
 */
export interface ValueType {
  /** portabench's framework name. */
  framework: string;
  /** Qualified name of the type; a method `m` on it is reported as `<type>.m`. */
  type: string;
  /** Canonical qualified names of functions that return one value of this type. */
  producers: ReadonlySet<string>;
  /** Methods of the type that return a value of the same type (for chains: `x.float().argsort()`). */
  sameType: ReadonlySet<string>;
}

const words = (prefix: string, text: string) => text.trim().split(/\s+/).map((w) => `${prefix}${w}`);

const TORCH_CREATE = 'tensor as_tensor from_numpy zeros ones empty full rand randn randint randperm arange linspace logspace eye zeros_like ones_like empty_like full_like rand_like randn_like randint_like';
const TORCH_OPS =
  'cat concat stack hstack vstack matmul mm bmm einsum abs exp log log1p sqrt rsqrt sum mean prod softmax log_softmax sigmoid tanh relu argsort argmax argmin cumsum cumprod clamp clip flatten reshape transpose permute squeeze unsqueeze masked_fill gather index_select outer tril triu diag addmm baddbmm mul add sub div pow neg sin cos floor ceil round sign erf';
const TORCH_F =
  'relu gelu silu elu leaky_relu softmax log_softmax sigmoid tanh linear conv1d conv2d conv3d conv_transpose2d dropout pad interpolate one_hot normalize layer_norm batch_norm group_norm embedding cross_entropy mse_loss l1_loss nll_loss binary_cross_entropy binary_cross_entropy_with_logits avg_pool1d avg_pool2d adaptive_avg_pool2d';
const TORCH_SAME =
  'to cuda cpu float double half bfloat16 long int bool byte type_as contiguous clone detach view view_as reshape reshape_as expand expand_as repeat permute transpose t unsqueeze squeeze flatten sum mean prod abs exp log sqrt pow clamp argsort argmax argmin cumsum cumprod masked_fill gather index_select matmul mm bmm softmax log_softmax sigmoid tanh relu requires_grad_ add_ mul_ sub_ div_ zero_ fill_ clamp_ copy_ normal_ uniform_';

const JNP = 'array asarray zeros ones empty full arange linspace eye identity zeros_like ones_like full_like empty_like concatenate stack hstack vstack dot matmul einsum exp log sqrt abs sum mean max min argmax argmin argsort sort cumsum cumprod reshape transpose tanh maximum minimum clip squeeze expand_dims tril triu diag outer power cos sin';
const JAX_RANDOM = 'normal uniform randint bernoulli categorical permutation truncated_normal';
const JAX_NN = 'relu gelu silu sigmoid softmax log_softmax one_hot';
const JAX_SAME = 'reshape astype transpose sum mean max min prod argmax argmin argsort sort cumsum cumprod squeeze flatten ravel clip round conj dot swapaxes repeat take block_until_ready';

const TF = 'constant convert_to_tensor zeros ones fill range zeros_like ones_like eye identity reshape concat stack matmul cast transpose expand_dims squeeze reduce_sum reduce_mean reduce_max reduce_min abs exp sqrt gather tile one_hot';
const TF_RANDOM = 'normal uniform truncated_normal shuffle';
const TF_MATH = 'reduce_sum reduce_mean reduce_max reduce_min exp log abs sqrt sigmoid tanh add multiply subtract divide';
const TF_NN = 'relu softmax sigmoid conv2d conv1d';

/** Per framework (by name), the functions known to return its array type and the methods that keep it. */
const KNOWN: Record<string, { producers: string[]; sameType: string[] }> = {
  pytorch: {
    producers: [...words('torch.', TORCH_CREATE), ...words('torch.', TORCH_OPS), ...words('torch.nn.functional.', TORCH_F)],
    sameType: words('', TORCH_SAME),
  },
  jax: {
    producers: [...words('jax.numpy.', JNP), ...words('jax.random.', JAX_RANDOM), ...words('jax.nn.', JAX_NN)],
    sameType: words('', JAX_SAME),
  },
  tensorflow: {
    producers: [...words('tf.', TF), ...words('tf.random.', TF_RANDOM), ...words('tf.math.', TF_MATH), ...words('tf.nn.', TF_NN)],
    sameType: [],
  },
};

/** The array type of each framework of the vocabulary that has known producers (a new framework simply has none yet). */
export const VALUE_TYPES: ValueType[] = VOCABULARY.frameworks
  .filter((f) => KNOWN[f.name])
  .map((f) => ({ framework: f.name, type: f.array_type, producers: new Set(KNOWN[f.name].producers), sameType: new Set(KNOWN[f.name].sameType) }));

/** The type of the value a framework function returns, when it is one of the known ones. */
export function producedType(qualified: string): ValueType | null {
  for (const t of VALUE_TYPES) if (t.producers.has(qualified)) return t;
  return null;
}
