import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { scanSources } from '../check/scan.js';
import { launchPython } from '../runner/launcher.js';
import type { FunctionTrace } from './store.js';

/**
 * Trace public functions on the CPU (python/portabench/trace_api.py, in the framework's own
 * interpreter): which operators each dispatches for made-up representative inputs. A function
 * that kills the tracer is recorded with that error and tracing goes on after it in a fresh
 * process. Owns running the tracer and reading its lines; not storing them (./store.ts).
 */

const Line = z.union([
  z.object({ framework: z.string(), version: z.string() }),
  z.object({ start: z.string() }),
  z.object({ function: z.string(), ops: z.array(z.string()).nullable(), device_work: z.boolean().nullable(), called_as: z.string().nullable(), error: z.string().nullable() }),
]);

export interface TraceApiOptions {
  framework: string;
  python: string;
  names: string[];
  /** Seconds per function (default 20). */
  timeoutS?: number;
  onProgress?: (done: number, of: number) => void;
}

export interface TraceApiResult {
  version: string;
  traces: FunctionTrace[];
  seconds: number;
}

/** CPU only: no accelerator is touched by a trace. */
const CPU_ONLY = { JAX_PLATFORMS: 'cpu', CUDA_VISIBLE_DEVICES: '', TF_CPP_MIN_LOG_LEVEL: '3' };

async function runTracer(opts: TraceApiOptions, names: string[], dir: string, round: number): Promise<{ lines: z.infer<typeof Line>[]; exit: string | null; stderr: string }> {
  const namesFile = join(dir, `names-${round}.json`);
  const outFile = join(dir, `out-${round}.jsonl`);
  writeFileSync(namesFile, JSON.stringify(names));
  const proc = launchPython({ python: opts.python, module: 'portabench.trace_api', args: ['--framework', opts.framework, '--names', namesFile, '--out', outFile, '--timeout', String(opts.timeoutS ?? 20)], env: CPU_ONLY });
  // A call the tracer's own time limit cannot interrupt (blocked in C): no new line for that
  // long past the limit, and the process is killed; the function it was in is recorded as such.
  const limitMs = ((opts.timeoutS ?? 20) + 30) * 1000;
  let size = -1;
  let since = Date.now();
  let hung = false;
  const watchdog = setInterval(() => {
    const now = existsSync(outFile) ? statSync(outFile).size : 0;
    if (now !== size) [size, since] = [now, Date.now()];
    else if (Date.now() - since > limitMs + (size === 0 ? 120_000 : 0)) {
      hung = true;
      proc.kill();
    }
  }, 1000);
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.onExit(resolve));
  clearInterval(watchdog);
  const lines = existsSync(outFile)
    ? readFileSync(outFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .flatMap((l) => {
          const p = Line.safeParse(JSON.parse(l));
          return p.success ? [p.data] : [];
        })
    : [];
  const bad = exit.code === 0 ? null : hung ? `it did not return within ${limitMs / 1000} s and was killed` : exit.signal ? `killed by ${exit.signal}` : `exit status ${exit.code}`;
  return { lines, exit: bad, stderr: proc.stderr.value };
}

/** Trace `names`; a function that ends the tracer gets that as its error. */
export async function traceApi(opts: TraceApiOptions): Promise<TraceApiResult> {
  const t0 = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'portabench-trace-api-'));
  const traces: FunctionTrace[] = [];
  let version: string | null = null;
  let todo = [...new Set(opts.names)];
  try {
    for (let round = 0; todo.length; round++) {
      const { lines, exit, stderr } = await runTracer(opts, todo, dir, round);
      let started: string | null = null;
      const done = new Set<string>();
      for (const l of lines) {
        if ('version' in l) version = l.version;
        else if ('start' in l) started = l.start;
        else {
          traces.push({ function: l.function, ops: l.ops, deviceWork: l.device_work, calledAs: l.called_as, error: l.error });
          done.add(l.function);
          started = null;
        }
      }
      opts.onProgress?.(traces.length, opts.names.length);
      if (!exit) break;
      if (!version) throw new Error(`tracing ${opts.framework} with ${opts.python} failed before its first function (${exit}): ${stderr.trim().split('\n').slice(-8).join('\n')}`);
      if (started) {
        traces.push({ function: started, ops: null, deviceWork: null, calledAs: null, error: `the call ended the tracer (${exit})` });
        done.add(started);
      }
      const left = todo.filter((n) => !done.has(n));
      if (left.length === todo.length) throw new Error(`tracing ${opts.framework} made no progress (${exit}): ${stderr.trim().split('\n').slice(-8).join('\n')}`);
      todo = left;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { version: version ?? '?', traces, seconds: (Date.now() - t0) / 1000 };
}

/** The functions of `framework` a code base calls, most-called first, with their call counts (check's scan). */
export async function calledFunctions(paths: string[], framework: string): Promise<Array<{ function: string; sites: number }>> {
  const counts = new Map<string, number>();
  for await (const f of scanSources(paths)) {
    if (f.status !== 'resolved') continue;
    for (const s of f.sites) if (s.framework === framework) counts.set(s.name, (counts.get(s.name) ?? 0) + 1);
  }
  return [...counts].map(([fn, sites]) => ({ function: fn, sites })).sort((a, b) => b.sites - a.sites || a.function.localeCompare(b.function));
}
