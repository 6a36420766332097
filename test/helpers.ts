import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

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

/** What the suite-slice tests read of `report --json`. */
export interface SliceReport {
  targets: Array<{ run_id: number; mode: string; functions: Array<{ function: string; status: string }> }>;
}

/** What the suite-slice tests read of `check --format json`. */
export interface CheckJson {
  files: Array<{ path: string; sites: Array<{ line: number; function: string; verdicts: Array<{ status: string; kind: string | null; cases: { passed: number; failed: number } }> }> }>;
}

/** `portabench run` of a suite's slice (filters in `env`) into `db`, then its report as JSON. */
export async function runSlice(db: string, suite: string, framework: string, modes: string[], env: Record<string, string>, device?: string): Promise<SliceReport> {
  const r = await runCli(['run', '--suite', suite, '-f', framework, ...(device ? ['-d', device] : []), ...modes.flatMap((m) => ['-m', m]), '--db', db, '-q'], { env });
  assert.equal(r.code, 0, r.stderr);
  const rep = await runCli(['report', '--db', db, '--json']);
  assert.equal(rep.code, 0, rep.stderr);
  return JSON.parse(rep.stdout) as SliceReport;
}

/** `portabench check` of `dir` against one target, as JSON. */
export async function checkJson(dir: string, target: string, db: string): Promise<CheckJson> {
  const r = await runCli(['check', dir, '--target', target, '--format', 'json', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as CheckJson;
}

/** Assert that `sarif` is valid SARIF 2.1.0 (the official schema, test/fixtures/sarif-schema-2.1.0.json). */
export function assertValidSarif(sarif: unknown): void {
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false }); // the schema's language-tag pattern is not valid with the u flag
  addFormats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8')));
  assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5), null, 1));
}
