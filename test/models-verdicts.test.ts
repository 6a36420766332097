// Model verdicts on real runs of the models suite (models environment: setup --with models):
// a clean CPU eager run stores each model's operator set; MPS's registry (coverage
// --source native-functions) and a run with a kernel removed (PORTABENCH_MODELS_FAIL_OP)
// are targets the op sets are joined with, giving predicted verdicts scored against the
// measured ones; check gives them at the lines of a user's file; the report draws the models
// tables (the HTML one in Chromium); a compiled run stores the difference from CPU eager.
// Skipped, saying so, where the models environment is absent.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { Store } from '../src/store/store.js';
import { assertValidSarif, CLI, ROOT, runCli, tempDb, tempDir } from './helpers.js';

const MODELS_PYTHON = join(process.env.PORTABENCH_VENVS ?? join(ROOT, '.venvs'), 'models-pytorch', 'bin', 'python');
const skip = existsSync(MODELS_PYTHON) ? false : `no models environment at ${MODELS_PYTHON}: run "npx portabench setup --with models" (about 3.1 GB of wheels) to test model verdicts`;
const CHROMIUM = process.env.PORTABENCH_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface Verdict {
  library: string;
  model: string;
  workload: string;
  target: string;
  measured: { status: string | null; blocking: string[]; diff: { max_abs_diff: number | null; max_rel_diff: number | null } | null } | null;
  predicted: { status: string | null; blocking: Array<{ op: string; kind: string }>; unknown: string[]; cpu_picks?: string[] } | null;
  agrees: boolean | null;
}

interface ModelSiteJson {
  line: number;
  call: string;
  models: string[];
  verdicts: Verdict[];
}

async function ok(args: string[], env: Record<string, string> = {}): Promise<string> {
  const r = await runCli(args, { env });
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const models = (db: string, env: Record<string, string>, mode = 'eager', timing = 'none') =>
  ok(['run', '--suite', 'suites/models', '-f', 'pytorch', '-d', 'cpu', '-m', mode, '--python', `pytorch=${MODELS_PYTHON}`, '--timing', timing, '--record-ops', '--db', db, '-q'], { PORTABENCH_MODELS_WORKLOADS: 'inference', ...env });

describe('model verdicts: op sets joined into predictions, check, reports', { skip }, () => {
  const db = tempDb();
  const dir = tempDir('portabench-models-');
  before(async () => {
    await models(db, { PORTABENCH_MODELS: 'resnet18,transformers:llama,torchvision:vit_b_16' }); // run 1: op sets
    await ok(['coverage', '-f', 'pytorch', '-d', 'mps', '--source', 'native-functions', '--python', `pytorch=${MODELS_PYTHON}`, '--db', db]); // run 2
    await models(db, { PORTABENCH_MODELS: 'resnet18', PORTABENCH_MODELS_FAIL_OP: 'aten::convolution' }); // run 3
  });

  it('predictions: the op set of the clean run joined with each target, scored where the model ran there', async () => {
    const report = JSON.parse(await ok(['report', '--db', db, '--all', '--json'])) as { models: { verdicts: Verdict[]; operators: Array<{ operator: string; target: string; models_blocked: number }> } };
    const v = (model: string, library: string, target: RegExp) => report.models.verdicts.find((x) => x.model === model && x.library === library && target.test(x.target));
    // the kernel removed in run 3: timm's resnet18 is predicted to fail from torchvision's failure (never from its own), as measured
    const timm3 = v('resnet18', 'timm', /#3$/)!;
    assert.equal(timm3.measured?.status, 'fails');
    assert.deepEqual(timm3.measured?.blocking, ['aten::convolution']);
    assert.equal(timm3.predicted?.status, 'fails');
    assert.deepEqual(timm3.predicted?.blocking.map((b) => [b.op, b.kind]), [['aten::convolution', 'measured']]);
    assert.equal(timm3.agrees, true);
    // the clean run: predicted to run from the other resnet's passing case, as measured
    assert.equal(v('resnet18', 'torchvision', /#1$/)?.agrees, true);
    // MPS, never run: from the registry; resnet18 runs there; the CPU's own flash-attention kernel is left out, MPS picks its own
    const mps = v('resnet18', 'torchvision', /mps/)!;
    assert.equal(mps.measured, null);
    assert.equal(mps.predicted?.status, 'runs');
    const llama = v('llama', 'transformers', /mps/)!;
    assert.ok(llama.predicted?.cpu_picks?.includes('aten::_scaled_dot_product_flash_attention_for_cpu'), JSON.stringify(llama.predicted));
    assert.ok(!llama.predicted?.blocking.some((b) => b.op.endsWith('_for_cpu')), JSON.stringify(llama.predicted));
    // MultiheadAttention's fused fast path is taken on the CPU and CUDA only: on MPS the ViT takes its slow path, so the fused kernel blocks nothing
    const vit = v('vit_b_16', 'torchvision', /mps/)!;
    assert.ok(vit.predicted?.cpu_picks?.includes('aten::_native_multi_head_attention'), JSON.stringify(vit.predicted));
    assert.equal(vit.predicted?.status, 'runs', JSON.stringify(vit.predicted));
    const conv = report.models.operators.find((o) => o.operator === 'aten::convolution' && /#3$/.test(o.target));
    assert.equal(conv?.models_blocked, 3, 'both resnets measured, and the ViT (its patch embedding is a convolution) predicted');
  });

  it('check: the models a file builds get their verdicts at those lines', async () => {
    const file = join(dir, 'train.py');
    writeFileSync(file, ['import timm', 'import torchvision', 'from transformers import LlamaForCausalLM, LlamaConfig', '', 'net = torchvision.models.resnet18()', 'backbone = timm.create_model("resnet18", pretrained=False)', 'lm = LlamaForCausalLM(LlamaConfig())', 'other = timm.create_model("not_a_model_here")', ''].join('\n'));
    const out = JSON.parse(await ok(['check', file, '--target', 'pytorch/cpu#3', '--target', 'pytorch/mps', '--format', 'json', '--db', db])) as { models: ModelSiteJson[] };
    const at = (line: number) => out.models.filter((s) => s.line === line);
    const [tv] = at(5);
    assert.equal(tv.call, 'torchvision.models.resnet18');
    assert.deepEqual(tv.models, ['torchvision:resnet18']);
    const onCpu = tv.verdicts.find((x) => !/mps/.test(x.target))!;
    assert.equal(onCpu.measured?.status, 'fails');
    assert.deepEqual(onCpu.measured?.blocking, ['aten::convolution']);
    assert.equal(tv.verdicts.find((x) => /mps/.test(x.target))?.predicted?.status, 'runs');
    const [timm] = at(6);
    assert.equal(timm.call, 'timm.create_model("resnet18")');
    assert.deepEqual(timm.models, ['timm:resnet18']);
    const llama = at(7);
    assert.ok(llama.every((s) => s.models[0] === 'transformers:llama'), JSON.stringify(llama.map((s) => s.call)));
    assert.equal(at(8)[0].models.length, 0);
    const text = await ok(['check', file, '--target', 'pytorch/cpu#3', '--target', 'pytorch/mps', '--db', db]);
    assert.match(text, /train\.py:6:\d+ {2}timm\.create_model\("resnet18"\) \[inference\] {2}fails on pytorch\/cpu\/eager@.*blocked by aten::convolution/);
    assert.match(text, /train\.py:7:\d+ {2}transformers\.LlamaForCausalLM \[inference\] {2}predicted to run on pytorch\/mps.*\(registered\) \(the CPU's own aten::_scaled_dot_product_flash_attention_for_cpu left out: mps dispatches its own variant\)/);
    assert.match(text, /5 calls build a model: 2 verdicts fail, 0 fail partly, 3 have no data/);
  });

  it('check: a model that fails is a finding for --fail-on and SARIF, located at the call that builds it', async () => {
    const file = join(dir, 'models.py');
    writeFileSync(file, ['import timm', 'import torchvision', '', 'net = torchvision.models.resnet18()', 'other = timm.create_model("not_a_model_here")', ''].join('\n'));
    const failing = await runCli(['check', file, '--target', 'pytorch/cpu#3', '--fail-on', 'complete', '--db', db]);
    assert.equal(failing.code, 4, `resnet18 fails on run 3's target (aten::convolution removed): ${failing.stdout}${failing.stderr}`);
    const sarif = JSON.parse(await ok(['check', file, '--target', 'pytorch/cpu#3', '--format', 'sarif', '--db', db])) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: Array<{ physicalLocation: { region: { startLine: number } } }>; properties: Record<string, unknown> }> }> };
    assertValidSarif(sarif);
    const run = sarif.runs[0];
    assert.deepEqual(run.tool.driver.rules.map((x) => x.id), ['PB001', 'PB002', 'PB003', 'PB004', 'PB011', 'PB012', 'PB014']);
    const got = run.results.map((x) => [x.ruleId, x.level, x.locations[0].physicalLocation.region.startLine]);
    assert.deepEqual(got, [['PB011', 'error', 4], ['PB014', 'note', 5]], JSON.stringify(run.results.map((x) => x.message.text)));
    assert.equal(run.tool.driver.rules[run.results[0].ruleIndex].id, 'PB011');
    assert.match(run.results[0].message.text, /torchvision\.models\.resnet18 \[inference\] fails on pytorch\/cpu\/eager@.*blocked by aten::convolution/);
    assert.deepEqual(run.results[0].properties.blocking, ['aten::convolution']);
    assert.equal(run.results[0].properties.level, 'measured');
    // a model predicted to run on MPS is no finding
    const fine = join(dir, 'lm.py');
    writeFileSync(fine, ['from transformers import LlamaForCausalLM, LlamaConfig', '', 'lm = LlamaForCausalLM(LlamaConfig())', ''].join('\n'));
    const passing = await runCli(['check', fine, '--target', 'pytorch/mps', '--fail-on', 'complete', '--db', db]);
    assert.equal(passing.code, 0, passing.stdout + passing.stderr);
  });

  it('report: the models tables in text and Markdown, and the HTML model table in Chromium', async () => {
    const text = await ok(['report', '--db', db, '--all']);
    assert.match(text, /Models passing/);
    assert.match(text, /models on pytorch\/cpu\/eager@.*#3: 2 of 2 predictions agree/);
    assert.match(await ok(['report', '--db', db, '--all', '--format', 'md']), /\| timm:resnet18 \| timm\.create_model:resnet18 \| pytorch\/cpu\/eager@[^|]*#3 \| fails \| – \| aten::convolution \|/);
    assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: install Debian's chromium or set PORTABENCH_CHROMIUM`);
    const file = join(dir, 'report.html');
    writeFileSync(file, await ok(['report', '--db', db, '--all', '--format', 'html']));
    const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const context = await browser.newContext();
      await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const rows = await page.$$eval('#model-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      const head = await page.$$eval('#model-table thead th', (ths) => ths.map((th) => th.textContent ?? ''));
      const col = (name: string) => head.indexOf(name);
      const blocked = rows.filter((r) => r[col('blocking')] === 'aten::convolution').map((r) => r[col('model')]).sort();
      assert.deepEqual(blocked, ['timm:resnet18', 'torchvision:resnet18', 'torchvision:vit_b_16']);
      assert.ok(rows.some((r) => r[col('model')] === 'transformers:llama' && /mps/.test(r[col('target')]) && r[col('inference')] === 'runs (predicted)'), JSON.stringify(rows));
      assert.ok(await page.isVisible('#models h2'));
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });

  it('compiled: the difference of the output from CPU eager is stored with the result; the speedup over eager and the compile time are reported, in the dashboard too', async () => {
    const cdb = tempDb();
    await models(cdb, { PORTABENCH_MODELS: 'transformers:llama' }, 'eager', 'quick');
    await models(cdb, { PORTABENCH_MODELS: 'transformers:llama' }, 'compiled', 'quick');
    const store = await Store.open(cdb);
    try {
      const row = await store.db.selectFrom('results').innerJoin('cases', 'cases.id', 'results.case_id').innerJoin('targets', 'targets.id', 'cases.target_id').where('targets.mode', '=', 'compiled').select(['outcome', 'analysis', 'cold_ms', 'median_ms']).executeTakeFirstOrThrow();
      assert.equal(row.outcome, 'pass');
      const a = JSON.parse(row.analysis ?? '{}') as Record<string, number>;
      assert.ok(a.max_abs_diff >= 0 && a.max_abs_diff < 1e-2, row.analysis ?? '');
      assert.ok(a.max_rel_diff >= 0 && a.max_rel_diff < 1e-2, row.analysis ?? '');
      assert.ok(row.cold_ms! > 10 * row.median_ms!, `the first call compiles: cold ${row.cold_ms} ms, median ${row.median_ms} ms`);
    } finally {
      await store.close();
    }
    const text = await ok(['report', '--db', cdb, '--all']);
    assert.match(text, /transformers:llama .*│ +\d\.\d+e-\d+ │/);
    assert.match(text, /Models compiled against eager/);
    const json = JSON.parse(await ok(['report', '--db', cdb, '--all', '--json'])) as { models: { compiled: Array<Record<string, string | number | null>> } };
    assert.equal(json.models.compiled.length, 1, JSON.stringify(json.models.compiled));
    const c = json.models.compiled[0];
    assert.deepEqual([c.library, c.workload, c.models], ['transformers', 'inference', 1]);
    assert.match(String(c.target), /^pytorch\/cpu\/compiled/);
    assert.match(String(c.against), /^pytorch\/cpu\/eager/);
    assert.ok(Number(c.geomean_speedup) > 0, JSON.stringify(c));
    assert.ok(Number(c.mean_compile_s) > 0.5, `compiling a Llama takes seconds: ${JSON.stringify(c)}`);
    assert.match(String(c.slowest), /^transformers:llama \d/);

    // the dashboard's report page has the same models section
    const server = spawn(process.execPath, [CLI, 'serve', '--db', cdb, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout!.on('data', (d) => {
          out += d;
          const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
          if (m) resolve(m[1]!);
        });
        server.on('close', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const html = await (await fetch(`${base}/report?all=1`)).text();
      assert.match(html, /<h2>Models<\/h2>/);
      assert.match(html, /<div id="model-compiled">.*transformers:llama/s);
    } finally {
      server.kill('SIGTERM');
    }
  });
});
