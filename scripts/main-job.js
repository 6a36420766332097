#!/usr/bin/env node
// `npm start`: set up whatever is missing on this machine (npm packages, the build,
// a Python environment per framework), then run the main job: the smoke suite on
// every framework and device found, stored in ./portabench.db, and its table printed.
// Extra arguments go to `portabench run` (e.g. `npm start -- --suite paper-2023`).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function step(label, cmd, args) {
  process.stderr.write(`[start] ${label}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`[start] failed: ${cmd} ${args.join(' ')} (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status ?? 1);
  }
}

const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);
const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installed)) step('installing npm packages', npm, ['ci', '--no-audit', '--no-fund']);
else if (mtime(lock) > mtime(installed) + 2000) step('updating npm packages', npm, ['install', '--no-audit', '--no-fund']);
else if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) step('building', npm, ['run', 'build', '--silent']);

const args = process.argv.slice(2);
const r = spawnSync(process.execPath, [join(root, 'bin', 'portabench.js'), 'run', '--setup', ...args], { cwd: process.cwd(), stdio: 'inherit' });
process.exit(r.status ?? 1);
