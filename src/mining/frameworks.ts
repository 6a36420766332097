import { VOCABULARY } from '../model/vocabulary.js';

/**
 * The Python modules that make a file "use" a framework, and the canonical spelling of
 * qualified names: PyTorch names start `torch.`, JAX names `jax.`, TensorFlow names
 * `tf.` (the prefix TensorFlow documents its public API under), so `tensorflow.zeros`
 * and `tf.zeros` are one name. A framework's module aliases are other top-level modules
 * that are its own, spelled with its prefix: `import keras; keras.layers.Dense` is
 * `tf.keras.layers.Dense` (tf.keras is Keras 3 since TensorFlow 2.16). The modules,
 * prefixes and aliases are the vocabulary's (src/model/vocabulary.ts); this module owns
 * only how mining uses them.
 */
export interface MinedFramework {
  /** portabench's framework name. */
  name: string;
  /** Top-level Python module. */
  module: string;
  /** Prefix of canonical qualified names. */
  prefix: string;
  /** Other top-level modules of the framework → the prefix their names take. */
  moduleAliases: Record<string, string>;
}

export const MINED_FRAMEWORKS: MinedFramework[] = VOCABULARY.frameworks.map((f) => ({ name: f.name, module: f.module, prefix: f.prefix, moduleAliases: f.module_aliases ?? {} }));

const BY_MODULE = new Map<string, MinedFramework>();
for (const f of MINED_FRAMEWORKS) {
  BY_MODULE.set(f.module, f);
  for (const alias of Object.keys(f.moduleAliases)) BY_MODULE.set(alias, f);
}

const topOf = (dotted: string) => {
  const dot = dotted.indexOf('.');
  return dot < 0 ? dotted : dotted.slice(0, dot);
};

/** The framework a dotted module path belongs to, or undefined (`torchvision` is not `torch`). */
export function frameworkOfModule(dotted: string): MinedFramework | undefined {
  return BY_MODULE.get(topOf(dotted));
}

/** `tensorflow.keras.layers` → `tf.keras.layers`, `keras.layers` → `tf.keras.layers`; others unchanged. */
export function canonicalName(dotted: string): string {
  const top = topOf(dotted);
  const fw = BY_MODULE.get(top);
  if (!fw) return dotted;
  const alias = fw.moduleAliases[top];
  if (alias !== undefined) return alias + dotted.slice(top.length);
  if (fw.prefix === fw.module) return dotted;
  return fw.prefix + dotted.slice(fw.module.length);
}

/** The top-level modules whose imports make a file use one of these frameworks' modules: each module and its aliases. */
export function importedModules(modules: string[]): string[] {
  return modules.flatMap((m) => {
    const fw = BY_MODULE.get(m);
    return fw && fw.module === m ? [m, ...Object.keys(fw.moduleAliases)] : [m];
  });
}

export function minedFramework(name: string): MinedFramework {
  const fw = MINED_FRAMEWORKS.find((f) => f.name === name || f.module === name);
  if (!fw) throw new Error(`unknown framework "${name}": mining knows ${MINED_FRAMEWORKS.map((f) => f.name).join(', ')}`);
  return fw;
}
