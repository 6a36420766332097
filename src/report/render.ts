import { gridCsv, gridsLatex, gridsMarkdown, gridsText } from './draw.js';
import type { Grid } from './grids.js';

/** Output formats. Every command that prints tables renders a Document through RENDERERS. */
export const FORMATS = ['text', 'md', 'csv', 'json', 'latex', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** What a command prints, in a form every renderer can draw. */
export interface Document {
  /** What --format json prints, as it is. */
  data: unknown;
  /** Lines before the tables (text and Markdown): fingerprints, what was compared. */
  header?: string[];
  grids: Grid[];
  /** Lines after the tables (text and Markdown): problems, warnings. */
  notes?: string[];
  /** The grid --format csv writes (default: the only grid). */
  csv?: Grid;
  /** The self-contained HTML page, for documents that have one (the report). */
  html?: () => Promise<string>;
}

export type Renderer = (doc: Document) => string | Promise<string>;

/** A format this document cannot be drawn in. */
export class FormatError extends Error {}

const lines = (xs: string[] | undefined) => (xs?.length ? `${xs.join('\n')}\n` : '');

/** The one renderer registry. */
export const RENDERERS: Record<Format, Renderer> = {
  text: (d) => `${lines(d.header)}${d.header?.length ? '\n' : ''}${gridsText(d.grids)}${d.notes?.length ? `\n${lines(d.notes)}` : ''}`,
  md: (d) => `${d.header?.length ? `${d.header.map((l) => `> ${l}`).join('\n')}\n\n` : ''}${gridsMarkdown(d.grids)}${d.notes?.length ? `\n${d.notes.map((l) => `- ${l}`).join('\n')}\n` : ''}`,
  csv: (d) => {
    const g = d.csv ?? (d.grids.length === 1 ? d.grids[0] : null);
    if (!g) throw new FormatError(`--format csv writes one table, and this output has ${d.grids.length}: choose one (e.g. analyse --table NAME)`);
    return gridCsv(g);
  },
  json: (d) => `${JSON.stringify(d.data, null, 2)}\n`,
  latex: (d) => gridsLatex(d.grids),
  html: (d) => {
    if (!d.html) throw new FormatError('--format html is only available for "report"');
    return d.html();
  },
};

export async function renderDocument(format: Format, doc: Document): Promise<string> {
  const text = await RENDERERS[format](doc);
  return text.endsWith('\n') ? text : `${text}\n`;
}
