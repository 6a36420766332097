import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { launchPython } from '../runner/launcher.js';
import type { Catalog } from './types.js';

const CatalogFile = z.object({
  framework: z.string(),
  version: z.string(),
  python: z.string().nullable().optional(),
  entries: z.array(z.object({ name: z.string(), kind: z.string(), module: z.string().nullable() })),
  stats: z.object({
    modules_walked: z.number(),
    modules_imported: z.number(),
    modules_failed: z.array(z.object({ module: z.string(), error: z.string() })),
    modules_skipped_private: z.number(),
    modules_outside_framework: z.number(),
    attributes_failed: z.number(),
    objects_outside_framework: z.number(),
    seconds: z.number(),
  }),
});

export interface EnumerateOptions {
  framework: string;
  python: string;
  /** Called with each progress line the introspection prints. */
  onProgress?: (line: string) => void;
  timeoutMs?: number;
}

/**
 * Introspect a framework's public API in its own interpreter
 * (`python -m portabench.enumerate`) and return its catalog.
 */
export async function enumerateFramework(opts: EnumerateOptions): Promise<Catalog> {
  const dir = mkdtempSync(join(tmpdir(), 'portabench-enumerate-'));
  const outFile = join(dir, 'catalog.json');
  try {
    const { code, signal, stderrTail } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderrTail: string[] }>((resolveRun, reject) => {
      const proc = launchPython({ python: opts.python, module: 'portabench.enumerate', args: ['--framework', opts.framework, '--out', outFile], env: { TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2' }, ownGroup: false });
      const child = proc.child;
      const tail: string[] = [];
      let partial = '';
      const timer = setTimeout(() => proc.kill(), opts.timeoutMs ?? 30 * 60_000);
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`cannot start ${opts.python} to enumerate ${opts.framework}: ${err.message}. Run "portabench setup" or pass --python ${opts.framework}=/path/to/python.`));
      });
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          if (line.startsWith('[enumerate] ')) opts.onProgress?.(line.slice(12));
          tail.push(line);
          if (tail.length > 40) tail.shift();
        }
      });
      child.on('close', (c, s) => {
        clearTimeout(timer);
        resolveRun({ code: c, signal: s, stderrTail: tail });
      });
    });
    if (code !== 0) {
      const why = signal ? `was killed by ${signal}` : `exited with status ${code}`;
      throw new Error(`enumerating ${opts.framework} with ${opts.python} ${why}. Its last output:\n${stderrTail.slice(-15).join('\n')}`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(outFile, 'utf8'));
    } catch (err) {
      throw new Error(`enumerating ${opts.framework} wrote no readable catalog (${(err as Error).message})`);
    }
    const parsed = CatalogFile.safeParse(raw);
    if (!parsed.success) throw new Error(`the ${opts.framework} catalog has an unexpected shape: ${parsed.error.issues[0]?.message}`);
    return { ...parsed.data, python: parsed.data.python ?? null };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
