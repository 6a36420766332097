// portabench serve, for real: the CLI serves a PostgreSQL store with hostile function
// names and error messages; headless Chromium loads every page with no console error,
// no script, no request elsewhere, and the diff shows what stopped passing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { registerAgent } from '../src/fleet/agents.js';
import { capabilitiesOf } from '../src/fleet/capabilities.js';
import { enqueue, openQueue, runTask } from '../src/fleet/queue.js';
import { machineFingerprint } from '../src/runner/fingerprint.js';
import type { Store } from '../src/store/store.js';
import { CLI, ROOT } from './helpers.js';
import { usePostgresStore } from './pg-store.js';

const CHROMIUM = process.env.PORTABENCH_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const HOSTILE_FN = 'torch.<img src=x onerror=alert(1)>';
const HOSTILE_ERROR = 'RuntimeError </script><script>alert(2)</script> & "quoted"';

async function storeRun(store: Store, version: string, pass: boolean): Promise<number> {
  const runId = await store.createRun({ suite: 'hostile', portabenchVersion: '0.1.0', fingerprint: machineFingerprint(), options: {}, status: 'finished', finishedAt: new Date().toISOString() });
  const t = await store.target(runId, { framework: 'pytorch', device: 'cpu', mode: 'eager' });
  await store.updateTarget(t.id, { framework_version: version, hardware: 'Test CPU', status: 'done' });
  for (const [i, fn] of [HOSTILE_FN, 'torch.add'].entries()) {
    const caseId = await store.caseId(t.id, { file: `f${i}.py`, function: fn, name: 'c[dtype=float32]' });
    const ok = pass || i === 1;
    await store.recordResult(caseId, ok ? { outcome: 'pass', samples: [{ n: 1, times_ms: [1, 1.1, 0.9, 1, 1] }] } : { outcome: 'fail', category: 'other', errorType: 'RuntimeError', errorMessage: HOSTILE_ERROR });
  }
  return runId;
}

describe('portabench serve', { timeout: 180_000, skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}` }, () => {
  const env = usePostgresStore();

  it('loads every page in headless Chromium with no console errors, values as text, and shows a diff', async (t) => {
    const before = await storeRun(env.store, '2.12.0', true);
    const afterRun = await storeRun(env.store, '2.13.0', false);
    const q = await openQueue(env.url);
    await enqueue(q.store.db, [{ kind: 'run', task: runTask({ framework: 'jax', device: 'cpu', mode: 'eager' }), label: `hostile on ${HOSTILE_FN}`, spec: {}, maxAttempts: 2 }]);
    await registerAgent(q.store.db, 'agent-<b>bold</b>', capabilitiesOf([], ['gpu-box'], true), 60);
    await q.close();

    const server = spawn(process.execPath, [CLI, 'serve', '--db', env.url, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    t.after(() => server.kill('SIGTERM'));
    const base = await new Promise<string>((resolve, reject) => {
      let text = '';
      server.stdout!.on('data', (d) => {
        text += d;
        const m = /(http:\/\/[^\s]+)\//.exec(text);
        if (m) resolve(m[1]!);
      });
      server.on('close', (code) => reject(new Error(`serve exited ${code}`)));
    });
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    t.after(() => browser.close());
    const context = await browser.newContext();
    const elsewhere: string[] = [];
    await context.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : (elsewhere.push(route.request().url()), route.abort())));
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    const visit = async (path: string) => {
      const res = await page.goto(`${base}${path}`, { waitUntil: 'load' });
      assert.equal(res?.status(), 200, path);
      assert.match(res!.headers()['content-security-policy'] ?? '', /default-src 'none'/);
      assert.equal(await page.locator('main img, body > img, table img').count(), 0, `${path}: markup from the store became an element`);
      return (await page.textContent('body')) ?? '';
    };

    const home = await visit('/');
    assert.ok(home.includes(HOSTILE_FN) || home.includes('pytorch/cpu/eager@Test CPU'), home.slice(0, 500));
    assert.ok(home.includes('2.13.0'));
    const report = await visit(`/report?run=${afterRun}`);
    assert.ok(report.includes(HOSTILE_FN), 'the report lists the failing function as text');
    assert.equal(await page.locator('svg').count() > 0, true, 'charts as inline SVG');
    const diff = await visit(`/diff?a=${before}&b=${afterRun}`);
    assert.match(diff, /stopped passing/);
    assert.ok(diff.includes(HOSTILE_FN), 'the function that stopped passing, as text');
    const trends = await visit('/trends');
    assert.ok(trends.includes('2.12.0') && trends.includes('2.13.0'));
    const queue = await visit('/queue');
    assert.ok(queue.includes(`hostile on ${HOSTILE_FN}`) && queue.includes('agent-<b>bold</b>') && queue.includes('gpu-box'));
    assert.deepEqual(problems, []);
    const bad = await page.goto(`${base}/diff?a=${before}&b=nope/<i>x</i>`);
    assert.equal(bad?.status(), 400);
    assert.match((await page.textContent('main')) ?? '', /nope\/<i>x<\/i>/);
    assert.equal(await page.locator('main i').count(), 0);
    assert.deepEqual(elsewhere, []);
  });
});
