import type { Node } from 'web-tree-sitter';
import { BINDING_PARENT, BINDING_WHEN_FIRST } from './syntax.js';
import { producedType, type ValueType } from './value-types.js';

/** What the extractor lends the value analysis: its tree, text, scopes and name resolution. */
export interface ResolverView {
  readonly tree: Node;
  readonly source: string;
  /** The framework name a callee chain resolves to through the imports, or null. */
  resolveCallee(node: Node): string | null;
  /** Innermost scope at an offset (skipping the definition that starts at `exclude`). */
  scopeOf(at: number, exclude?: number): number;
  /** The scope a name read at `at` is bound in, as Python looks it up, or -1. */
  scopeOfRead(name: string, at: number, bound: (scope: number) => boolean): number;
}

/** A binding of a name: an expression whose value it takes, `self` (`x += …`: the same type), or unknown. */
type Binding = { scope: number; expr: Node } | { scope: number; self: true } | { scope: number; unknown: true };

const PENDING = Symbol('pending');
type Answer = ValueType | null | typeof PENDING;

const IMPORTING = new Set(['dotted_name', 'aliased_import', 'import_statement', 'import_from_statement']);

/**
 * Types of values, followed as far as it is safe without running the code: a call of a known
 * producer (`torch.zeros(…)`), a same-type method on a typed value (`x.float()`), or a name
 * whose every binding in its scope is one of those (`x = torch.zeros(3)`; `x = x.cuda()`;
 * `x += 1`). Any other binding of the name in that scope — a parameter, a loop or `with`
 * target, unpacking, an import, a `def`, an assignment of anything else — or a `global` /
 * `nonlocal` of it anywhere makes its type unknown. Flow is ignored: all bindings of a scope
 * must agree, wherever they are.
 */
export class ValueTypes {
  private bindings = new Map<string, Binding[]>();
  private poisoned = new Set<string>();
  private memo = new Map<string, Answer>();

  constructor(private view: ResolverView) {}

  /** The type of the value an expression evaluates to, or null when unknown. */
  typeOf(node: Node): ValueType | null {
    const t = this.expr(node);
    return t === PENDING ? null : t;
  }

  private expr(node: Node): Answer {
    switch (node.type) {
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((c) => c && c.type !== 'comment');
        return inner ? this.expr(inner) : null;
      }
      case 'identifier':
        return this.variable(node.text, node.startIndex);
      case 'call': {
        const fn = node.childForFieldName('function');
        if (!fn) return null;
        const q = fn.type === 'identifier' || fn.type === 'attribute' ? this.view.resolveCallee(fn) : null;
        if (q) return producedType(q);
        if (fn.type !== 'attribute') return null;
        const receiver = fn.childForFieldName('object');
        const method = fn.childForFieldName('attribute')?.text;
        if (!receiver || !method) return null;
        const t = this.expr(receiver);
        if (t === PENDING) return PENDING; // checked once the variable's own type is known
        return t && t.sameType.has(method) ? t : null;
      }
      default:
        return null;
    }
  }

  private variable(name: string, at: number): Answer {
    this.index(name);
    if (this.poisoned.has(name)) return null;
    const all = this.bindings.get(name) ?? [];
    const scope = this.view.scopeOfRead(name, at, (s) => all.some((b) => b.scope === s));
    if (scope < 0) return null;
    const key = `${scope}\t${name}`;
    if (this.memo.has(key)) return this.memo.get(key)!;
    this.memo.set(key, PENDING);
    const mine = all.filter((b) => b.scope === scope);
    // First the bindings that do not depend on the variable itself, then those that do, with its candidate type in place.
    let candidate: ValueType | null = null;
    const dependent: Binding[] = [];
    let ok = true;
    for (const b of mine) {
      const t = 'unknown' in b ? null : 'self' in b ? PENDING : this.expr(b.expr);
      if (t === PENDING) dependent.push(b);
      else if (!t || (candidate && candidate !== t)) ok = false;
      else candidate = t;
    }
    let answer: ValueType | null = ok ? candidate : null;
    if (answer && dependent.length) {
      this.memo.set(key, answer);
      for (const b of dependent) if ('expr' in b && this.expr(b.expr) !== answer) answer = null;
    }
    this.memo.set(key, answer);
    return answer;
  }

  /** Find every binding of `name` in the file, once. */
  private index(name: string): void {
    if (this.bindings.has(name)) return;
    const found: Binding[] = [];
    this.bindings.set(name, found);
    const text = this.view.source;
    const re = new RegExp(`(?<![\\w.])${name}(?!\\w)`, "g"); // an identifier holds no pattern syntax
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const start = m.index;
      const node = this.view.tree.descendantForIndex(start);
      if (!node || node.type !== 'identifier' || node.startIndex !== start || node.endIndex !== start + name.length) continue;
      const parent = node.parent;
      if (!parent) continue;
      const pt = parent.type;
      const first = parent.startIndex === start;
      if (pt === 'global_statement' || pt === 'nonlocal_statement') {
        this.poisoned.add(name);
        continue;
      }
      if ((pt === 'keyword_argument' && first) || (pt === 'attribute' && !first)) continue;
      if (pt === 'function_definition' || pt === 'class_definition') {
        found.push({ scope: this.view.scopeOf(parent.startIndex, parent.startIndex), unknown: true });
        continue;
      }
      const scope = this.view.scopeOf(start);
      if (IMPORTING.has(pt)) found.push({ scope, unknown: true });
      else if (pt === 'assignment' && first) {
        let right = parent.childForFieldName('right');
        while (right && right.type === 'assignment') right = right.childForFieldName('right');
        found.push(right ? { scope, expr: right } : { scope, unknown: true });
      } else if (pt === 'named_expression' && first) {
        const value = parent.childForFieldName('value');
        found.push(value ? { scope, expr: value } : { scope, unknown: true });
      } else if (pt === 'augmented_assignment' && first) found.push({ scope, self: true });
      else if (BINDING_PARENT.has(pt) || (BINDING_WHEN_FIRST.has(pt) && first)) found.push({ scope, unknown: true });
      else if ((pt === 'for_statement' || pt === 'for_in_clause') && parent.childForFieldName('left')?.startIndex === start) found.push({ scope, unknown: true });
    }
  }
}
