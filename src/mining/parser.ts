import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';

let language: Promise<Language> | null = null;

/** Path of the Python grammar shipped by the tree-sitter-python package. */
export function pythonWasmPath(): string {
  return createRequire(import.meta.url).resolve('tree-sitter-python/tree-sitter-python.wasm');
}

/** Load tree-sitter's Python grammar once per thread. */
export function pythonLanguage(): Promise<Language> {
  language ??= (async () => {
    await Parser.init();
    return Language.load(pythonWasmPath());
  })();
  return language;
}

/** A parser for Python (web-tree-sitter: the WebAssembly build, no native addon). */
export async function pythonParser(): Promise<Parser> {
  const lang = await pythonLanguage();
  const parser = new Parser();
  parser.setLanguage(lang);
  return parser;
}
