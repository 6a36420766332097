/**
 * JAX as its users run it (issue 16, reproduction 3): a real JAX worker runs in JAX's
 * default 32-bit mode, a case that asks for a 64-bit dtype gets 64-bit types in its own
 * scope, and `--framework-config jax_enable_x64=true` makes another target
 * (`jax/cpu/eager[jax_enable_x64=true]`) that is stored, shown, selected and never paired
 * silently with the default one.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatTargetId, matchesPattern, parseTargetId, parseTargetPattern, TargetIdError } from '../src/model/target-id.js';
import { Store } from '../src/store/store.js';
import { frameworkPython, runCli, tempDb, tempDir, writeSuite } from './helpers.js';

const DTYPES = `import os

import jax
import jax.numpy as jnp

from portabench import case

FUNCTION = "jax.numpy.ones"
# what a case that names no dtype must see: float32 (JAX's default), float64 under jax_enable_x64=true
PLAIN = os.environ.get("PORTABENCH_TEST_PLAIN_DTYPE", "float32")


@case
def plain(bench, device):
    out = bench.measure(jnp.ones, 3)
    assert str(out.dtype) == PLAIN, f"a case that names no dtype sees {out.dtype}, expected {PLAIN}"


@case(dtype=["float32", "float64", "int64"])
def named(bench, device, dtype):
    out = bench.measure(lambda: jnp.ones(3, dtype=dtype) + 1)
    assert str(out.dtype) == dtype, f"asked for {dtype}, got {out.dtype}"
    compiled = jax.jit(lambda x: x * 2)(out)
    assert str(compiled.dtype) == dtype, f"under jit: {compiled.dtype}"


@case(x64=True)
def explicit(bench, device):
    out = bench.measure(lambda: jnp.arange(3.0))
    assert out.dtype == jnp.float64, f"x64=True: {out.dtype}"


@case
def after_the_scope(bench, device):
    assert str(jnp.ones(3).dtype) == PLAIN, f"after 64-bit cases a plain case sees {jnp.ones(3).dtype}"
`;

const env = (plain: string) => ({ PORTABENCH_VENVS: process.env.PORTABENCH_VENVS ?? '', PORTABENCH_TEST_PLAIN_DTYPE: plain });
const python = () => `jax=${frameworkPython('jax')}`;

async function targetsOf(db: string) {
  const store = await Store.open(db);
  try {
    return await store.targets();
  } finally {
    await store.close();
  }
}

async function outcomes(db: string, runId: number): Promise<Record<string, string>> {
  const store = await Store.open(db);
  try {
    const [t] = await store.targets([runId]);
    const out: Record<string, string> = {};
    for (const c of await store.casesWithResults(t.id)) out[c.name] = c.result ? `${c.result.outcome}${c.result.error_message ? `: ${c.result.error_message}` : ''}` : 'none';
    return out;
  } finally {
    await store.close();
  }
}

describe('target ids with a framework configuration', () => {
  it('format, parse back and match', () => {
    const id = { framework: 'jax', device: 'cpu', mode: 'eager', hardware: 'AMD EPYC 7B13', config: { jax_enable_x64: true, jax_default_matmul_precision: 'highest' } };
    const text = formatTargetId(id, 3);
    assert.equal(text, 'jax/cpu/eager[jax_default_matmul_precision=highest,jax_enable_x64=true]@AMD EPYC 7B13#3');
    assert.deepEqual(parseTargetId(formatTargetId(id)), id);
    assert.equal(formatTargetId({ ...id, config: null }), 'jax/cpu/eager@AMD EPYC 7B13');
    assert.ok(matchesPattern(parseTargetPattern('jax/cpu[jax_enable_x64=true]'), id));
    assert.ok(!matchesPattern(parseTargetPattern('jax/cpu[jax_enable_x64=false]'), id));
    assert.ok(!matchesPattern(parseTargetPattern('jax/cpu/eager[]'), id), '[] is the default configuration only');
    assert.ok(matchesPattern(parseTargetPattern('jax/cpu/eager[]'), { ...id, config: null }));
    assert.ok(matchesPattern(parseTargetPattern('jax/cpu'), id), 'no [config]: any configuration');
    assert.throws(() => parseTargetPattern('jax/cpu[x64]'), TargetIdError);
  });
});

describe('JAX as its users run it', () => {
  const suite = writeSuite({ 'jax/jax.numpy.ones.py': DTYPES });
  const db = tempDb();

  it('runs 32-bit by default and gives 64-bit dtypes their own scope', async () => {
    const r = await runCli(['run', '-s', suite, '-f', 'jax', '-d', 'cpu', '-m', 'eager', '--timing', 'none', '--db', db, '--python', python(), '-q'], { env: env('float32') });
    assert.equal(r.code, 0, r.stderr);
    const results = await outcomes(db, 1);
    assert.deepEqual(Object.keys(results).sort(), ['after_the_scope', 'explicit', 'named[dtype=float32]', 'named[dtype=float64]', 'named[dtype=int64]', 'plain']);
    for (const [name, outcome] of Object.entries(results)) assert.equal(outcome, 'pass', `${name}: ${outcome}`);
    const [t] = await targetsOf(db);
    assert.equal(t.config, null, 'the default configuration is stored as null');
    assert.equal(JSON.parse(t.build!).x64, false, 'build info says the worker runs 32-bit');
    assert.match(r.stdout, /framework configuration: the framework's default/);
  });

  it('--framework-config jax_enable_x64=true makes another target, shown in its id', async () => {
    const r = await runCli(['run', '-s', suite, '-f', 'jax', '-d', 'cpu', '-m', 'eager', '--timing', 'none', '--db', db, '--python', python(), '--framework-config', 'jax_enable_x64=true', '-q'], { env: env('float64') });
    assert.equal(r.code, 0, r.stderr);
    for (const [name, outcome] of Object.entries(await outcomes(db, 2))) assert.equal(outcome, 'pass', `${name}: ${outcome}`);
    const t = (await targetsOf(db)).find((x) => x.run_id === 2)!;
    assert.deepEqual(JSON.parse(t.config!), { jax_enable_x64: true });
    assert.equal(JSON.parse(t.build!).x64, true);
    assert.match(r.stdout, /jax\/cpu\/eager\[jax_enable_x64=true\]/);
    assert.match(r.stdout, /framework configuration jax_enable_x64=true/);
    const report = await runCli(['report', '--db', db]);
    assert.match(report.stdout, /jax\/cpu\/eager\[jax_enable_x64=true\]/, report.stdout);
  });

  it('a setting equal to the default is no configuration', async () => {
    const r = await runCli(['run', '-s', suite, '-f', 'jax', '-d', 'cpu', '-m', 'eager', '--timing', 'none', '--db', db, '--python', python(), '--framework-config', 'jax_enable_x64=false', '-q'], { env: env('float32') });
    assert.equal(r.code, 0, r.stderr);
    const t = (await targetsOf(db)).find((x) => x.run_id === 3)!;
    assert.equal(t.config, null);
  });

  it('diff never pairs two configurations silently', async () => {
    const silent = await runCli(['diff', '1', '2', '--db', db, '--json']);
    assert.equal(silent.code, 0, silent.stderr);
    const d = JSON.parse(silent.stdout);
    assert.equal(d.targets.length, 0, 'a default-config target is not paired with an x64 one');
    assert.match(d.config_notes.join('\n'), /were not paired: they run different framework configurations \(the default configuration vs \[jax_enable_x64=true\]\)/);
    const text = await runCli(['diff', '1', '2', '--db', db]);
    assert.match(text.stdout, /not paired/);
    const named = await runCli(['diff', 'jax/cpu/eager[]#1', 'jax/cpu/eager[jax_enable_x64=true]', '--db', db, '--json']);
    assert.equal(named.code, 0, named.stderr);
    const n = JSON.parse(named.stdout);
    assert.equal(n.targets.length, 1, 'both sides named their configuration: paired');
    assert.deepEqual(n.targets[0].to.config, { jax_enable_x64: true });
    assert.match(n.config_notes[0], /run different framework configurations/);
    const same = JSON.parse((await runCli(['diff', '1', '3', '--db', db, '--json'])).stdout);
    assert.equal(same.targets.length, 1, 'equal configurations pair as before');
  });

  it('a selector that matches two configurations says so', async () => {
    const r = await runCli(['compare', '--from', 'jax/cpu/eager', '--to', 'jax/cpu/eager[jax_enable_x64=true]', '--db', db]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /matches targets in 2 framework configurations \(default, \[jax_enable_x64=true\]\)/);
  });

  it('bundles carry the configuration', async () => {
    const bundle = join(tempDir(), 'x64.jsonl.gz');
    const ex = await runCli(['export', '--run', '2', '--db', db, '--out', bundle]);
    assert.equal(ex.code, 0, ex.stderr);
    const other = tempDb();
    const im = await runCli(['import', 'bundle', bundle, '--db', other]);
    assert.equal(im.code, 0, im.stderr);
    const [t] = await targetsOf(other);
    assert.deepEqual(JSON.parse(t.config!), { jax_enable_x64: true });
  });

  it('an unknown setting is an error that names the right one', async () => {
    const r = await runCli(['run', '-s', suite, '-f', 'jax', '-d', 'cpu', '-m', 'eager', '--timing', 'none', '--db', tempDb(), '--python', python(), '--framework-config', 'jax_enable_64=true', '-q'], { env: env('float32') });
    assert.notEqual(r.code, 0);
    assert.match(r.stdout + r.stderr, /jax has no setting 'jax_enable_64'.*did you mean jax_enable_x64/s);
    const prefix = await runCli(['run', '-s', suite, '--db', tempDb(), '--framework-config', 'enable_x64=true']);
    assert.notEqual(prefix.code, 0);
    assert.match(prefix.stderr, /not a setting of any framework portabench knows; settings begin with torch\.… \(pytorch\), jax_… \(jax\)/);
  });
});
