import type { Kysely } from 'kysely';
import type { Dataset } from '../analysis/dataset.js';
import type { Database } from '../store/schema.js';
import type { CaseWithResult } from '../store/store.js';

/**
 * The models suite's cases as models (python/portabench/generated/models.py): which model and
 * workload a case is, its recorded operator set, its difference from the CPU eager reference.
 * It reads cases and results only; what the op sets predict is ./verdicts.ts.
 */

export interface ModelKey {
  /** torchvision, timm, transformers */
  library: string;
  /** The library's name for it (`resnet18`, `llama`). */
  model: string;
  /** The public function the case names (`torchvision.models.resnet18`, `timm.create_model:resnet18`, `transformers.LlamaForCausalLM`). */
  function: string;
  framework: string;
}

export interface ModelCaseInfo extends ModelKey {
  workload: string;
  family: string | null;
}

/** A case of the models suite (its params name library, model and workload); null for any other case. */
export function modelCase(c: Pick<CaseWithResult, 'function' | 'params'>, framework: string): ModelCaseInfo | null {
  let p: Record<string, unknown>;
  try {
    p = typeof c.params === 'string' ? JSON.parse(c.params) : (c.params as Record<string, unknown>);
  } catch {
    return null;
  }
  if (!p || typeof p.library !== 'string' || typeof p.model !== 'string' || typeof p.workload !== 'string') return null;
  return { library: p.library, model: p.model, workload: p.workload, family: typeof p.family === 'string' ? p.family : null, function: c.function, framework };
}

/** `timm:resnet18` */
export const modelName = (k: Pick<ModelKey, 'library' | 'model'>) => `${k.library}:${k.model}`;

/** Operators that do no device work and have no kernel to lack: the profiler's record_function markers an optimizer step dispatches. */
const NO_DEVICE_WORK = /^profiler::/;

/** A result's recorded operators (results.ops), device work only; null when not recorded. */
export function deviceOps(ops: string | null | undefined): string[] | null {
  if (!ops) return null;
  try {
    return (JSON.parse(ops) as string[]).filter((op) => !NO_DEVICE_WORK.test(op));
  } catch {
    return null;
  }
}

/** The difference from the CPU eager reference stored with a models result (results.analysis), where the case compared. */
export interface ModelDiff {
  max_abs_diff: number | null;
  max_rel_diff: number | null;
}

export function modelDiff(analysis: string | null | undefined): ModelDiff | null {
  if (!analysis) return null;
  try {
    const a = JSON.parse(analysis) as Record<string, number>;
    if (a.max_abs_diff === undefined && a.max_rel_diff === undefined) return null;
    return { max_abs_diff: a.max_abs_diff ?? null, max_rel_diff: a.max_rel_diff ?? null };
  } catch {
    return null;
  }
}

/**
 * Each model workload's operator set: the operators its passing cases recorded (`framework\tfunction\tworkload`
 * → sorted ops), measured targets on the CPU first (the recorder there sees what a CPU dispatches;
 * another device's set is used where the CPU has none).
 */
export class ModelOpSets {
  private sets = new Map<string, { ops: string[]; cpu: boolean }>();
  private infos = new Map<string, ModelCaseInfo>();

  add(info: ModelCaseInfo, device: string, outcome: string | null | undefined, ops: string | null | undefined): void {
    if (outcome !== 'pass') return;
    const list = deviceOps(ops);
    if (!list?.length) return;
    const key = `${info.framework}\t${info.function}\t${info.workload}`;
    this.infos.set(key, info);
    const had = this.sets.get(key);
    const cpu = device === 'cpu';
    if (had && (had.cpu || !cpu)) {
      if (had.cpu === cpu) had.ops = [...new Set([...had.ops, ...list])].sort();
      return;
    }
    this.sets.set(key, { ops: [...list].sort(), cpu });
  }

  get(framework: string, fn: string, workload: string): string[] | null {
    return this.sets.get(`${framework}\t${fn}\t${workload}`)?.ops ?? null;
  }

  /** The model workloads with an op set. */
  models(): ModelCaseInfo[] {
    return [...this.infos.values()];
  }

  get size(): number {
    return this.sets.size;
  }

  /** From the model cases of a dataset. */
  static fromDataset(ds: Dataset): ModelOpSets {
    const out = new ModelOpSets();
    for (const d of ds.targets) {
      for (const list of d.functions.values()) {
        for (const c of list) {
          const info = modelCase(c, d.id.framework);
          if (info) out.add(info, d.id.device, c.result?.outcome, c.result?.ops);
        }
      }
    }
    return out;
  }

  /** From every run in the store (check loads only its targets' runs; a model's op set is usually recorded on the CPU). */
  static async fromStore(db: Kysely<Database>): Promise<ModelOpSets> {
    const rows = await db
      .selectFrom('results as r')
      .innerJoin('cases as c', 'c.id', 'r.case_id')
      .innerJoin('targets as t', 't.id', 'c.target_id')
      .select(['c.function', 'c.params', 't.framework', 't.device', 'r.outcome', 'r.ops'])
      .where('r.outcome', '=', 'pass')
      .where('r.ops', 'is not', null)
      .where('c.params', 'like', '%"workload"%')
      .execute();
    const out = new ModelOpSets();
    for (const r of rows) {
      const info = modelCase(r, r.framework);
      if (info) out.add(info, r.device, r.outcome, r.ops);
    }
    return out;
  }
}
