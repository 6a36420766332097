import type { Command } from 'commander';
import { diffCatalogs, type CatalogDiff } from '../catalog/diff.js';
import { enumerateFramework } from '../catalog/enumerate.js';
import { listCatalogs, loadCatalog, saveCatalog } from '../catalog/store.js';
import { bareNameCount, countByKind, STUDY_COUNTS, type Catalog } from '../catalog/types.js';
import { FRAMEWORK_NAMES, frameworkSpec } from '../envs/frameworks.js';
import { resolveInterpreters } from '../envs/interpreters.js';
import { Store } from '../store/store.js';
import { collect, err, out, configOption, dbOption, pythonOption, resolveSettings, UsageError } from './common.js';

export function registerEnumerate(program: Command): void {
  program
    .command('enumerate')
    .description("list a framework's public API by introspection in its own Python and store it as a versioned catalog; --diff compares two stored versions")
    .requiredOption('-f, --framework <name>', `framework (${FRAMEWORK_NAMES.join(', ')})`)
    .addOption(pythonOption())
    .addOption(dbOption())
    .addOption(configOption())
    .option('--diff', 'do not enumerate: list names added and removed between two stored versions')
    .option('--from <version>', 'with --diff: the older version (default: the one before --to)')
    .option('--to <version>', 'with --diff: the newer version (default: the newest stored)')
    .option('--json', 'print JSON (the catalog with its counts, or the diff)')
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (opts) => {
      const framework: string = opts.framework;
      try {
        frameworkSpec(framework);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const { config, python: flags, db } = resolveSettings(opts);
      const store = await Store.open(db);
      try {
        if (opts.diff) return await printDiff(store, framework, opts);
        if (opts.from || opts.to) throw new UsageError('--from and --to go with --diff');
        const [interp] = resolveInterpreters(config, flags, [framework]);
        if (!interp?.python) throw new UsageError(`no Python environment for ${framework}: run "portabench setup" or pass --python ${framework}=/path/to/python`);
        const catalog = await enumerateFramework({ framework, python: interp.python, onProgress: opts.quiet ? undefined : (line) => err(`${framework}: ${line}`) });
        await saveCatalog(store.db, catalog);
        if (opts.json) out(JSON.stringify(catalogJson(catalog), null, 2));
        else out(catalogSummary(catalog, store.location));
      } finally {
        await store.close();
      }
    });
}

function catalogJson(c: Catalog) {
  return {
    framework: c.framework,
    version: c.version,
    python: c.python,
    names: c.entries.length,
    bare_names: bareNameCount(c.entries),
    study_names_2023: STUDY_COUNTS[c.framework] ?? null,
    kinds: countByKind(c.entries),
    stats: c.stats,
    entries: c.entries,
  };
}

function catalogSummary(c: Catalog, where: string): string {
  const lines = [`${c.framework} ${c.version} (Python ${c.python ?? '?'}): ${c.entries.length} public names, stored in ${where}`];
  for (const [kind, n] of Object.entries(countByKind(c.entries))) lines.push(`  ${kind.padEnd(13)} ${String(n).padStart(6)}`);
  const study = STUDY_COUNTS[c.framework];
  lines.push(`  distinct bare names ${bareNameCount(c.entries)}${study ? ` (the 2023 study listed ${study} bare names for ${c.framework})` : ''}`);
  const s = c.stats;
  lines.push(`  modules: ${s.modules_walked} walked, ${s.modules_imported} imported by the walk, ${s.modules_failed.length} failed to import, ${s.modules_skipped_private} private skipped; ${s.seconds} s`);
  for (const f of s.modules_failed.slice(0, 20)) lines.push(`    ! ${f.module}: ${f.error}`);
  if (s.modules_failed.length > 20) lines.push(`    … and ${s.modules_failed.length - 20} more (see --json)`);
  return lines.join('\n');
}

async function printDiff(store: Store, framework: string, opts: { from?: string; to?: string; json?: boolean }): Promise<void> {
  const stored = await listCatalogs(store.db, framework);
  const versions = stored.map((c) => c.version);
  const have = versions.length ? `stored versions: ${versions.join(', ')}` : 'no catalog is stored yet (run "portabench enumerate --framework ' + framework + '")';
  for (const v of [opts.from, opts.to]) if (v !== undefined && !versions.includes(v)) throw new UsageError(`no ${framework} catalog for version ${v} in ${store.location}; ${have}`);
  const to = opts.to ?? versions[versions.length - 1];
  const from = opts.from ?? versions[versions.indexOf(to ?? '') - 1];
  if (!to || !from) throw new UsageError(`--diff needs two ${framework} catalogs; ${have}`);
  const diff = diffCatalogs((await loadCatalog(store.db, framework, from))!, (await loadCatalog(store.db, framework, to))!);
  out(opts.json ? JSON.stringify(diff, null, 2) : diffText(diff));
}

function diffText(d: CatalogDiff): string {
  const lines = [`${d.framework} ${d.from} → ${d.to}: ${d.added.length} added, ${d.removed.length} removed, ${d.changedKind.length} changed kind, ${d.unchanged} unchanged`];
  for (const e of d.added) lines.push(`+ ${e.name} (${e.kind})`);
  for (const e of d.removed) lines.push(`- ${e.name} (${e.kind})`);
  for (const c of d.changedKind) lines.push(`~ ${c.name} (${c.from} → ${c.to})`);
  return lines.join('\n');
}
