import type { PortabilityReport } from '../analysis/portability.js';
import { renderCsv } from './csv.js';
import { renderMarkdown } from './markdown.js';
import { renderText } from './text.js';

export const FORMATS = ['text', 'md', 'csv', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export function render(report: PortabilityReport, format: Format): string {
  switch (format) {
    case 'text':
      return renderText(report);
    case 'md':
      return renderMarkdown(report);
    case 'csv':
      return renderCsv(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
  }
}
