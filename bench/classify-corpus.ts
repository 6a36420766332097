// How the failure classifier files the 2023 study's failures: every failed test in
// every test_failure_report.json under the anchor data, by framework and category,
// plus the hand-labelled subset (test/fixtures/failure-corpus.json) as a check.
// Run: node --import tsx bench/classify-corpus.ts [ANCHOR_DIR]
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CATEGORIES } from '../src/classify/categories.js';
import { explain, fromPytestLongrepr } from '../src/classify/classify.js';

const root = resolve(process.argv[2] ?? join(import.meta.dirname, '..', '..', 'shared', 'anchor-data', 'for-ai-portability'));

function reports(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...reports(p));
    else if (name === 'test_failure_report.json') out.push(p);
  }
  return out.sort();
}

interface PytestReport {
  tests: Array<{ nodeid: string; outcome: string; call?: { longrepr?: string } }>;
}

const files = reports(root);
if (!files.length) {
  console.error(`no test_failure_report.json under ${root}: pass the for-ai-portability directory`);
  process.exit(1);
}
const table = new Map<string, Record<string, number>>();
const rules = new Map<string, number>();
let total = 0;
let unique = 0;
const seen = new Map<string, string>();
const copies: string[] = [];
for (const file of files) {
  const rel = relative(root, file);
  const framework = rel.split('_')[0];
  const bytes = readFileSync(file);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const copyOf = seen.get(hash);
  if (copyOf) copies.push(`${rel} is a byte-identical copy of ${copyOf}`);
  else seen.set(hash, rel);
  const report = JSON.parse(bytes.toString('utf8')) as PytestReport;
  const row = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<string, number>;
  for (const t of report.tests) {
    if (t.outcome !== 'failed') continue;
    const { category, rule } = explain(fromPytestLongrepr(t.call?.longrepr ?? '', framework));
    row[category ?? 'other']++;
    rules.set(rule ?? '(none: other)', (rules.get(rule ?? '(none: other)') ?? 0) + 1);
    total++;
    if (!copyOf) unique++;
  }
  table.set(rel.replace(/\/test_failure_report\.json$/, ''), row);
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
const head = ['report'.padEnd(36), ...CATEGORIES.map((c) => pad(c, Math.max(c.length, 6))), pad('failed', 7)].join(' ');
console.log(`Failures in the 2023 study's reports, by category (${files.length} reports, ${total} failed tests)\n`);
console.log(head);
const sum = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<string, number>;
for (const [name, row] of table) {
  const n = CATEGORIES.reduce((s, c) => s + row[c], 0);
  for (const c of CATEGORIES) sum[c] += row[c];
  console.log([name.padEnd(36), ...CATEGORIES.map((c) => pad(row[c], Math.max(c.length, 6))), pad(n, 7)].join(' '));
}
console.log([`all`.padEnd(36), ...CATEGORIES.map((c) => pad(sum[c], Math.max(c.length, 6))), pad(total, 7)].join(' '));
console.log([`share`.padEnd(36), ...CATEGORIES.map((c) => pad(`${((100 * sum[c]) / total).toFixed(1)}%`, Math.max(c.length, 6))), pad('', 7)].join(' '));
if (copies.length) console.log(`\nNote: ${copies.join('; ')} (counted above; ${unique} failed tests without it)`);
console.log('\nDeciding rule:', [...rules].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(', '));

// The hand-labelled subset: agreement, and a confusion list.
const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'test', 'fixtures', 'failure-corpus.json'), 'utf8')) as {
  cases: Array<{ nodeid: string; source: string; framework: string; label: string; longrepr: string }>;
};
let agree = 0;
const wrong: string[] = [];
for (const c of fixture.cases) {
  const got = explain(fromPytestLongrepr(c.longrepr, c.framework)).category;
  if (got === c.label) agree++;
  else wrong.push(`  ${c.source} ${c.nodeid}: labelled ${c.label}, classified ${got}`);
}
console.log(`\nHand-labelled subset: ${agree}/${fixture.cases.length} agree (${((100 * agree) / fixture.cases.length).toFixed(1)}%)`);
if (wrong.length) console.log(wrong.join('\n'));
