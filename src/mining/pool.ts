import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { UsageCounts, type CountsData } from './counts.js';
import type { ProcessOptions, WorkBatch } from './process.js';

export interface PoolProgress {
  files: number;
  bytes: number;
}

type Reply =
  | { type: 'ready' }
  | { type: 'done'; id: number; files: number; bytes: number }
  | { type: 'counts'; counts: CountsData }
  | { type: 'error'; message: string };

interface Slot {
  worker: Worker;
  inFlight: number;
  ready: Promise<void>;
  counts?: Promise<CountsData>;
}

/**
 * Start the worker script next to this module: worker.js when built; under tsx (tests,
 * bench scripts run from src/) worker.ts, through a bootstrap that registers tsx first,
 * since a worker thread does not inherit the parent's module hooks.
 */
function startWorker(opts: ProcessOptions): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { workerData: opts });
  const script = new URL('./worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(script)}); });`;
  return new Worker(code, { eval: true, workerData: opts });
}

export function defaultJobs(): number {
  return availableParallelism();
}

/**
 * worker_threads that mine batches. `submit` waits while every worker already has
 * `depth` batches queued, so reading never runs far ahead of parsing (memory stays flat).
 */
export class MiningPool {
  private slots: Slot[] = [];
  private waiters: Array<() => void> = [];
  private failure: Error | null = null;
  private nextId = 0;

  constructor(
    jobs: number,
    opts: ProcessOptions,
    private onProgress: (p: PoolProgress) => void,
    private depth = 2,
  ) {
    for (let i = 0; i < jobs; i++) {
      const worker = startWorker(opts);
      const slot: Slot = { worker, inFlight: 0, ready: Promise.resolve() };
      slot.ready = new Promise((resolve, reject) => {
        worker.once('error', reject);
        worker.on('message', (m: Reply) => {
          if (m.type === 'ready') resolve();
          else if (m.type === 'done') {
            slot.inFlight--;
            this.onProgress({ files: m.files, bytes: m.bytes });
            this.waiters.shift()?.();
          } else if (m.type === 'error') this.fail(new Error(`mining worker failed: ${m.message}`));
        });
      });
      worker.on('error', (e) => this.fail(e instanceof Error ? e : new Error(String(e))));
      this.slots.push(slot);
    }
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiters.splice(0)) w();
  }

  async submit(batch: Omit<WorkBatch, 'id'>): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
    for (;;) {
      if (this.failure) throw this.failure;
      const slot = this.slots.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
      if (slot.inFlight < this.depth) {
        slot.inFlight++;
        const full: WorkBatch = { ...batch, id: this.nextId++ };
        const transfer: ArrayBuffer[] = [];
        for (const f of [...(full.files ?? []), ...(full.jsonl ? [full.jsonl] : [])]) if (f.byteOffset === 0 && f.byteLength === f.buffer.byteLength) transfer.push(f.buffer as ArrayBuffer);
        slot.worker.postMessage({ type: 'batch', batch: full }, transfer);
        return;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Wait for every batch, collect the workers' counts and stop them. */
  async finish(): Promise<UsageCounts> {
    const total = new UsageCounts();
    try {
      const data = await Promise.all(
        this.slots.map(
          (s) =>
            new Promise<CountsData>((resolve, reject) => {
              s.worker.on('message', (m: Reply) => {
                if (m.type === 'counts') resolve(m.counts);
              });
              s.worker.once('error', reject);
              s.worker.once('exit', (code) => reject(new Error(`mining worker exited (code ${code}) before reporting its counts`)));
              s.worker.postMessage({ type: 'finish' });
            }),
        ),
      );
      if (this.failure) throw this.failure;
      for (const d of data) total.merge(d);
    } finally {
      await this.close();
    }
    return total;
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
