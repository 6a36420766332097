import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FRAMEWORK_NAMES } from '../envs/frameworks.js';

/**
 * suite.json: what each test file of a suite stands for — the function, its
 * stratum (top-N or a frequency decile), its usage frequency, and whether it is
 * still tested (active), was dropped for a reason (removed), or is tested through
 * a current equivalent (replaced; the equivalent is its own entry with `replaces`).
 */
export const EntrySchema = z
  .object({
    function: z.string().min(1),
    framework: z.enum(FRAMEWORK_NAMES as [string, ...string[]]),
    file: z.string().regex(/^[a-z]+\/[^/]+\.py$/, 'expected "<framework>/<qualified.name>.py"').nullable(),
    stratum: z.enum(['top20', 'decile']),
    decile: z.number().int().min(0).max(100).nullable(),
    frequency: z.number().int().min(0).nullable(),
    status: z.enum(['active', 'removed', 'replaced']),
    reason: z.string().min(1).nullable(),
    replaces: z.string().min(1).nullable(),
    paper_test_file: z.string().nullable(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.status === 'active' && !e.file) ctx.addIssue({ code: 'custom', path: ['file'], message: 'an active entry needs its test file' });
    if (e.status !== 'active' && !e.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: `a ${e.status} entry must say why (reason)` });
    if (e.file && !e.file.startsWith(`${e.framework}/`)) ctx.addIssue({ code: 'custom', path: ['file'], message: `file should lie under ${e.framework}/` });
  });
export type SuiteEntry = z.infer<typeof EntrySchema>;

export const ManifestSchema = z
  .object({
    name: z.string().min(1),
    source: z.string(),
    entries: z.array(EntrySchema),
  })
  .strict();
export type SuiteManifest = z.infer<typeof ManifestSchema>;

export const MANIFEST_FILE = 'suite.json';
export const ENTRIES_DIR = 'entries';

function issues(error: z.ZodError, label: (path: PropertyKey[]) => string): string {
  return error.issues.map((i) => `${label(i.path)}: ${i.message}`).join('; ');
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

function entryLabel(entries: unknown, path: PropertyKey[]): string {
  const [i, ...rest] = path;
  const fn = Array.isArray(entries) && typeof i === 'number' ? (entries[i] as { function?: unknown })?.function : undefined;
  return `entry ${String(i)}${typeof fn === 'string' ? ` (${fn})` : ''}${rest.length ? `.${rest.join('.')}` : ''}`;
}

/**
 * The suite.json that `portabench suite new` lays out for a sample (one framework,
 * entries named `name`, status "todo", stratum "top"), read as a manifest: its
 * entries become active entries of the top-level framework (their files are
 * placeholders until written, which suite check reports).
 */
const LaidOutSchema = z.object({
  name: z.string(),
  framework: z.string(),
  sample: z.object({ source: z.unknown().optional() }).passthrough().optional(),
  entries: z.array(
    z
      .object({
        name: z.string(),
        file: z.string().nullable(),
        status: z.string(),
        stratum: z.string(),
        decile: z.number().nullable(),
        frequency: z.number().nullable(),
        replaces: z.string().nullable().optional(),
      })
      .passthrough(),
  ),
});

function fromLaidOut(raw: unknown): unknown {
  const parsed = LaidOutSchema.safeParse(raw);
  if (!parsed.success || (raw as { entries?: { function?: unknown }[] }).entries?.some((e) => e && 'function' in e)) return raw;
  const m = parsed.data;
  return {
    name: m.name,
    source: typeof m.sample?.source === 'string' ? m.sample.source : JSON.stringify(m.sample?.source ?? null),
    entries: m.entries.map((e) => ({
      function: e.name,
      framework: m.framework,
      file: e.file,
      stratum: e.stratum === 'top' ? 'top20' : e.stratum,
      decile: e.decile,
      frequency: e.frequency,
      status: e.status === 'todo' ? 'active' : e.status,
      reason: null,
      replaces: e.replaces ?? null,
      paper_test_file: null,
    })),
  };
}

/** Read a suite's suite.json; null when the suite has none. Throws, naming the file and entry, when invalid. */
/**
 * The suite.json of a generated suite: its cases come from the framework's own op
 * database, so it lists no entries; it may ask for a timing level.
 */
export const GeneratedManifestSchema = z
  .object({ generated: z.literal(true), timing: z.enum(['none', 'quick', 'full']).optional(), description: z.string().optional() })
  .strict();

/** Is the suite a generated one (its suite.json says "generated": true)? Throws, naming the file, when that suite.json is invalid. */
export function isGeneratedSuite(suiteDir: string): boolean {
  const file = join(suiteDir, MANIFEST_FILE);
  if (!existsSync(file)) return false;
  const raw = readJson(file) as { generated?: unknown } | null;
  if (raw?.generated === undefined) return false;
  const parsed = GeneratedManifestSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${file} is invalid: ${issues(parsed.error, (p) => p.join('.') || '(top)')}`);
  return true;
}

export function loadManifest(suiteDir: string): SuiteManifest | null {
  const file = join(suiteDir, MANIFEST_FILE);
  if (!existsSync(file) || isGeneratedSuite(suiteDir)) return null;
  const raw = fromLaidOut(readJson(file));
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const entries = (raw as { entries?: unknown })?.entries;
    throw new Error(
      `${file} is invalid: ${issues(parsed.error, (p) => (p[0] === 'entries' ? entryLabel(entries, p.slice(1)) : p.join('.') || '(top)'))}`,
    );
  }
  return parsed.data;
}

/** Read one entries/<framework>.json: a JSON array of entries. */
export function loadEntries(file: string): SuiteEntry[] {
  const raw = readJson(file);
  const parsed = z.array(EntrySchema).safeParse(raw);
  if (!parsed.success) throw new Error(`${file} is invalid: ${issues(parsed.error, (p) => entryLabel(raw, p))}`);
  return parsed.data;
}

/**
 * Merge a suite's entries/*.json into one manifest, validating each entry and
 * refusing duplicates: an entry is one of the study's test files for one function, so
 * the same function and study file twice is an error; so is one test file claimed by
 * two different functions (two study files of one function may share a test file).
 */
export function buildManifest(suiteDir: string, name: string, source: string): SuiteManifest {
  const dir = join(suiteDir, ENTRIES_DIR);
  if (!existsSync(dir)) throw new Error(`${dir} does not exist: write one entries/<framework>.json per framework first`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  if (!files.length) throw new Error(`${dir} holds no <framework>.json entry files`);
  const entries: SuiteEntry[] = [];
  const seenEntry = new Map<string, string>();
  const fileOwner = new Map<string, { fn: string; in: string }>();
  for (const f of files) {
    for (const e of loadEntries(join(dir, f))) {
      const key = `${e.framework}:${e.function}:${e.paper_test_file ?? ''}`;
      if (seenEntry.has(key)) throw new Error(`${join(dir, f)}: ${e.function} (${e.framework}, study file ${e.paper_test_file ?? 'none'}) is listed twice (also in ${seenEntry.get(key)})`);
      seenEntry.set(key, f);
      if (e.file) {
        const owner = fileOwner.get(e.file);
        if (owner && owner.fn !== e.function) throw new Error(`${join(dir, f)}: file ${e.file} is claimed by ${e.function} and by ${owner.fn} (in ${owner.in})`);
        fileOwner.set(e.file, { fn: e.function, in: f });
      }
      entries.push(e);
    }
  }
  entries.sort((a, b) => a.framework.localeCompare(b.framework) || a.function.localeCompare(b.function));
  return ManifestSchema.parse({ name, source, entries });
}
