/** The failure taxonomy of the 2023 study (DESIGN.md). */
export const CATEGORIES = ['not_implemented', 'type_failure', 'memory', 'float_precision', 'timeout', 'crash', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];
