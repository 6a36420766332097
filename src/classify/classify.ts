import type { Outcome } from '../model/outcome.js';
import type { Category } from './categories.js';

export interface FailureInput {
  outcome: Outcome;
  errorType?: string | null;
  message?: string | null;
  traceback?: string | null;
  framework?: string | null;
}

interface Rule {
  category: Category;
  /** A short name for the rule, shown by `explain`. */
  name: string;
  /** Matched against the exception's type (module-qualified or bare). */
  types?: RegExp;
  /** Matched against the message and the last lines of the traceback. */
  text?: RegExp;
  /** Only for these frameworks (default: all). */
  frameworks?: string[];
}

const DTYPE = String.raw`(?:float16|bfloat16|float64|complex64|complex128|int8|int16|uint\d+|Half|BFloat16|Double|ComplexFloat|ComplexDouble|[CFSU]\d+|X64|f64|c64|c128)`;

// Ordered: the first rule that matches wins. Every pattern comes from a real error
// text: the 2023 study's failure reports (test/fixtures/failure-corpus.json) or
// errors the frameworks raise on CPU (test/classify.test.ts).
const RULES: Rule[] = [
  { category: 'timeout', name: 'timeout', text: /^Failed: Timeout >|\bTimeout >[\d.]+s\b|DEADLINE_EXCEEDED/m },
  {
    category: 'memory',
    name: 'memory',
    types: /MemoryError$|OutOfMemoryError$|ResourceExhaustedError$/,
    text: /out of memory|RESOURCE_EXHAUSTED|\bOOM\b|pin_memory|pinned memory|is_pinned|Cannot allocate memory|failed to allocate|Unable to allocate|allocation of \d+ bytes|can't allocate memory|not enough memory|Ran out of memory|exceeded .*capacity/i,
  },
  {
    // no kernel for the dtype: the study's not_implemented ("not implemented for 'Half'")
    category: 'not_implemented',
    name: 'kernel-for-dtype',
    text: /not implemented for '[^']+'|No registered '[^']+' OpKernel|no kernel (image )?(is )?available/i,
  },
  {
    category: 'type_failure',
    name: 'dtype-unsupported',
    text: new RegExp(
      [
        `Element type ${DTYPE} is not supported`,
        String.raw`X64 element types`,
        String.raw`(unsupported|invalid|unknown) (data ?type|dtype)`,
        String.raw`(data ?type|dtype)[^\n]{0,80}(not supported|unsupported|is not allowed)`,
        `${DTYPE}[^\\n]{0,40}(is )?not supported`,
        String.raw`expected scalar type \w+ but found \w+`,
        String.raw`Input type \([^)]+\) and weight type \([^)]+\) should be the same`,
        String.raw`(must|to) have the same dtype|dtypes? (do not|don't) match|attribute 'dtype' do not match`,
        String.raw`\b(Float|Double|Half|BFloat16|Long|Int) did not match (Float|Double|Half|BFloat16|Long|Int)\b`,
        String.raw`must be real-valued floating-point, but got`,
        String.raw`xla::cast, type=`,
        String.raw`cannot be safely cast|can't be cast to|Cannot cast .* to .* with casting rule`,
        String.raw`Tensor conversion requested dtype \w+ for Tensor with dtype`,
        String.raw`Value for attr 'T' of \w+ is not in the list of allowed values`,
        String.raw`(dtype|type) mismatch`,
        // XLA's GPU compiler for a dot whose element type no GEMM library of the architecture takes (float4_e2m1fn)
        String.raw`GEMM is not supported by cublasLt`,
      ].join('|'),
      'i',
    ),
  },
  {
    category: 'not_implemented',
    name: 'not-implemented',
    types: /NotImplementedError$|UnimplementedError$/,
    text: /NotImplementedError|UNIMPLEMENTED|not (currently )?implemented|is only implemented on|NYI:|Could not run '[^']+' with arguments from the '[^']+' backend|Could not satisfy (explicit )?device specification|Supported device types \[|no supported kernel|Detected unsupported operations|Unsupported (op\b|device type)|not supported on (TPU|GPU|XLA|CPU|CUDA|MPS)|is not supported for|isn't supported on|could not find device for node|has no implementation|does not have a CUDA implementation|has not been implemented|not available on this (device|platform|backend)/i,
  },
  {
    category: 'float_precision',
    name: 'tolerance',
    types: /PrecisionError$|GradcheckError$/,
    text: /^Not close|Not close \(|Tensor-likes are not (close|equal)|Scalars are not (close|equal)|Mismatched elements|Not equal to tolerance|Arrays are not (almost )?(equal|less)|Jacobian mismatch|Max absolute difference|Greatest (absolute|relative) difference|allclose|not close|\d(\.\d+)?(e-?\d+)? not less than(or equal to )? \d|not almost equal|ULP|rtol=.*atol=|tolerance/i,
  },
  {
    // TypeError about a dtype (not a wrong call: "f() takes 1 positional argument")
    category: 'type_failure',
    name: 'type-error-about-dtype',
    types: /(^|\.)(TypeError|DTypePromotionError)$/,
    text: new RegExp(`^(?=[\\s\\S]*\\b(dtype|${DTYPE})\\b)`, 'i'),
  },
];

const TYPE_ONLY_NEEDS_TEXT = new Set(['type-error-about-dtype']);

/** The rule that decided a failure's category (for tests and `explain` output). */
export function explain(f: FailureInput): { category: Category | null; rule: string | null } {
  switch (f.outcome) {
    case 'pass':
    case 'skip':
    case 'unknown':
    case 'test_error': // the test's fault: no failure of the target to categorise
      return { category: null, rule: null };
    case 'timeout':
      return { category: 'timeout', rule: 'outcome' };
    case 'crash':
      return { category: 'crash', rule: 'outcome' };
  }
  const type = f.errorType ?? '';
  const text = `${type}: ${f.message ?? ''}\n${lastLines(f.traceback ?? '', 8)}`;
  const fw = f.framework ?? null;
  for (const rule of RULES) {
    if (rule.frameworks && fw && !rule.frameworks.includes(fw)) continue;
    if (TYPE_ONLY_NEEDS_TEXT.has(rule.name)) {
      if (rule.types?.test(type) && rule.text?.test(f.message ?? '')) return { category: rule.category, rule: rule.name };
      continue;
    }
    if (rule.types?.test(type)) return { category: rule.category, rule: rule.name };
    if (rule.text?.test(text)) return { category: rule.category, rule: rule.name };
  }
  return { category: 'other', rule: null };
}

/** The failure category of a case outcome, or null when the case did not fail. */
export function classify(f: FailureInput): Category | null {
  return explain(f).category;
}

function lastLines(text: string, n: number): string {
  const lines = text.trimEnd().split('\n');
  return lines.slice(-n).join('\n');
}

/**
 * A pytest failure report's `longrepr` as classifier input: the `E` lines are the
 * message, the exception type comes from the closing `path:line: Type` line (or the
 * first `E   Type: …` line), and the whole text is the traceback.
 */
export function fromPytestLongrepr(longrepr: string, framework?: string): FailureInput {
  const lines = longrepr.split('\n');
  const eLines = lines.filter((l) => l.startsWith('E ')).map((l) => l.slice(1).trim());
  const closing = /^\S+:\d+: (\w[\w.]*)$/.exec(lines.filter((l) => l.trim()).at(-1) ?? '');
  const firstTyped = eLines.map((l) => /^(\w[\w.]*(?:Error|Exception|Exit|Failed|Interrupt)):/.exec(l)).find(Boolean);
  const errorType = closing?.[1] ?? firstTyped?.[1] ?? null;
  const message = eLines.length ? eLines.join('\n') : lines.filter((l) => l.trim()).slice(-3).join('\n');
  return { outcome: 'fail', errorType, message, traceback: longrepr, framework: framework ?? null };
}
