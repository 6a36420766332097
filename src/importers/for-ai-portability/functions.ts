import { readFileSync } from 'node:fs';
import { ImportInputError } from './files.js';
import { fileStem } from './names.js';

/** What the importer keeps of an entry of paper-functions.json. */
export interface PaperFunction {
  framework: string;
  test_file: string;
  function: string | null;
  bare_name?: string | null;
  frequency?: number | null;
  decile?: number | null;
  top20?: boolean;
  top20_rank?: number | null;
  uncertain?: boolean;
}

/** Stratum of a function, as stored with imported runs and read by the analyses. */
export interface StratumInfo {
  decile: number | null;
  top20: boolean;
  frequency: number | null;
}

export function readPaperFunctions(path: string): PaperFunction[] {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ImportInputError(`cannot read the function list ${path}: ${(e as Error).message}`);
  }
  if (!Array.isArray(value)) throw new ImportInputError(`${path}: expected a list of {framework, test_file, function, …}`);
  return value.filter((e): e is PaperFunction => e && typeof e === 'object' && typeof e.framework === 'string' && typeof e.test_file === 'string');
}

/** Resolve test files to qualified function names (the file stem where the list has none). */
export class FunctionNames {
  private readonly byFile = new Map<string, PaperFunction>();
  constructor(entries: PaperFunction[]) {
    for (const e of entries) this.byFile.set(`${e.framework}\0${e.test_file}`, e);
  }
  /** The entries of one framework (part of an imported run's content hash). */
  entriesFor(framework: string): PaperFunction[] {
    return [...this.byFile.values()].filter((e) => e.framework === framework);
  }
  entry(framework: string, file: string): PaperFunction | undefined {
    return this.byFile.get(`${framework}\0${file}`);
  }
  name(framework: string, file: string): string {
    return this.entry(framework, file)?.function ?? fileStem(file);
  }
  stratum(framework: string, file: string): StratumInfo | null {
    const e = this.entry(framework, file);
    if (!e) return null;
    return { decile: e.decile ?? null, top20: e.top20 === true, frequency: e.frequency ?? null };
  }
}
