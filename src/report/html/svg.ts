/**
 * Vega-Lite → SVG, in Node: the report ships finished SVG, so it needs no script, no
 * network and no chart library in the reader's browser. Vega escapes every text and
 * attribute it writes, so data (function names) inside the SVG stays text.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { vegaTextWidth } from './text-width.js';

export async function specToSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = compile(spec).spec;
  // vega re-exports vega-scenegraph's textMetrics; its typings leave it out.
  const metrics = (vega as unknown as { textMetrics: { width: unknown } }).textMetrics;
  const previous = metrics.width;
  metrics.width = vegaTextWidth;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
    metrics.width = previous;
  }
}
