/** Where tree-sitter's Python grammar puts an identifier that is bound rather than read. */

/** Parent node types under which an identifier is always bound, never read. */
export const BINDING_PARENT: ReadonlySet<string> = new Set([
  'parameters',
  'lambda_parameters',
  'list_splat_pattern',
  'dictionary_splat_pattern',
  'pattern_list',
  'tuple_pattern',
  'list_pattern',
  'as_pattern_target',
]);

/** Parent types where the identifier is bound when it comes first (the left side). */
export const BINDING_WHEN_FIRST: ReadonlySet<string> = new Set(['default_parameter', 'typed_default_parameter', 'typed_parameter', 'assignment', 'augmented_assignment', 'named_expression']);
