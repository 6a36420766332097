import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(ROOT, 'bin', 'portabench.js');

/** The interpreter of portabench's managed environment for a framework (made by `portabench setup`). */
export function frameworkPython(framework: string): string {
  const python = join(process.env.PORTABENCH_VENVS ?? join(ROOT, '.venvs'), framework, 'bin', 'python');
  if (!existsSync(python)) {
    throw new Error(`no ${framework} environment at ${python}: run "npx portabench setup" first (npm test does it)`);
  }
  return python;
}

export function tempDir(prefix = 'portabench-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function tempDb(): string {
  return join(tempDir(), 'results.db');
}

/** Write a suite directory from {"pytorch/torch.foo.py": "source", …}. */
export function writeSuite(files: Record<string, string>): string {
  const dir = tempDir('portabench-suite-');
  for (const [rel, text] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return dir;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run the real CLI (bin/portabench.js, built by pretest) as a user would. */
export function runCli(args: string[], opts: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 600_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, stdout, stderr });
    });
  });
}
