import { isUtf8 } from 'node:buffer';
import { importedModules, MINED_FRAMEWORKS } from './frameworks.js';

/** Why a corpus entry was not mined (the keys of `skipped` in the result). */
export type SkipReason =
  | 'too_large'
  | 'binary'
  | 'invalid_utf8'
  | 'syntax_error'
  | 'python2'
  | 'bad_record'
  | 'unreadable'
  | 'parse_failed';

/**
 * A cheap test that a source may import one of `modules` (torch, tensorflow, jax) or their
 * module aliases (keras, for tensorflow):
 * a line (or a statement after `;` or `:`) starting `import …module…` or
 * `from module…`. Files failing it are never parsed. It misses only imports hidden from
 * plain text (`__import__("torch")`, importlib); it may pass files that merely mention
 * the module in an import-looking line, which parsing then sorts out.
 */
export function importPrefilter(modules: string[] = MINED_FRAMEWORKS.map((f) => f.module)): RegExp {
  const alt = importedModules(modules).map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return new RegExp(`(?:^|[;:])[ \\t]*(?:from[ \\t]+(?:${alt})\\b|import[ \\t]+[^\\n#;]*?\\b(?:${alt})\\b)`, 'm');
}

/**
 * The same test as importPrefilter, about twice as fast on a corpus where most files use no
 * framework: the regex runs only on texts that contain one of the module names at all (a
 * substring search, far cheaper than the regex's scan of every line start). Same answers.
 */
export function importTest(modules: string[] = MINED_FRAMEWORKS.map((f) => f.module)): (text: string) => boolean {
  const names = importedModules(modules);
  const re = importPrefilter(modules);
  return (text) => names.some((n) => text.includes(n)) && re.test(text);
}

export type Decoded = { ok: true; text: string } | { ok: false; reason: SkipReason };

/** Bytes of a source file → its text, or why it is not Python source. */
export function decodeSource(bytes: Uint8Array, maxBytes: number): Decoded {
  if (bytes.byteLength > maxBytes) return { ok: false, reason: 'too_large' };
  if (bytes.indexOf(0) >= 0) return { ok: false, reason: 'binary' };
  if (!isUtf8(bytes)) return { ok: false, reason: 'invalid_utf8' };
  return { ok: true, text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') };
}

/** A text that came decoded (JSON Lines, Parquet): the same checks on characters. */
export function checkText(text: string, maxBytes: number): Decoded {
  if (text.length > maxBytes) return { ok: false, reason: 'too_large' };
  if (text.indexOf('\0') >= 0) return { ok: false, reason: 'binary' };
  if (!(text as unknown as { isWellFormed(): boolean }).isWellFormed()) return { ok: false, reason: 'invalid_utf8' };
  return { ok: true, text };
}
