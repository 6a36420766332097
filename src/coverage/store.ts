import type { Store } from '../store/store.js';
import { VERSION } from '../version.js';
import type { CoverageDoc } from './read.js';

/** The origin of static coverage runs: `static:<framework>-<source>`; analyses tell them apart by the prefix. */
export const STATIC_PREFIX = 'static:';
export const staticOrigin = (doc: Pick<CoverageDoc, 'framework' | 'source'>) => `${STATIC_PREFIX}${doc.framework}-${doc.source}`;
export const isStatic = (origin: string) => origin.startsWith(STATIC_PREFIX);

/** The label a static target carries in place of hardware: which build and registry it was read from. */
export function staticLabel(doc: Pick<CoverageDoc, 'framework' | 'version' | 'source'> & { build?: Record<string, unknown> }): string {
  // a CUDA build read only for its registry (setup --with tf-gpu-registry) says which build it is
  const cuda = typeof doc.build?.cuda_version === 'string' ? ` (${doc.build.wheel ?? doc.framework} wheel, CUDA ${doc.build.cuda_version} build)` : '';
  return `static: ${doc.source} of ${doc.framework} ${doc.version}${cuda}`;
}

/**
 * Store a registry read as a run of its own (origin static:…), one target (mode "static")
 * and one case per operator (× dtype), passing when registered and failing as
 * not_implemented when not. Reading the same build's registry again replaces the run.
 */
export async function storeCoverage(store: Store, doc: CoverageDoc): Promise<{ runId: number; replaced: number }> {
  const origin = staticOrigin(doc);
  const key = `${doc.framework}/${doc.device}/${doc.version}/${doc.source}`;
  const old = (await store.listRuns({ origin })).filter((r) => {
    try {
      return (JSON.parse(r.options) as { key?: string }).key === key;
    } catch {
      return false;
    }
  });
  for (const r of old) await store.deleteRun(r.id);
  const runId = await store.createRun({
    suite: `static/${doc.framework}-${doc.source}`,
    portabenchVersion: VERSION,
    origin,
    fingerprint: { source: doc.source, framework: doc.framework, version: doc.version, build: doc.build },
    options: { key, source: doc.source, device: doc.device },
  });
  const target = await store.target(runId, { framework: doc.framework, device: doc.device, mode: 'static' });
  await store.updateTarget(target.id, { framework_version: doc.version, hardware: staticLabel(doc), build: doc.build, status: 'done' });
  await store.recordCases(
    target.id,
    doc.entries.map((e) => ({
      case: { file: `${doc.source}:${e.case}`, function: e.function, name: e.case, params: { source: doc.source } },
      result: e.registered ? { outcome: 'pass' } : { outcome: 'fail', category: 'not_implemented', errorType: 'NotRegistered', errorMessage: e.detail },
    })),
  );
  await store.setRunStatus(runId, 'finished');
  return { runId, replaced: old.length };
}
