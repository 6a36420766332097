// The offline pack: built, unpacked into a temporary directory, run with a PATH that has
// no node and no npm, on the managed venv's interpreter given with --python. Its results
// have the same shape as a normal run's, and its bundle imports into a normal store.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeSupport } from '../src/envs/node-runtime.js';
import { frameworkPython, runCli, tempDb, tempDir } from './helpers.js';

const MAX_BYTES = 40e6;

/** Functions and their statuses, cases and outcomes: a report's shape, without ids, times or paths. */
function shape(reportJson: string) {
  const r = JSON.parse(reportJson) as { targets: Array<{ framework: string; device: string; mode: string; summary: unknown; functions: Array<{ function: string; status: string; cases: unknown; failures: Array<{ case: string; category: string | null }> }> }> };
  return r.targets.map((t) => ({
    target: `${t.framework}/${t.device}/${t.mode}`,
    summary: t.summary,
    functions: t.functions.map((f) => ({ function: f.function, status: f.status, cases: f.cases, failures: f.failures.map((x) => `${x.case}:${x.category}`) })),
  }));
}

describe('offline pack', () => {
  it('runs where there is no Node, npm or network, with the machine\'s own interpreter', async () => {
    const dir = tempDir('portabench-pack-');
    const archive = join(dir, 'pack.tar.xz');
    const built = await runCli(['pack', '--out', archive, '--suite', 'smoke', '--json']);
    assert.equal(built.code, 0, built.stderr);
    const info = JSON.parse(built.stdout);
    assert.ok(info.bytes <= MAX_BYTES, `the pack is ${info.bytes} bytes, over ${MAX_BYTES}`);
    assert.equal(statSync(archive).size, info.bytes);
    // a runtime past its end of life is never shipped silently: portabench's own LTS runtime
    // goes instead where `setup --with node-lts` installed it, else a warning says what to do
    if (nodeSupport(process.version).pastEndOfLife && info.node_source === 'managed') {
      assert.equal(nodeSupport(info.node).pastEndOfLife, false, info.node);
      assert.match(info.node_note ?? '', /end of life .*ships portabench's own LTS runtime, Node v2[2-9]/);
    } else if (nodeSupport(info.node).pastEndOfLife) assert.match(info.node_note ?? '', /end of life .*setup --with node-lts/);
    else assert.equal(info.node_note, null);

    const where = join(dir, 'unpacked');
    mkdirSync(where);
    assert.equal(spawnSync('tar', ['-xJf', archive, '-C', where]).status, 0);
    const bin = join(where, 'portabench', 'bin', 'portabench');
    assert.ok(existsSync(bin));
    assert.ok(!existsSync(join(where, 'portabench', 'lib', 'node_modules', 'typescript')), 'no dev tools packed');
    assert.ok(!existsSync(join(where, 'portabench', 'lib', 'node_modules', 'playwright-core')), 'no browser driver packed');
    // A PATH with python3 and nothing else: no node, no npm.
    const path = join(dir, 'path');
    mkdirSync(path);
    symlinkSync('/usr/bin/python3', join(path, 'python3'));
    const env = { PATH: path, HOME: dir };
    const py = frameworkPython('jax');
    const sh = (args: string[]) => spawnSync('/bin/sh', ['-c', `command -v node npm; exec "${bin}" "$@"`, 'sh', ...args], { cwd: dir, env, encoding: 'utf8', timeout: 600_000 });

    const doctor = sh(['doctor', '-f', 'jax', '--python', `jax=${py}`, '--json']);
    assert.equal(doctor.status, 0, doctor.stderr);
    assert.equal(JSON.parse(doctor.stdout.slice(doctor.stdout.indexOf('{'))).frameworks[0].available, true);

    const packDb = join(dir, 'pack.db');
    const run = sh(['run', '--suite', 'smoke', '-f', 'jax', '-m', 'eager', '--timing', 'quick', '--python', `jax=${py}`, '--db', packDb, '-q']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`To carry this run to another store: ${bin.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} export --run 1`));
    const normalDb = tempDb();
    const normal = await runCli(['run', '--suite', 'smoke', '-f', 'jax', '-m', 'eager', '--timing', 'quick', '--db', normalDb, '-q']);
    assert.equal(normal.code, 0, normal.stderr);
    const packReport = sh(['report', '--db', packDb, '--json']);
    assert.equal(packReport.status, 0, packReport.stderr);
    assert.deepEqual(shape(packReport.stdout), shape((await runCli(['report', '--db', normalDb, '--json'])).stdout));

    const bundle = join(dir, 'from-pack.jsonl.gz');
    const exp = sh(['export', '--run', 'last', '--db', packDb, '--out', bundle]);
    assert.equal(exp.status, 0, exp.stderr);
    const home = tempDb();
    const imp = await runCli(['import', 'bundle', bundle, '--db', home]);
    assert.equal(imp.code, 0, imp.stderr);
    assert.deepEqual(shape((await runCli(['report', '--db', home, '--json'])).stdout), shape(packReport.stdout));

    const html = sh(['report', '--db', packDb, '--format', 'html', '--out', join(dir, 'r.html')]);
    assert.equal(html.status, 1);
    assert.match(html.stderr, /built with "portabench pack --with-html"/);
  });
});
