import { readFile } from 'node:fs/promises';
import type { Node, Parser } from 'web-tree-sitter';
import { pythonParser } from '../mining/parser.js';
import type { ModelCaseInfo } from './cases.js';

/**
 * Where a user's code builds a known architecture, found statically (tree-sitter; never
 * imported or run): `torchvision.models.resnet18(...)` (and `get_model("resnet18")`),
 * `timm.create_model("resnet18", ...)` with a literal name, a transformers model class or
 * its config class (`LlamaForCausalLM(...)`, `LlamaForCausalLM.from_config(...)`,
 * `LlamaConfig(...)`), each through the file's imports (`from torchvision import models`,
 * `import timm as t`, `from transformers import LlamaConfig`); a `keras.applications`
 * constructor (`keras.applications.ResNet50(...)`, `tf.keras.applications.resnet50.ResNet50(...)`,
 * `from keras.applications import ResNet50`). Imports are read file-wide
 * (a rebinding in a function is not followed). It does not know what the store holds
 * (./check.ts matches a call with the models suite's cases).
 */

export interface ModelCall {
  line: number;
  column: number;
  library: 'torchvision' | 'timm' | 'transformers' | 'keras';
  /** The call as resolved: `torchvision.models.resnet18`, `timm.create_model("resnet18")`, `transformers.LlamaConfig`. */
  spelt: string;
  /** torchvision: the builder's or get_model's name; timm: the literal name (its pretrained tag cut); transformers: the class's model prefix (`Llama`); keras: the constructor's name. */
  name: string;
}

const LIBRARIES = ['torchvision', 'timm', 'transformers', 'keras'] as const;
/** Modules whose imports are followed besides the libraries': TensorFlow, for `tf.keras`. */
const CARRIERS = ['tensorflow'];

/** A transformers class's model prefix: `LlamaForCausalLM`, `LlamaModel`, `LlamaConfig`, `GPT2LMHeadModel` → `Llama`, `GPT2`. */
export function transformersPrefix(cls: string): string | null {
  if (!/^[A-Z]/.test(cls) || cls.startsWith('Auto')) return null;
  const m = /^(.+?)(Config|LMHeadModel|For[A-Z]\w*|PreTrainedModel|Model)$/.exec(cls);
  return m ? m[1] : null;
}

function dotted(n: Node | null): string | null {
  if (!n) return null;
  if (n.type === 'identifier') return n.text;
  if (n.type === 'attribute') {
    const base = dotted(n.childForFieldName('object'));
    const attr = n.childForFieldName('attribute')?.text;
    return base && attr ? `${base}.${attr}` : null;
  }
  return null;
}

function firstStringArg(call: Node): string | null {
  const args = call.childForFieldName('arguments');
  const first = args?.namedChildren.find((c) => c && c.type !== 'comment') ?? null;
  if (!first || first.type !== 'string') return null;
  const text = first.text;
  const m = /^[rRuU]?(['"])(.*)\1$/s.exec(text);
  return m && !/[{}]/.test(m[2]) ? m[2] : null;
}

/** name → the module path or object it is bound to, for the model libraries' imports. */
function imports(root: Node): Map<string, string> {
  const out = new Map<string, string>();
  const ours = (path: string) => [...LIBRARIES, ...CARRIERS].includes(path.split('.')[0]);
  for (const stmt of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (!stmt) continue;
    if (stmt.type === 'import_statement') {
      for (const item of stmt.childrenForFieldName('name')) {
        if (!item) continue;
        if (item.type === 'aliased_import') {
          const path = item.childForFieldName('name')?.text ?? '';
          const alias = item.childForFieldName('alias')?.text;
          if (alias && ours(path)) out.set(alias, path);
        } else if (ours(item.text)) out.set(item.text.split('.')[0], item.text.split('.')[0]);
      }
      continue;
    }
    const module = stmt.childForFieldName('module_name');
    if (!module || module.type !== 'dotted_name' || !ours(module.text)) continue;
    for (const item of stmt.childrenForFieldName('name')) {
      if (!item) continue;
      const name = item.type === 'aliased_import' ? (item.childForFieldName('name')?.text ?? '') : item.text;
      const alias = item.type === 'aliased_import' ? (item.childForFieldName('alias')?.text ?? '') : item.text;
      if (alias) out.set(alias, `${module.text}.${name}`);
    }
  }
  return out;
}

function resolve(call: Node, bound: Map<string, string>): ModelCall | null {
  const fn = dotted(call.childForFieldName('function'));
  if (!fn) return null;
  const [head, ...rest] = fn.split('.');
  const target = bound.get(head);
  if (!target) return null;
  // tf.keras is Keras (TensorFlow's own spelling of it)
  const q = [target, ...rest].join('.').replace(/^tensorflow\.keras\./, 'keras.');
  const at = { line: call.startPosition.row + 1, column: call.startPosition.column + 1 };
  const parts = q.split('.');
  const last = parts[parts.length - 1];
  if (q.startsWith('torchvision.models.')) {
    if (last === 'get_model') {
      const name = firstStringArg(call);
      return name ? { ...at, library: 'torchvision', spelt: `${q}(${JSON.stringify(name)})`, name } : null;
    }
    return /^[a-z]\w*$/.test(last) && !['get_model_builder', 'get_weight', 'get_model_weights', 'list_models'].includes(last) ? { ...at, library: 'torchvision', spelt: q, name: last } : null;
  }
  if (q === 'timm.create_model' || q === 'timm.models.create_model') {
    const name = firstStringArg(call);
    return name ? { ...at, library: 'timm', spelt: `timm.create_model(${JSON.stringify(name)})`, name: name.replace(/^timm\//, '').split('.')[0] } : null;
  }
  if (q.startsWith('keras.applications.')) {
    // keras.applications.ResNet50, or through its module: keras.applications.resnet50.ResNet50
    return /^[A-Z]\w*$/.test(last) && parts.length <= 4 ? { ...at, library: 'keras', spelt: q, name: last } : null;
  }
  if (parts[0] === 'transformers') {
    const cls = ['from_config', 'from_pretrained', '_from_config'].includes(last) ? parts[parts.length - 2] : last;
    const prefix = transformersPrefix(cls);
    return prefix ? { ...at, library: 'transformers', spelt: `transformers.${cls}${cls === last ? '' : `.${last}`}`, name: prefix } : null;
  }
  return null;
}

/** The model-building calls of one file's source. */
export function modelCallsIn(parser: Parser, text: string): ModelCall[] {
  if (!/\b(torchvision|timm|transformers|keras)\b/.test(text)) return [];
  const tree = parser.parse(text);
  if (!tree) return [];
  try {
    const bound = imports(tree.rootNode);
    if (!bound.size) return [];
    const out: ModelCall[] = [];
    for (const call of tree.rootNode.descendantsOfType('call')) {
      const m = call && resolve(call, bound);
      if (m) out.push(m);
    }
    return out;
  } finally {
    tree.delete();
  }
}

/** The model-building calls of each file (files that cannot be read are left to the framework scan, which reports them). */
export async function scanModelCalls(files: string[]): Promise<Map<string, ModelCall[]>> {
  const parser = await pythonParser();
  const out = new Map<string, ModelCall[]>();
  try {
    for (const f of files) {
      const text = await readFile(f, 'utf8').catch(() => null);
      if (text === null) continue;
      const calls = modelCallsIn(parser, text);
      if (calls.length) out.set(f, calls);
    }
  } finally {
    parser.delete();
  }
  return out;
}

/** Whether a call builds the model of a models-suite case. */
export function callBuilds(call: ModelCall, info: ModelCaseInfo): boolean {
  if (call.library !== info.library) return false;
  if (call.library === 'transformers') return transformersPrefix(info.function.replace(/^transformers\./, '')) === call.name;
  if (call.library === 'torchvision') return call.spelt.includes('get_model(') ? call.name === info.model : call.spelt === info.function;
  return call.name === info.model;
}
