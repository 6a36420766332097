import Table from 'cli-table3';
import type { Grid } from './grids.js';

/** Draw grids for the terminal. */
export function gridsText(grids: Grid[]): string {
  const parts: string[] = [];
  for (const g of grids) {
    const t = new Table({ head: g.head, style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' }, colAligns: g.head.map((_, i) => (g.numeric.includes(i) ? 'right' : 'left')) });
    for (const r of g.rows) t.push(r);
    parts.push(g.title, g.rows.length ? t.toString() : '(no data)', wrap(g.caption, 100), '');
  }
  return parts.join('\n');
}

function wrap(text: string, width: number): string {
  const out: string[] = [];
  let line = '';
  for (const w of text.split(/\s+/)) {
    if (line && line.length + w.length + 1 > width) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out.join('\n');
}

const mdEsc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\n/g, ' ');

/** Draw grids as GitHub-flavoured Markdown tables, each with its heading and caption. */
export function gridsMarkdown(grids: Grid[], level = 2): string {
  const parts: string[] = [];
  for (const g of grids) {
    parts.push(`${'#'.repeat(level)} ${g.title}`, '');
    if (!g.rows.length) parts.push('(no data)', '');
    else {
      parts.push(`| ${g.head.map(mdEsc).join(' | ')} |`, `|${g.head.map((_, i) => (g.numeric.includes(i) ? '---:' : '---')).join('|')}|`);
      for (const r of g.rows) parts.push(`| ${r.map(mdEsc).join(' | ')} |`);
      parts.push('');
    }
    parts.push(`*${mdEsc(g.caption)}*`, '');
  }
  return parts.join('\n');
}

const LATEX: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '#': '\\#',
  $: '\\$',
  '%': '\\%',
  '&': '\\&',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '×': '$\\times$',
  '–': '--',
  '→': '$\\rightarrow$',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
};

/** Escape text for LaTeX (function names carry _ and #, ratios carry ×, ranges –). */
export function latexEscape(s: string): string {
  return s.replace(/[\\#$%&_{}~^×–→<>]/g, (c) => LATEX[c]);
}

/** Draw grids as LaTeX table environments (booktabs), ready for a paper. */
export function gridsLatex(grids: Grid[]): string {
  const parts = ['% portabench tables: needs \\usepackage{booktabs}'];
  for (const g of grids) {
    const spec = g.head.map((_, i) => (g.numeric.includes(i) ? 'r' : 'l')).join('');
    parts.push(
      '\\begin{table}[htbp]',
      '\\centering',
      '\\small',
      `\\caption{${latexEscape(g.title)}. ${latexEscape(g.caption)}}`,
      `\\label{tab:portabench-${g.id.replace(/_/g, '-')}}`,
      `\\begin{tabular}{${spec}}`,
      '\\toprule',
      `${g.head.map(latexEscape).join(' & ')} \\\\`,
      '\\midrule',
      ...(g.rows.length ? g.rows.map((r) => `${r.map(latexEscape).join(' & ')} \\\\`) : [`\\multicolumn{${g.head.length}}{c}{(no data)} \\\\`]),
      '\\bottomrule',
      '\\end{tabular}',
      '\\end{table}',
      '',
    );
  }
  return parts.join('\n');
}

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One grid as CSV. */
export function gridCsv(g: Grid): string {
  return `${[g.head, ...g.rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}
