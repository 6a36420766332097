import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { launchPython } from '../runner/launcher.js';

/** Where static coverage is read from, per framework. */
export const COVERAGE_SOURCES: Record<string, string[]> = {
  pytorch: ['dispatcher', 'native-functions', 'opinfo-declarations', 'op-dtypes'],
  tensorflow: ['kernels'],
};

/**
 * What a source is evidence of: `registered` kernels (the live registry of the running
 * build, or the kernels its own native_functions.yaml declares per dispatch key) or what
 * the framework's tests `declared` (OpInfo's dtypes per device type).
 */
export const COVERAGE_LEVEL: Record<string, 'registered' | 'declared'> = {
  dispatcher: 'registered',
  'native-functions': 'registered',
  kernels: 'registered',
  'opinfo-declarations': 'declared',
  // the yaml's kernels joined with OpInfo's dtypes: no stronger than its weaker part
  'op-dtypes': 'declared',
};

/** Read only when named with --source: the join of two sources the default reads apart. */
export const OPT_IN_SOURCES = new Set(['op-dtypes']);

/** Sources whose entries are operator × dtype pairs (the others: operator overloads). */
export const PAIR_SOURCES = new Set(['kernels', 'opinfo-declarations', 'op-dtypes']);

/** Sources read from the running build's own registry: where one speaks, nothing else is read. */
export const LIVE_SOURCES = new Set(['dispatcher', 'kernels']);

export const CoverageDoc = z.object({
  framework: z.string(),
  version: z.string(),
  device: z.string(),
  source: z.string(),
  build: z.record(z.string(), z.unknown()),
  speaks_for: z.boolean(),
  reason: z.string().nullable(),
  entries: z.array(z.object({ function: z.string(), case: z.string(), registered: z.boolean(), detail: z.string() })),
});
export type CoverageDoc = z.infer<typeof CoverageDoc>;

export interface ReadCoverageOptions {
  framework: string;
  device: string;
  source: string;
  python: string;
  timeoutMs?: number;
}

/** Read a framework build's registry for one device, in the framework's own Python (`python -m portabench.coverage`). */
export async function readCoverage(opts: ReadCoverageOptions): Promise<CoverageDoc> {
  const dir = mkdtempSync(join(tmpdir(), 'portabench-coverage-'));
  const out = join(dir, 'coverage.json');
  try {
    const proc = launchPython({
      python: opts.python,
      module: 'portabench.coverage',
      args: ['--framework', opts.framework, '--device', opts.device, '--source', opts.source, '--out', out],
      env: { TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '3' },
    });
    const exit = await proc.waitExit(opts.timeoutMs ?? 10 * 60_000);
    if (!exit) {
      proc.kill();
      throw new Error(`reading ${opts.framework}'s ${opts.source} for ${opts.device} with ${opts.python} took longer than ${(opts.timeoutMs ?? 600_000) / 1000} s`);
    }
    if (proc.startError) throw new Error(`cannot start ${opts.python}: ${proc.startError.message}. Run "portabench setup" or pass --python ${opts.framework}=/path/to/python.`);
    if (exit.code !== 0) {
      const why = exit.signal ? `was killed by ${exit.signal}` : `exited with status ${exit.code}`;
      throw new Error(`reading ${opts.framework}'s ${opts.source} for ${opts.device} with ${opts.python} ${why}:\n${proc.stderr.value.trim().split('\n').slice(-12).join('\n')}`);
    }
    const parsed = CoverageDoc.safeParse(JSON.parse(readFileSync(out, 'utf8')));
    if (!parsed.success) throw new Error(`portabench.coverage wrote an unexpected document: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
