import type { Grid } from '../report/grids.js';
import { escapeHtml } from '../report/html/escape.js';

/** Every page: no script, nothing fetched from anywhere (styles inline, images only as data: URIs). */
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'";
/** The header also forbids framing (a meta element cannot). */
export const CSP = `${PAGE_CSP}; frame-ancestors 'none'`;

export const esc = escapeHtml;

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1f23}header{background:#24292f;color:#fff;padding:.6em 1.2em}header a{color:#fff;margin-right:1.2em;text-decoration:none}main{padding:1em 1.2em;max-width:1400px}table{border-collapse:collapse;margin:.6em 0 1.4em}th,td{border:1px solid #d0d7de;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}caption{caption-side:bottom;text-align:left;color:#57606a;font-size:.9em;padding-top:.3em}code,.mono{font-family:ui-monospace,monospace;font-size:.92em}.muted{color:#57606a}form{margin:.6em 0}input{font:inherit;padding:.15em .3em}.bad{color:#b42318}`;

/** A dashboard page around `body` (already HTML). */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}"><meta name="referrer" content="no-referrer"><title>${esc(title)} · portabench</title><style>${STYLE}</style></head><body><header><a href="/"><b>portabench</b></a><a href="/">runs</a><a href="/trends">trends</a><a href="/diff">diff</a><a href="/queue">queue</a></header><main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

/** A Grid (the renderers' neutral table) as an HTML table; every cell is text. */
export function gridHtml(g: Grid, link?: (row: string[], col: number) => string | null): string {
  const head = `<tr>${g.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const rows = g.rows
    .map((r) => `<tr>${r.map((c, i) => {
      const href = link?.(r, i);
      const text = href ? `<a href="${esc(href)}">${esc(c)}</a>` : esc(c);
      return `<td${g.numeric.includes(i) ? ' class="n"' : ''}>${text}</td>`;
    }).join('')}</tr>`)
    .join('');
  return `<h2 id="${esc(g.id)}">${esc(g.title)}</h2><table>${g.caption ? `<caption>${esc(g.caption)}</caption>` : ''}<thead>${head}</thead><tbody>${rows || `<tr><td colspan="${g.head.length}" class="muted">none</td></tr>`}</tbody></table>`;
}

/** Lines of text as paragraphs. */
export const lines = (xs: string[] | undefined, cls = '') => (xs ?? []).map((l) => `<p${cls ? ` class="${cls}"` : ''}>${esc(l)}</p>`).join('');
