/**
 * Process-wide state a case changed and the worker set back after it (the worker's
 * `state_changes`, python/portabench/state_guard.py; stored as JSON text in
 * results.state_changes): one change is what (e.g. "default dtype"), its value before
 * the case and after it. Here: reading the stored text and the one way to say it
 * ("leaks state: default dtype float64"), for report and suite check alike. It does not
 * know how the changes were found or set back.
 */
export interface StateChange {
  what: string;
  before: string;
  after: string;
}

/** The stored JSON text as changes; text that is not such a list gives none. */
export function parseStateChanges(text: string | null | undefined): StateChange[] {
  if (!text) return [];
  try {
    const v = JSON.parse(text) as unknown;
    if (!Array.isArray(v)) return [];
    return v.filter((c): c is StateChange => !!c && typeof c === 'object' && ['what', 'before', 'after'].every((k) => typeof (c as Record<string, unknown>)[k] === 'string'));
  } catch {
    return [];
  }
}

/** "leaks state: default dtype float64, grad mode off" (each change's value after the case). */
export function leakText(changes: StateChange[]): string {
  return `leaks state: ${changes.map((c) => `${c.what} ${c.after}`).join(', ')}`;
}

/** "default dtype float32 → float64; grad mode on → off": each change with its value before. */
export function changeList(changes: StateChange[]): string {
  return changes.map((c) => `${c.what} ${c.before} → ${c.after}`).join('; ');
}
