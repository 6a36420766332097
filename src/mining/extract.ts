import type { Node, Parser } from 'web-tree-sitter';
import { canonicalName, frameworkOfModule } from './frameworks.js';
import { BINDING_PARENT, BINDING_WHEN_FIRST } from './syntax.js';
import { ValueTypes, type ResolverView } from './value-flow.js';

/**
 * Usage of framework APIs in one Python file, found by parsing it with tree-sitter and
 * resolving names through the file's imports.
 *
 * What is resolved:
 * - `import torch`, `import torch.nn` (binds `torch`), `import torch.nn as nn`,
 *   `from torch import optim`, `from torch.nn import functional as F`, and the same for
 *   `tensorflow` (reported as `tf.…`) and `jax`; imports inside functions and classes
 *   bind in that scope.
 * - A reference is the longest dotted chain starting at a bound name
 *   (`nn.functional.relu` → `torch.nn.functional.relu`); it is a call when that chain is
 *   the callee of a call expression. Only the longest chain counts (`torch.nn.Linear`
 *   is not also a use of `torch.nn`); `torch.zeros(3).sum()` is a call of `torch.zeros`
 *   and a bare method call of `sum`.
 * - Scopes: module, `def`, `lambda`, `class` bodies and comprehensions. A name bound in
 *   a function (parameter, assignment, `for`/`with`/`except … as` target, walrus,
 *   nested `def`/`class`, a non-framework import) shadows the module's alias in the whole
 *   function, as in Python; `global`/`nonlocal` names do not; class-body names are not
 *   seen by methods.
 *
 * What is not (the limits of static resolution):
 * - Names reached through values: `x = torch.zeros(3); x.sum()`, `model.to(device)`,
 *   `self.conv(x)` — their type is unknown without running the code. Such method calls
 *   are counted apart, by bare method name (`to`, `sum`), as the 2023 study counted all
 *   names; calls on `self`/`cls`, on literals and on imported modules are left out.
 * - `from torch import *`, `__import__`, `importlib`, re-exports through the user's own
 *   modules, names assigned from framework objects (`Linear = nn.Linear`), `getattr`.
 * - Flow: at one scope imports win over other bindings of the same name
 *   (`try: import torch … except ImportError: torch = None` still resolves), and when one
 *   name is imported twice in a scope the last import wins everywhere in that scope.
 * - Default values and decorators are taken in the scope they appear in textually;
 *   a comprehension's first iterable likewise.
 */
export interface NameUse {
  calls: number;
  refs: number;
}

export interface FileUsage {
  /** Frameworks (portabench names) this file imports. */
  frameworks: string[];
  /** `framework\tqualified.name` → uses in this file. */
  names: Map<string, NameUse>;
  /** Bare method name → calls on receivers of unknown type. */
  methods: Map<string, number>;
  /** With `{ sites: true }`: every resolved framework call, in source order. */
  sites?: CallSite[];
  /** With `{ sites: true }`: the method calls on values of unknown type (the ones `methods` counts), in source order. */
  unresolved?: UnresolvedCall[];
}

/** Where in a file: 1-based line and column (UTF-16 code units, as SARIF counts by default). */
export interface SourcePoint {
  line: number;
  column: number;
}

/**
 * One call of a framework function. `via: 'name'`: the callee is a name resolved through the
 * imports (`F.relu(…)`; the point is its first character); `via: 'value'`: a method on a value
 * a known framework function returned (`x = torch.zeros(3); x.argsort()` → `torch.Tensor.argsort`;
 * the point is the method's name).
 */
export interface CallSite extends SourcePoint {
  name: string;
  framework: string;
  via: 'name' | 'value';
}

/** A method call on a value whose type static resolution does not know (`model.to(device)`). */
export interface UnresolvedCall extends SourcePoint {
  method: string;
}

export interface ExtractOptions {
  /** Also report call sites with their locations (`FileUsage.sites`, `unresolved`); counts are unchanged. */
  sites?: boolean;
}

export type Extracted = { ok: true; usage: FileUsage } | { ok: false; reason: 'syntax_error' | 'python2'; at?: SourcePoint };

type ScopeKind = 'module' | 'function' | 'class' | 'comprehension';

interface Scope {
  start: number;
  end: number;
  kind: ScopeKind;
  parent: number;
  /** name → bound target: a framework path, or null for any other binding. */
  bindings: Map<string, { target: string | null; fw: boolean }>;
  globals: Set<string> | null;
}

const SCOPE_NODE: Record<string, ScopeKind> = {
  function_definition: 'function',
  lambda: 'function',
  class_definition: 'class',
  list_comprehension: 'comprehension',
  set_comprehension: 'comprehension',
  dictionary_comprehension: 'comprehension',
  generator_expression: 'comprehension',
};


/** Parent types where the identifier is no name lookup at all. */
const NOT_A_REFERENCE = new Set(['dotted_name', 'aliased_import', 'import_statement', 'import_from_statement', 'future_import_statement', 'relative_import']);

const CHAIN = /(?:[ \t\r\n\\]*\.[ \t\r\n\\]*[A-Za-z_][A-Za-z0-9_]*)*/y;
const OPEN_PAREN = /[ \t\r\n\\]*\(/y;
const PURE_CHAIN = /^[A-Za-z_][A-Za-z0-9_]*(?:[ \t\r\n\\]*\.[ \t\r\n\\]*[A-Za-z_][A-Za-z0-9_]*)*[ \t\r\n\\]*$/;
const LITERAL_START = /^(?:[rRbBuUfF]{0,2}["']|[0-9[{])/;
const PY2_KEYWORD = /(?:^|[;:])[ \t]*(print|exec)\b/gm;
const PY2_EXCEPT = /^[ \t]*except[ \t]+[^\n:#]*,[ \t]*[A-Za-z_]\w*[ \t]*:/m;
const SCOPE_KEYWORD = /\b(?:def|lambda|class|for)\b/g;
const IMPORT_KEYWORD = /\b(?:import|from)\b/g;
const METHOD_CALL = /\.[ \t\r\n\\]*([A-Za-z_][A-Za-z0-9_]*)[ \t\r\n\\]*\(/g;

function stripSpace(text: string): string {
  return text.replace(/[\s\\]+/g, '');
}

/**
 * Parse `text` and count its framework API uses. `modules` limits the frameworks
 * (top-level module names) that are resolved.
 */
export function extractUsage(parser: Parser, text: string, modules?: Set<string>, options: ExtractOptions = {}): Extracted {
  const tree = parser.parse(text);
  if (!tree) return { ok: false, reason: 'syntax_error' };
  try {
    const root = tree.rootNode;
    if (isPython2(root, text)) return { ok: false, reason: 'python2' };
    if (root.hasError) return options.sites ? { ok: false, reason: 'syntax_error', at: new Lines(text).at(firstError(root)) } : { ok: false, reason: 'syntax_error' };
    return { ok: true, usage: new Extractor(root, text, modules, options.sites === true).run() };
  } finally {
    tree.delete();
  }
}

/** Offset where the first error or missing node of a tree starts. */
function firstError(root: Node): number {
  let node: Node | null = root;
  let at = 0;
  while (node) {
    at = node.startIndex;
    if (node.isError || node.isMissing) break;
    node = node.children.find((c) => c && (c.hasError || c.isMissing)) ?? null;
  }
  return at;
}

/** Offsets of line starts, to turn a text offset into a line and column. */
class Lines {
  private starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  at(offset: number): SourcePoint {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

function isPython2(root: Node, text: string): boolean {
  if (PY2_EXCEPT.test(text)) return true;
  PY2_KEYWORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PY2_KEYWORD.exec(text))) {
    const at = m.index + m[0].length - m[1].length;
    const parent = root.descendantForIndex(at)?.parent;
    if (parent && (parent.type === 'print_statement' || parent.type === 'exec_statement')) return true;
  }
  return false;
}

interface Ref {
  at: number;
  base: string;
  rest: string;
  call: boolean;
}

/** A binding found in the text, applied once scopes are known. */
interface BindingEvent {
  at: number;
  /** The definition whose own scope the binding is not in (a def's or class's name), or -1. */
  exclude: number;
  name: string;
  /** Framework path for a framework import, '' for another import, null for other bindings. */
  target: string | null;
  fw: boolean;
}

class Extractor implements ResolverView {
  private scopes: Scope[] = [];
  private frameworks = new Set<string>();
  private imports: BindingEvent[] = [];
  private bindings: BindingEvent[] = [];
  private globals: Array<{ at: number; name: string }> = [];
  private refs: Ref[] = [];
  /**
   * Scopes are only worked out when something is bound outside the module level (an
   * indented import, a local binding of an alias name, a `global`): most files need none.
   */
  private needScopes = false;

  /** With sites: each resolved call (offset → site) and each method call on a value, in the order found. */
  private sites: Array<{ at: number; name: string; framework: string; via: 'name' | 'value' }> = [];
  private methodCalls: Array<{ at: number; method: string; receiver: Node | null }> = [];

  constructor(
    private root: Node,
    private text: string,
    private modules?: Set<string>,
    private wantSites = false,
  ) {}

  run(): FileUsage {
    this.scopes.push({ start: 0, end: this.text.length + 1, kind: 'module', parent: -1, bindings: new Map(), globals: null });
    this.findImports();
    const aliases = new Set<string>();
    for (const b of this.imports) if (b.fw) aliases.add(b.name);
    if (aliases.size) this.findOccurrences(aliases);
    // Following values needs scopes for any name; they give the same answers for aliases.
    if (this.needScopes || (this.wantSites && this.frameworks.size)) this.findScopes();
    for (const b of this.imports) this.bind(this.scopeAt(b.at, b.exclude), b.name, b.target, b.fw);
    for (const b of this.bindings) this.bind(this.scopeAt(b.at, b.exclude), b.name, b.target, b.fw);
    for (const g of this.globals) (this.scopes[this.scopeAt(g.at)].globals ??= new Set()).add(g.name);
    const names = new Map<string, NameUse>();
    const methods = new Map<string, number>();
    for (const r of this.refs) {
      const target = this.lookup(r.base, this.scopeAt(r.at));
      if (!target) continue;
      const qualified = canonicalName(target + r.rest);
      const key = `${frameworkOfModule(target)!.name}\t${qualified}`;
      const use = names.get(key);
      if (use) {
        use.refs++;
        if (r.call) use.calls++;
      } else names.set(key, { refs: 1, calls: r.call ? 1 : 0 });
      if (this.wantSites && r.call) this.sites.push({ at: r.at, name: qualified, framework: frameworkOfModule(target)!.name, via: 'name' });
    }
    if (this.frameworks.size) this.findMethodCalls(methods);
    if (!this.wantSites) return { frameworks: [...this.frameworks], names, methods };
    return { frameworks: [...this.frameworks], names, methods, ...this.locatedSites() };
  }

  // ── call sites (check) ────────────────────────────────────────────────────

  /** Resolve the method calls that can be (values of known type), and give every site its line and column. */
  private locatedSites(): { sites: CallSite[]; unresolved: UnresolvedCall[] } {
    const values = new ValueTypes(this);
    const unresolved: Array<{ at: number; method: string }> = [];
    for (const c of this.methodCalls) {
      const t = c.receiver ? values.typeOf(c.receiver) : null;
      if (t) this.sites.push({ at: c.at, name: `${t.type}.${c.method}`, framework: t.framework, via: 'value' });
      else unresolved.push({ at: c.at, method: c.method });
    }
    const lines = new Lines(this.text);
    this.sites.sort((a, b) => a.at - b.at);
    return {
      sites: this.sites.map((x) => ({ ...lines.at(x.at), name: x.name, framework: x.framework, via: x.via })),
      unresolved: unresolved.map((x) => ({ ...lines.at(x.at), method: x.method })),
    };
  }

  /** The canonical framework name a callee (a name or dotted chain) resolves to, or null. */
  resolveCallee(node: Node): string | null {
    const chain = stripSpace(node.text);
    if (!PURE_CHAIN.test(node.text)) return null;
    const dot = chain.indexOf('.');
    const base = dot < 0 ? chain : chain.slice(0, dot);
    const target = this.lookup(base, this.scopeAt(node.startIndex));
    return target ? canonicalName(target + (dot < 0 ? '' : chain.slice(dot))) : null;
  }

  /** The scope a name read at `at` is bound in (as `lookup` walks), or -1 when it is bound nowhere visible. */
  scopeOfRead(name: string, at: number, bound: (scope: number) => boolean): number {
    for (let s = this.scopeAt(at); s >= 0; s = this.scopes[s].parent) {
      const sc = this.scopes[s];
      if (s !== this.scopeAt(at) && sc.kind === 'class') continue;
      if (bound(s)) return s;
    }
    return -1;
  }

  scopeOf(at: number, exclude = -1): number {
    return this.scopeAt(at, exclude);
  }

  get tree(): Node {
    return this.root;
  }

  get source(): string {
    return this.text;
  }

  // ── scopes ────────────────────────────────────────────────────────────────

  private findScopes(): void {
    const found: Array<{ start: number; end: number; kind: ScopeKind }> = [];
    const seen = new Set<number>();
    SCOPE_KEYWORD.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = SCOPE_KEYWORD.exec(this.text))) {
      const kw = this.root.descendantForIndex(m.index);
      if (!kw || kw.startIndex !== m.index || kw.type !== m[0]) continue; // in a string, comment or identifier
      let node = kw.parent;
      if (node && node.type === 'for_in_clause') node = node.parent;
      if (!node) continue;
      const kind = SCOPE_NODE[node.type];
      if (!kind || seen.has(node.startIndex)) continue;
      seen.add(node.startIndex);
      found.push({ start: node.startIndex, end: node.endIndex, kind });
    }
    // Sorted by start, outer before inner: parents are on a stack.
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    const stack = [0];
    for (const f of found) {
      while (stack.length > 1 && this.scopes[stack[stack.length - 1]].end <= f.start) stack.pop();
      this.scopes.push({ ...f, parent: stack[stack.length - 1], bindings: new Map(), globals: null });
      stack.push(this.scopes.length - 1);
    }
  }

  /** Innermost scope containing `at`, skipping the scope that starts exactly at `exclude`. */
  private scopeAt(at: number, exclude = -1): number {
    if (this.scopes.length === 1) return 0;
    // Scopes (after the module) are sorted by start and nest: the innermost one holding
    // `at` is the last one starting at or before it, or one of its ancestors.
    let lo = 1;
    let hi = this.scopes.length - 1;
    let last = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.scopes[mid].start <= at) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let s = last; s > 0; s = this.scopes[s].parent) {
      const sc = this.scopes[s];
      if (at < sc.end && sc.start !== exclude) return s;
    }
    return 0;
  }

  private bind(scope: number, name: string, target: string | null, fw: boolean): void {
    const bindings = this.scopes[scope].bindings;
    const old = bindings.get(name);
    if (old && old.fw && !fw) return; // imports of a framework win over other bindings
    if (old && old.target !== null && target === null) return; // any import wins over plain bindings
    bindings.set(name, { target, fw });
  }

  private lookup(name: string, scope: number): string | null {
    for (let s = scope; s >= 0; s = this.scopes[s].parent) {
      const sc = this.scopes[s];
      if (s !== scope && sc.kind === 'class') continue;
      if (sc.globals?.has(name)) {
        const g = this.scopes[0].bindings.get(name);
        return g?.fw ? g.target : null;
      }
      const b = sc.bindings.get(name);
      if (b) return b.fw ? b.target : null;
    }
    return null;
  }

  /** Whether `name` is bound to any import (framework or not) as seen from `scope`. */
  private isImported(name: string, scope: number): boolean {
    for (let s = scope; s >= 0; s = this.scopes[s].parent) {
      const sc = this.scopes[s];
      if (s !== scope && sc.kind === 'class') continue;
      const b = sc.bindings.get(name);
      if (b) return b.target !== null;
    }
    return false;
  }

  // ── imports ───────────────────────────────────────────────────────────────

  private isFramework(path: string): boolean {
    const fw = frameworkOfModule(path);
    return !!fw && (!this.modules || this.modules.has(fw.module));
  }

  private findImports(): void {
    IMPORT_KEYWORD.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = IMPORT_KEYWORD.exec(this.text))) {
      const kw = this.root.descendantForIndex(m.index);
      if (!kw || kw.startIndex !== m.index || kw.type !== m[0]) continue;
      const stmt = kw.parent;
      if (!stmt) continue;
      if (m[0] === 'import' && stmt.type === 'import_statement') this.importStatement(stmt);
      else if (m[0] === 'from' && stmt.type === 'import_from_statement') this.importFrom(stmt);
    }
  }

  /** An import binds in its scope; one starting a line unindented is at module level. */
  private importEvent(stmt: Node, name: string, target: string | null, fw: boolean): void {
    const at = stmt.startIndex;
    if (at > 0 && this.text.charCodeAt(at - 1) !== 10) this.needScopes = true;
    this.imports.push({ at, exclude: -1, name, target, fw });
  }

  private importStatement(stmt: Node): void {
    for (const item of stmt.childrenForFieldName('name')) {
      if (!item) continue;
      if (item.type === 'aliased_import') {
        const path = stripSpace(item.childForFieldName('name')?.text ?? '');
        const alias = item.childForFieldName('alias')?.text;
        if (!alias) continue;
        const fw = this.isFramework(path);
        if (fw) this.frameworks.add(frameworkOfModule(path)!.name);
        this.importEvent(stmt, alias, fw ? path : '', fw);
      } else {
        const path = stripSpace(item.text);
        const top = path.split('.')[0];
        const fw = this.isFramework(path);
        if (fw) this.frameworks.add(frameworkOfModule(path)!.name);
        this.importEvent(stmt, top, fw ? top : '', fw);
      }
    }
  }

  private importFrom(stmt: Node): void {
    const moduleNode = stmt.childForFieldName('module_name');
    if (!moduleNode || moduleNode.type !== 'dotted_name') return; // relative import: the user's own code
    const module = stripSpace(moduleNode.text);
    const fw = this.isFramework(module);
    if (fw) this.frameworks.add(frameworkOfModule(module)!.name);
    for (const item of stmt.childrenForFieldName('name')) {
      if (!item) continue;
      let name: string;
      let alias: string;
      if (item.type === 'aliased_import') {
        name = stripSpace(item.childForFieldName('name')?.text ?? '');
        alias = item.childForFieldName('alias')?.text ?? '';
      } else {
        name = stripSpace(item.text);
        alias = name;
      }
      if (!alias) continue;
      this.importEvent(stmt, alias, fw ? `${module}.${name}` : '', fw);
    }
  }

  // ── name occurrences ──────────────────────────────────────────────────────

  private findOccurrences(aliases: Set<string>): void {
    const re = new RegExp(`(?<![\\w.])(?:${[...aliases].join('|')})(?!\\w)`, 'g');
    const text = this.text;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const start = m.index;
      const end = start + m[0].length;
      const node = this.root.descendantForIndex(start);
      if (!node || node.type !== 'identifier' || node.startIndex !== start || node.endIndex !== end) continue;
      const parent = node.parent;
      if (!parent) continue;
      const pt = parent.type;
      if (NOT_A_REFERENCE.has(pt)) continue;
      const name = m[0];
      if (pt === 'global_statement' || pt === 'nonlocal_statement') {
        this.globals.push({ at: start, name });
        this.needScopes = true;
        continue;
      }
      if (pt === 'keyword_argument' && parent.startIndex === start) continue;
      if (pt === 'attribute' && parent.startIndex !== start) continue; // `x.nn`: an attribute, not a name
      let binding = BINDING_PARENT.has(pt) || (BINDING_WHEN_FIRST.has(pt) && parent.startIndex === start);
      if (!binding && (pt === 'for_statement' || pt === 'for_in_clause')) binding = parent.childForFieldName('left')?.startIndex === start;
      if (pt === 'function_definition' || pt === 'class_definition') {
        // the defined name, bound in the scope around the definition
        this.bindings.push({ at: parent.startIndex, exclude: parent.startIndex, name, target: null, fw: false });
        this.needScopes = true;
        continue;
      }
      if (binding) {
        this.bindings.push({ at: start, exclude: -1, name, target: null, fw: false });
        this.needScopes = true;
        continue;
      }
      CHAIN.lastIndex = end;
      CHAIN.exec(text);
      const chainEnd = CHAIN.lastIndex;
      OPEN_PAREN.lastIndex = chainEnd;
      const call = OPEN_PAREN.test(text);
      this.refs.push({ at: start, base: name, rest: chainEnd > end ? stripSpace(text.slice(end, chainEnd)) : '', call });
    }
  }

  // ── method calls on values of unknown type ────────────────────────────────

  private findMethodCalls(methods: Map<string, number>): void {
    const text = this.text;
    METHOD_CALL.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = METHOD_CALL.exec(text))) {
      const nameAt = m.index + m[0].indexOf(m[1], 1);
      METHOD_CALL.lastIndex = nameAt + m[1].length;
      // An identifier (not string or comment text) after `.` and before `(` is the
      // attribute of a call's callee; its parent attribute node starts at the receiver.
      const node = this.root.descendantForIndex(nameAt);
      if (!node || node.startIndex !== nameAt || node.type !== 'identifier') continue;
      const attr = node.parent;
      if (!attr) continue;
      const receiver = text.slice(attr.startIndex, m.index);
      if (LITERAL_START.test(receiver)) continue;
      if (PURE_CHAIN.test(receiver)) {
        const base = /^[A-Za-z_][A-Za-z0-9_]*/.exec(receiver)![0];
        // `self.helper()` calls the class's own method; `self.weight.to()` is a method of a value
        if ((base === 'self' || base === 'cls') && stripSpace(receiver) === base) continue;
        if (this.isImported(base, this.scopeAt(attr.startIndex))) continue;
      }
      methods.set(m[1], (methods.get(m[1]) ?? 0) + 1);
      if (this.wantSites) this.methodCalls.push({ at: nameAt, method: m[1], receiver: attr.type === 'attribute' ? attr.childForFieldName('object') : null });
    }
  }
}
