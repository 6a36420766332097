import { existsSync } from 'node:fs';
import { listCorpora, readFileSets, readFrequencies } from '../mining/store.js';
import { readFrequencyFile } from '../sampling/frequencies.js';
import type { Store } from '../store/store.js';
import type { UsageCorpus } from './usage.js';

/**
 * Load a usage corpus: a JSON frequency file (the study's `<fw>_frequencies.json`, or
 * `portabench mine --json` output), or the name of a corpus mined into the store (`db:NAME` or `NAME`).
 */
export async function loadUsageCorpus(store: Store, source: string): Promise<UsageCorpus> {
  const dbName = source.startsWith('db:') ? source.slice(3) : null;
  if (!dbName && existsSync(source)) {
    const f = readFrequencyFile(source, 'calls');
    if (!f.framework) throw new Error(`cannot tell which framework ${source} counts: name it <framework>_…json (torch_, jax_, tensorflow_) or give portabench mine --json output`);
    const names = new Map<string, number>();
    for (const it of f.items) names.set(it.name, (names.get(it.name) ?? 0) + it.frequency);
    // mine --json output names functions fully; a {name: count} file (the study's) names them bare
    const qualified = f.items.some((it) => it.name.includes('.'));
    return { corpus: source, kind: qualified ? 'mined' : 'frequency-file', calls: new Map([[f.framework, names]]), fileSets: null };
  }
  const name = dbName ?? source;
  const corpora = await listCorpora(store.db);
  if (!corpora.some((c) => c.name === name)) {
    throw new Error(`no usage corpus "${source}": not a file, and ${store.location} has no mined corpus of that name (it has: ${corpora.map((c) => c.name).join(', ') || 'none'}; mine one with "portabench mine DIR --corpus-name NAME")`);
  }
  const calls = new Map<string, Map<string, number>>();
  for (const n of await readFrequencies(store.db, name)) {
    if (!calls.has(n.framework)) calls.set(n.framework, new Map());
    calls.get(n.framework)!.set(n.name, n.calls);
  }
  const sets = await readFileSets(store.db, name);
  return { corpus: name, kind: 'mined', calls, fileSets: sets.length ? sets : null };
}
