import type { Category } from './categories.js';

export interface FailureInput {
  outcome: string; // fail | error | timeout | crash | pass | skip
  errorType?: string | null;
  message?: string | null;
  traceback?: string | null;
  framework?: string | null;
}

interface Rule {
  category: Category;
  types?: RegExp;
  text?: RegExp;
}

// Ordered: the first rule that matches wins. Patterns come from real framework errors.
const RULES: Rule[] = [
  {
    category: 'memory',
    types: /(^|\.)(MemoryError|OutOfMemoryError|ResourceExhaustedError)$/,
    text: /out of memory|RESOURCE_EXHAUSTED|\bOOM\b|pin_memory|pinned memory|Cannot allocate memory|failed to allocate|Failed to allocate|allocation of \d+ bytes|DefaultCPUAllocator: can't allocate|not enough memory/i,
  },
  {
    category: 'not_implemented',
    types: /(^|\.)(NotImplementedError|UnimplementedError|NotFoundError)$/,
    text: /not implemented for|No registered kernel|No registered '[^']+' OpKernel|UNIMPLEMENTED|is not implemented|NotImplementedError|not currently implemented|Could not run '[^']+' with arguments from the '[^']+' backend|no kernel (image )?(is )?available|Unsupported op|not supported on (TPU|GPU|XLA|CPU|CUDA)|isn't supported on|could not find device for node|not currently supported on|has no implementation|does not have a CUDA implementation|Could not find a valid|has not been implemented/i,
  },
  {
    category: 'type_failure',
    types: /(^|\.)(TypeError|DTypePromotionError)$/,
    text: /expected scalar type|dtype.*(not supported|unsupported|mismatch)|(unsupported|invalid) dtype|data type.*not supported|Input type \([^)]+\) and weight type|must have the same dtype|expected (a |an )?\w*\s*dtype|float64 .*not supported|Double.*not supported|bfloat16.*not supported|Could not convert .* to a tensor|cannot be safely cast|Expected .* but got .*dtype|result type .* can't be cast|TypeError/i,
  },
  {
    category: 'float_precision',
    text: /^Not close|Not close \(|Tensor-likes are not (close|equal)|Mismatched elements|Not equal to tolerance|Arrays are not (almost )?equal|not close|allclose|assert_near|isclose|Max absolute difference|Greatest absolute difference|tolerance/i,
  },
];

/** The failure category of a case outcome, or null when the case did not fail. */
export function classify(f: FailureInput): Category | null {
  switch (f.outcome) {
    case 'pass':
    case 'skip':
      return null;
    case 'timeout':
      return 'timeout';
    case 'crash':
      return 'crash';
  }
  const type = f.errorType ?? '';
  const text = `${f.message ?? ''}\n${lastLines(f.traceback ?? '', 6)}`;
  for (const rule of RULES) {
    if (rule.types?.test(type)) return rule.category;
    if (rule.text?.test(text)) return rule.category;
  }
  return 'other';
}

function lastLines(text: string, n: number): string {
  const lines = text.trimEnd().split('\n');
  return lines.slice(-n).join('\n');
}
