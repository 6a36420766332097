import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Reasons the 2023 study gave for leaving a sampled name out; others are accepted as written. */
export const KNOWN_REASONS = ['no test possible', 'error-only test', 'legacy API', 'not a function'];

/**
 * Read an exclusion list: JSON ({name: reason}, or [{name, reason}]) or text, one
 * `name<TAB>reason` per line (blank lines and lines starting with # ignored).
 */
export function readExclusions(path: string): Map<string, string> {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`exclusion file ${file} cannot be read: ${(e as Error).message}`);
  }
  const out = new Map<string, string>();
  const add = (name: unknown, reason: unknown, where: string) => {
    if (typeof name !== 'string' || !name.trim()) throw new Error(`${where}: an exclusion needs a name`);
    if (typeof reason !== 'string' || !reason.trim()) throw new Error(`${where}: the exclusion of "${name}" needs a reason (e.g. ${KNOWN_REASONS.map((r) => `"${r}"`).join(', ')})`);
    out.set(name.trim(), reason.trim());
  };
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new Error(`exclusion file ${file} is not valid JSON: ${(e as Error).message}`);
    }
    if (Array.isArray(raw)) raw.forEach((x, i) => add(x?.name, x?.reason, `${file} [${i}]`));
    else for (const [name, reason] of Object.entries(raw as Record<string, unknown>)) add(name, reason, file);
    return out;
  }
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || line.trimStart().startsWith('#')) return;
    const tab = line.indexOf('\t');
    if (tab < 0) throw new Error(`${file}:${i + 1}: expected "name<TAB>reason", got "${line.slice(0, 80)}"`);
    add(line.slice(0, tab), line.slice(tab + 1), `${file}:${i + 1}`);
  });
  return out;
}
