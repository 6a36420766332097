/**
 * The self-contained HTML report: one file with the portability, stratum and failure
 * tables and Vega-Lite charts rendered to inline SVG. No script runs in the page and
 * nothing is fetched (a Content-Security-Policy forbids it); the data the page was
 * drawn from rides along as JSON in <script type="application/json" id="portabench-data">.
 */
import { chartsFor } from './html/charts.js';
import { pageHtml, type RenderedChart } from './html/page.js';
import { specToSvg } from './html/svg.js';
import type { HtmlBundle } from './html/types.js';

export { buildHtmlBundle, type HtmlBundleOptions } from './html/bundle.js';
export type { HtmlBundle } from './html/types.js';

export async function renderHtml(bundle: HtmlBundle): Promise<string> {
  const charts: RenderedChart[] = [];
  for (const c of chartsFor(bundle)) {
    try {
      charts.push({ id: c.id, section: c.section, title: c.title, caption: c.caption, svg: await specToSvg(c.spec), error: null });
    } catch (err) {
      // One bad chart must not lose the report: say which and why, in place of the chart.
      charts.push({ id: c.id, section: c.section, title: c.title, caption: c.caption, svg: null, error: (err as Error).message });
    }
  }
  return pageHtml(bundle, charts);
}
