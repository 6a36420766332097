import { VOCABULARY } from '../model/vocabulary.js';

/**
 * The Python modules that make a file "use" a framework, and the canonical spelling of
 * qualified names: PyTorch names start `torch.`, JAX names `jax.`, TensorFlow names
 * `tf.` (the prefix TensorFlow documents its public API under), so `tensorflow.zeros`
 * and `tf.zeros` are one name. The modules and prefixes are the vocabulary's
 * (src/model/vocabulary.ts); this module owns only how mining uses them.
 */
export interface MinedFramework {
  /** portabench's framework name. */
  name: string;
  /** Top-level Python module. */
  module: string;
  /** Prefix of canonical qualified names. */
  prefix: string;
}

export const MINED_FRAMEWORKS: MinedFramework[] = VOCABULARY.frameworks.map((f) => ({ name: f.name, module: f.module, prefix: f.prefix }));

const BY_MODULE = new Map(MINED_FRAMEWORKS.map((f) => [f.module, f]));

/** The framework a dotted module path belongs to, or undefined (`torchvision` is not `torch`). */
export function frameworkOfModule(dotted: string): MinedFramework | undefined {
  const dot = dotted.indexOf('.');
  return BY_MODULE.get(dot < 0 ? dotted : dotted.slice(0, dot));
}

/** `tensorflow.keras.layers` → `tf.keras.layers`; others unchanged. */
export function canonicalName(dotted: string): string {
  const fw = frameworkOfModule(dotted);
  if (!fw || fw.prefix === fw.module) return dotted;
  return fw.prefix + dotted.slice(fw.module.length);
}

export function minedFramework(name: string): MinedFramework {
  const fw = MINED_FRAMEWORKS.find((f) => f.name === name || f.module === name);
  if (!fw) throw new Error(`unknown framework "${name}": mining knows ${MINED_FRAMEWORKS.map((f) => f.name).join(', ')}`);
  return fw;
}
