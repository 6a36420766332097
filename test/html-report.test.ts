/**
 * The HTML report: built from a real SQLite store, opened in headless Chromium from a
 * file:// URL with the network blocked. Needs Debian's chromium (apt-get install chromium)
 * or PORTABENCH_CHROMIUM pointing at another Chromium binary.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { buildReport, loadDataset } from '../src/analysis/index.js';
import { buildHtmlBundle, renderHtml } from '../src/report/html.js';
import { Store } from '../src/store/store.js';
import { tempDb, tempDir } from './helpers.js';

const CHROMIUM = process.env.PORTABENCH_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '</script><script>alert(2)</script>';
const HOSTILE_FN = `torch.${IMG}`;
const HOSTILE_FN2 = `torch.${SCRIPT}`;
const WARNING = 'report <b>and</b> timings disagree';
const HOSTILE_ERROR = `RuntimeError ${IMG} ${SCRIPT} & "quoted"`;

interface CaseSpec {
  fn: string;
  name: string;
  pass: boolean;
  ms?: number;
  category?: string;
  error?: string;
}

async function addTarget(store: Store, runId: number, fw: string, device: string, hardware: string, cases: CaseSpec[]) {
  const t = await store.target(runId, { framework: fw, device, mode: 'eager' });
  await store.updateTarget(t.id, { hardware, status: 'done', framework_version: '9.9' });
  for (const c of cases) {
    const id = await store.caseId(t.id, { file: `${c.fn}.py`, function: c.fn, name: c.name });
    await store.recordResult(
      id,
      c.pass
        ? { outcome: 'pass', meanMs: c.ms, medianMs: c.ms, n: 5, coldMs: (c.ms ?? 1) * 3 }
        : { outcome: 'fail', category: c.category ?? 'other', errorType: 'RuntimeError', errorMessage: c.error ?? 'failed' },
    );
  }
}

/** pytorch on T4 and on TPU v3 (4 functions in common with latencies on both), jax on TPU only. */
async function buildStore(): Promise<string> {
  const db = tempDb();
  const store = await Store.open(db);
  try {
    const run = await store.createRun({ suite: 'html-test', portabenchVersion: 'test', fingerprint: {}, options: { key: 'html/test', warnings: [WARNING] } });
    await addTarget(store, run, 'pytorch', 'cuda', 'NVIDIA T4', [
      { fn: 'torch.matmul', name: 'square[dtype=float32]', pass: true, ms: 0.5 },
      { fn: 'torch.matmul', name: 'square[dtype=float64]', pass: true, ms: 1.5 },
      { fn: 'torch.sort', name: 'rows', pass: true, ms: 0.2 },
      { fn: HOSTILE_FN, name: 'basic', pass: true, ms: 0.1 },
      { fn: HOSTILE_FN2, name: 'basic', pass: true, ms: 2 },
      { fn: 'torch.cholesky', name: 'basic', pass: false, category: 'not_implemented', error: HOSTILE_ERROR },
    ]);
    await addTarget(store, run, 'pytorch', 'xla', 'TPU v3-8', [
      { fn: 'torch.matmul', name: 'square[dtype=float32]', pass: true, ms: 2 },
      { fn: 'torch.matmul', name: 'square[dtype=float64]', pass: false, category: 'type_failure', error: 'float64 not supported' },
      { fn: 'torch.sort', name: 'rows', pass: true, ms: 5 },
      { fn: HOSTILE_FN, name: 'basic', pass: true, ms: 0.05 },
      { fn: HOSTILE_FN, name: 'big', pass: false, category: 'memory', error: HOSTILE_ERROR },
      { fn: HOSTILE_FN2, name: 'basic', pass: true, ms: 30 },
      { fn: 'torch.cholesky', name: 'basic', pass: false, category: 'not_implemented', error: HOSTILE_ERROR },
    ]);
    await addTarget(store, run, 'jax', 'xla', 'TPU v3-8', [
      { fn: 'jax.numpy.cos', name: 'basic', pass: true, ms: 0.3 },
      { fn: 'jax.numpy.argsort', name: 'basic', pass: true, ms: 0.8 },
      { fn: 'jax.numpy.linalg.svd', name: 'basic', pass: false, category: 'memory', error: 'RESOURCE_EXHAUSTED' },
    ]);
    await store.setRunStatus(run, 'finished');
  } finally {
    await store.close();
  }
  return db;
}

async function renderStore(db: string): Promise<string> {
  const store = await Store.open(db);
  try {
    const ds = await loadDataset(store);
    return await renderHtml(buildHtmlBundle(ds, buildReport(ds)));
  } finally {
    await store.close();
  }
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(buf: Buffer): { width: number; height: number } {
  assert.deepEqual([...buf.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'screenshot is not a PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe('HTML report', () => {
  let html = '';
  let dir = '';

  before(async () => {
    html = await renderStore(await buildStore());
    dir = tempDir('portabench-html-');
  });

  test('is one file that loads nothing: no external references, data escaped', () => {
    assert.doesNotMatch(html, /<(script|link|img|iframe)[^>]*\s(src|href)=/i, 'the page must not reference other files');
    assert.doesNotMatch(html, /https?:\/\/(?!www\.w3\.org\/)/, 'the page must not name any URL but XML namespaces');
    // The only </script> is the one closing the data block: data cannot end it early.
    assert.equal(html.split('</script>').length - 1, 1);
    assert.ok(!html.includes(IMG), 'hostile markup must never appear unescaped');
    assert.match(html, /torch\.&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  test('opens in headless Chromium offline, draws every chart, shows hostile data as text', async (t) => {
    assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set PORTABENCH_CHROMIUM`);
    const file = join(dir, 'report.html');
    writeFileSync(file, html);
    const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    t.after(() => browser.close());
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog opened: ${d.message()}`);
      void d.dismiss();
    });

    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    assert.deepEqual(blocked, [], 'the report tried to reach the network');
    assert.deepEqual(problems, []);

    // Every chart has an SVG with drawn marks, and says what it compared.
    const charts = await page.$$eval('figure[data-chart]', (figs) =>
      figs.map((f) => ({
        id: f.getAttribute('data-chart'),
        marks: f.querySelectorAll('svg .role-mark > *').length,
        caption: f.querySelector('figcaption')?.textContent ?? '',
        failed: f.querySelector('.chart-error')?.textContent ?? null,
      })),
    );
    const ids = charts.map((c) => c.id).sort();
    assert.deepEqual(ids, ['categories', 'density-jax', 'density-pytorch', 'faster', 'scatter-0', 'strata-jax', 'strata-pytorch']);
    for (const c of charts) {
      assert.equal(c.failed, null, `chart ${c.id} failed`);
      assert.ok(c.marks > 0, `chart ${c.id} drew no marks`);
      assert.ok(c.caption.length > 20, `chart ${c.id} has no caption`);
    }
    // torch.matmul, torch.sort and the two hostile names passed on both devices: 4 functions,
    // 3 slower on the TPU (matmul 1 → 2 ms, sort 0.2 → 5, </script> 2 → 30), 2 of them > 10× (sort 25×, </script> 15×).
    const scatter = charts.find((c) => c.id === 'scatter-0')!;
    assert.match(scatter.caption, /pytorch\/cuda\/eager@NVIDIA T4 \(x\) against pytorch\/xla\/eager@TPU v3-8 \(y\)/);
    assert.match(scatter.caption, /over 4 functions/);
    assert.match(scatter.caption, /3 of 4, 2 more than 10× slower/);

    // Hostile names and errors are text: present verbatim, no element injected, nothing ran.
    const dom = await page.evaluate(() => ({
      text: document.body.textContent ?? '',
      imgs: document.querySelectorAll('img').length,
      scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('type')),
      data: JSON.parse(document.getElementById('portabench-data')!.textContent!) as { latencies: { values: { function: string }[] }[] },
    }));
    assert.equal(dom.imgs, 0);
    assert.deepEqual(dom.scripts, ['application/json']);
    assert.ok(dom.text.includes(HOSTILE_FN), 'hostile function name shown as text');
    assert.ok(dom.text.includes(HOSTILE_FN2), 'function name with </script> shown as text');
    const notes = await page.$$eval('#notes li', (lis) => lis.map((li) => li.textContent));
    assert.deepEqual(notes, [`Run 1 (html/test): ${WARNING}`], 'import warnings stored with a run are listed, as text');
    const names = dom.data.latencies.flatMap((l) => l.values.map((v) => v.function));
    assert.ok(names.includes(HOSTILE_FN2), 'embedded JSON keeps </script> in a name intact');

    // The failure-category table counts failing cases per target; the failing-functions table names them.
    const failingNames = await page.$$eval('#failures details td.fn', (tds) => tds.map((td) => td.textContent));
    assert.ok(failingNames.includes(HOSTILE_FN), 'a failing function with a hostile name is listed as text');
    const head = await page.$$eval('#failures > .table-wrap thead th', (ths) => ths.map((th) => th.textContent));
    assert.deepEqual(head, ['target', 'memory', 'not_implemented', 'type_failure', 'total']);
    const rows = await page.$$eval('#failures > .table-wrap tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    assert.deepEqual(rows, [
      ['jax/xla/eager@TPU v3-8', '1', '0', '0', '1'],
      ['pytorch/cuda/eager@NVIDIA T4', '0', '1', '0', '1'],
      ['pytorch/xla/eager@TPU v3-8', '1', '1', '1', '3'],
    ]);
    assert.ok(dom.text.includes(HOSTILE_ERROR), 'hostile error text shown as text');

    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    const png = readFileSync(shot);
    const { width, height } = pngSize(png);
    assert.equal(width, 1280);
    assert.ok(height > 900, `a full-page screenshot of the report is taller than the viewport (got ${height})`);
    assert.ok(statSync(shot).size > 30_000, 'the screenshot has content');
    if (process.env.PORTABENCH_KEEP_SCREENSHOT) writeFileSync(process.env.PORTABENCH_KEEP_SCREENSHOT, png);
  });

  after(() => {
    /* temp files stay under the OS temp dir */
  });
});
