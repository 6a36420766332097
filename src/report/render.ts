import type { PortabilityReport } from '../analysis/portability.js';
import type { AllTables } from '../analysis/all-tables.js';
import { renderCsv } from './csv.js';
import { gridsLatex, gridsMarkdown, gridsText } from './draw.js';
import { tableGrids } from './grids.js';
import { renderMarkdown } from './markdown.js';
import { renderText } from './text.js';

/** Report formats. `html` is drawn by renderHtml (src/report/html.ts) from the store, not by render(). */
export const FORMATS = ['text', 'md', 'csv', 'json', 'latex', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** The foundation's report ({"targets": […]}) with the analysis tables added when given. */
export type FullReport = PortabilityReport & Partial<AllTables>;

function hasTables(r: FullReport): r is PortabilityReport & AllTables {
  return Array.isArray(r.portability) && Array.isArray(r.strata) && Array.isArray(r.failure_categories) && Array.isArray(r.cold_warm) && r.ci != null;
}

export function render(report: FullReport, format: Exclude<Format, 'html'> | Format): string {
  const grids = hasTables(report) ? tableGrids(report) : [];
  switch (format) {
    case 'text':
      return renderText(report, grids.length ? gridsText(grids) : undefined);
    case 'md':
      return renderMarkdown(report, grids.length ? gridsMarkdown(grids) : undefined);
    case 'csv':
      return renderCsv(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'latex':
      return gridsLatex(grids);
    case 'html':
      throw new Error('the html format is rendered by renderHtml(buildHtmlBundle(store)) in src/report/html.ts');
  }
}
