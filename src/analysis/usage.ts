import type { FileSet } from '../mining/counts.js';
import { BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, seededRandom } from './bootstrap.js';
import { identity, type Dataset, type TargetIdentity } from './dataset.js';
import { statusesOf } from './tables.js';

/**
 * Real-world usage to weigh portability by: calls per function name in a corpus, per
 * framework. A corpus mined by `portabench mine` names functions fully (`torch.nn.functional.relu`)
 * and knows which files call which names; the 2023 study's frequency files give calls per
 * bare name (`relu`), as that study counted them, and nothing about files.
 */
export interface UsageCorpus {
  /** The corpus's name (mined) or file (frequency file). */
  corpus: string;
  kind: 'mined' | 'frequency-file';
  /** framework → name → calls; names are bare for a frequency file. */
  calls: Map<string, Map<string, number>>;
  /** Files grouped by the names they call (mined corpora), or null. */
  fileSets: FileSet[] | null;
}

export interface UsageWeighting {
  corpus: string;
  kind: UsageCorpus['kind'];
  /** Functions of the target that ran and are called in the corpus. */
  functions: number;
  /** The corpus's calls to functions that ran on the target. */
  calls: number;
  /** … of them, to functions that fail partly or completely there. */
  calls_failing: number;
  share_failing: number | null;
  /** 95% percentile bootstrap over the target's functions (resampled with their calls). */
  interval: [number, number] | null;
  /** Unweighted: the share of the target's functions that fail partly or completely. */
  unweighted_share_failing: number | null;
  /** Files of the corpus calling at least one function that ran on the target, and of those, files calling a failing one (null: the corpus does not say). */
  files: number | null;
  files_failing: number | null;
}

export interface UsageRow extends TargetIdentity {
  usage: UsageWeighting;
}

const bare = (name: string) => name.slice(name.lastIndexOf('.') + 1);

function interval(items: Array<{ w: number; failing: boolean }>, resamples = BOOTSTRAP_RESAMPLES, seed = BOOTSTRAP_SEED): [number, number] | null {
  const n = items.length;
  if (!n) return null;
  const rand = seededRandom(seed);
  const shares: number[] = [];
  for (let b = 0; b < resamples; b++) {
    let tot = 0;
    let fail = 0;
    for (let i = 0; i < n; i++) {
      const it = items[Math.floor(rand() * n)];
      tot += it.w;
      if (it.failing) fail += it.w;
    }
    shares.push(tot ? fail / tot : 0);
  }
  shares.sort((a, b) => a - b);
  const at = (q: number) => shares[Math.min(shares.length - 1, Math.max(0, Math.round((shares.length - 1) * q)))];
  return [at(0.025), at(0.975)];
}

/** Usage-weighted portability of each target: the share of real-world calls (and files) that would hit a function failing there. */
export function usageWeighting(ds: Dataset, corpus: UsageCorpus): UsageRow[] {
  const rows: UsageRow[] = [];
  for (const d of ds.targets) {
    const byName = corpus.calls.get(d.target.framework);
    if (!byName) continue;
    const statuses = statusesOf(d);
    const items: Array<{ fn: string; w: number; failing: boolean }> = [];
    let ran = 0;
    let failing = 0;
    for (const [fn, status] of statuses) {
      if (status === 'not_run') continue;
      ran++;
      const isFailing = status === 'partial' || status === 'complete';
      if (isFailing) failing++;
      const w = byName.get(corpus.kind === 'mined' ? fn : bare(fn)) ?? 0;
      if (w > 0) items.push({ fn, w, failing: isFailing });
    }
    if (!ran) continue; // imported timings with no outcome: nothing to weigh
    const calls = items.reduce((s, x) => s + x.w, 0);
    const callsFailing = items.filter((x) => x.failing).reduce((s, x) => s + x.w, 0);
    let files: number | null = null;
    let filesFailing: number | null = null;
    if (corpus.fileSets) {
      const ranSet = new Set(items.map((x) => x.fn));
      const failSet = new Set(items.filter((x) => x.failing).map((x) => x.fn));
      files = 0;
      filesFailing = 0;
      for (const s of corpus.fileSets) {
        if (s.framework !== d.target.framework) continue;
        if (s.names.some((n) => ranSet.has(n))) files += s.files;
        if (s.names.some((n) => failSet.has(n))) filesFailing += s.files;
      }
    }
    rows.push({
      ...identity(d),
      usage: {
        corpus: corpus.corpus,
        kind: corpus.kind,
        functions: items.length,
        calls,
        calls_failing: callsFailing,
        share_failing: calls ? callsFailing / calls : null,
        interval: interval(items),
        unweighted_share_failing: ran ? failing / ran : null,
        files,
        files_failing: filesFailing,
      },
    });
  }
  return rows;
}
