// Merge a suite's entries/<framework>.json files into its suite.json, validating
// every entry (src/suites/manifest.ts). Usage:
//   node --import tsx scripts/build-suite-json.ts [SUITE_DIR] [--check]
// SUITE_DIR defaults to suites/paper-2023. With --check, nothing is written: the
// exit status says whether suite.json is up to date with the entries.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { buildManifest, MANIFEST_FILE } from '../src/suites/manifest.js';

const SOURCES: Record<string, string> = {
  'paper-2023':
    'Mince, Dinh, Kgomo, Thompson, Hooker (2023), "The Grand Illusion: The Myth of Software Portability and Implications for ML Progress": the functions sampled per framework (top 20 by usage plus 5 per usage-frequency decile), from anchor-data/paper-functions.json; test files written fresh for current framework versions',
};

const args = process.argv.slice(2);
const check = args.includes('--check');
const dir = resolve(args.find((a) => !a.startsWith('--')) ?? join('suites', 'paper-2023'));
const name = basename(dir);
const file = join(dir, MANIFEST_FILE);
try {
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { source?: string }) : null;
  const source = SOURCES[name] ?? previous?.source ?? '';
  const manifest = buildManifest(dir, name, source);
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  const counts = manifest.entries.reduce<Record<string, number>>((acc, e) => ((acc[`${e.framework} ${e.status}`] = (acc[`${e.framework} ${e.status}`] ?? 0) + 1), acc), {});
  const summary = Object.entries(counts).map(([k, v]) => `${k}: ${v}`).join(', ');
  if (check) {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (current !== text) {
      process.stderr.write(`${file} is out of date with ${join(dir, 'entries')}: run node --import tsx scripts/build-suite-json.ts ${dir}\n`);
      process.exit(1);
    }
    process.stdout.write(`${file} is up to date (${summary})\n`);
  } else {
    writeFileSync(file, text);
    process.stdout.write(`wrote ${file}: ${manifest.entries.length} entries (${summary})\n`);
  }
} catch (err) {
  process.stderr.write(`build-suite-json: ${(err as Error).message}\n`);
  process.exit(1);
}
