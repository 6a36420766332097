import { UsageCounts, type FileSet, type MethodCount, type NameCount } from './counts.js';
import { minedFramework, MINED_FRAMEWORKS } from './frameworks.js';
import { defaultJobs, MiningPool } from './pool.js';
import { readInput, type CorpusUnit } from './sources.js';

export interface MineOptions {
  /** Worker threads (default: all cores). */
  jobs?: number;
  /** portabench framework names to count (default: pytorch, tensorflow, jax). */
  frameworks?: string[];
  /** Entries larger than this many bytes are skipped as too_large (default 10 MB). */
  maxBytes?: number;
  onProgress?: (p: MineProgress) => void;
  /** Inputs or parts of inputs that could not be read (they are counted, never fatal). */
  onWarning?: (message: string) => void;
}

export interface MineProgress {
  files: number;
  bytes: number;
  seconds: number;
}

export interface MiningResult {
  files: number;
  parsed: number;
  bytes: number;
  skipped: Record<string, number>;
  frameworks: Record<string, { files_importing: number }>;
  names: NameCount[];
  methods: MethodCount[];
  /** Files grouped by the exact set of a framework's names they call (usage weighting counts files with it). */
  fileSets: FileSet[];
  seconds: number;
  jobs: number;
}

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

const FILE_BATCH_COUNT = 64;
const FILE_BATCH_BYTES = 512 * 1024;

/**
 * Mine a corpus (directories of .py files, .py files, JSON Lines — gzip or not — and
 * Parquet files with a `content` column) for framework API usage, on `jobs` worker
 * threads. Inputs are streamed: memory holds only the batches in flight.
 */
export async function mineCorpus(inputs: string[], opts: MineOptions = {}): Promise<MiningResult> {
  return mineUnits(readInputs(inputs, opts.maxBytes ?? DEFAULT_MAX_BYTES), opts);
}

async function* readInputs(inputs: string[], maxBytes: number): AsyncGenerator<CorpusUnit> {
  for (const input of inputs) yield* readInput(input, maxBytes);
}

/** Mine a stream of corpus units (mineCorpus's inputs, or one shard of them: distributed mining). */
export async function mineUnits(units: AsyncIterable<CorpusUnit>, opts: MineOptions = {}): Promise<MiningResult> {
  const started = performance.now();
  const jobs = Math.max(1, opts.jobs ?? defaultJobs());
  const frameworks = (opts.frameworks?.length ? opts.frameworks : MINED_FRAMEWORKS.map((f) => f.name)).map(minedFramework);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const main = new UsageCounts();
  const progress = { files: 0, bytes: 0, seconds: 0 };
  const report = () => {
    progress.seconds = (performance.now() - started) / 1000;
    opts.onProgress?.({ ...progress });
  };
  const pool = new MiningPool(jobs, { maxBytes, modules: frameworks.map((f) => f.module) }, (p) => {
    progress.files += p.files;
    progress.bytes += p.bytes;
    report();
  });
  let counts: UsageCounts;
  try {
    let files: Uint8Array[] = [];
    let fileBytes = 0;
    const flushFiles = async () => {
      if (!files.length) return;
      const batch = files;
      files = [];
      fileBytes = 0;
      await pool.submit({ files: batch });
    };
    for await (const unit of units) {
      if (unit.kind === 'file') {
        files.push(unit.bytes);
        fileBytes += unit.bytes.byteLength;
        if (files.length >= FILE_BATCH_COUNT || fileBytes >= FILE_BATCH_BYTES) await flushFiles();
      } else if (unit.kind === 'jsonl') {
        await pool.submit({ jsonl: unit.bytes });
      } else if (unit.kind === 'texts') {
        await pool.submit({ texts: unit.texts });
      } else {
        main.skip(unit.reason);
        progress.files++;
        if (unit.why) opts.onWarning?.(`skipped ${unit.where}: ${unit.why}`);
        report();
      }
    }
    await flushFiles();
    counts = await pool.finish();
  } catch (e) {
    await pool.close();
    throw e;
  }
  counts.merge(main.toData());
  return miningResult(counts, frameworks.map((f) => f.name), (performance.now() - started) / 1000, jobs);
}

/** A mining result from summed counts; every framework asked for is listed, imported by 0 files if none. */
export function miningResult(counts: UsageCounts, frameworks: string[], seconds: number, jobs: number): MiningResult {
  const fw: Record<string, { files_importing: number }> = {};
  for (const f of frameworks) fw[f] = { files_importing: 0 };
  Object.assign(fw, counts.frameworkFiles());
  return {
    files: counts.files,
    parsed: counts.parsed,
    bytes: counts.bytes,
    skipped: Object.fromEntries(Object.entries(counts.skipped).sort()),
    frameworks: fw,
    names: counts.nameCounts(),
    methods: counts.methodCounts(),
    fileSets: counts.fileSetCounts(),
    seconds,
    jobs,
  };
}
