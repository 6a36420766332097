import { isUtf8 } from 'node:buffer';
import type { Parser } from 'web-tree-sitter';
import { UsageCounts } from './counts.js';
import { extractUsage } from './extract.js';
import { MINED_FRAMEWORKS } from './frameworks.js';
import { checkText, decodeSource, importTest, type Decoded } from './prefilter.js';

/** A unit of work sent to a mining worker. */
export interface WorkBatch {
  id: number;
  /** Raw contents of .py files. */
  files?: Uint8Array[];
  /** A block of complete JSON Lines records (each with a `content` field). */
  jsonl?: Uint8Array;
  /** Decoded contents (Parquet `content` column); bytes when the column is not text. */
  texts?: Array<string | Uint8Array | null>;
}

export interface ProcessOptions {
  /** Files larger than this are skipped as too_large. */
  maxBytes: number;
  /** Top-level modules to resolve (default: all known frameworks). */
  modules?: string[];
}

/** JSON escaping can double a text; a record line may be this long before it is given up. */
export function lineLimit(maxBytes: number): number {
  return maxBytes * 2 + 65536;
}

/** Runs the pre-filter, parser and extractor over batches, summing into `counts`. */
export class BatchProcessor {
  readonly counts = new UsageCounts();
  private prefilter: (text: string) => boolean;
  private modules: Set<string>;

  constructor(
    private parser: Parser,
    private opts: ProcessOptions,
  ) {
    const modules = opts.modules ?? MINED_FRAMEWORKS.map((f) => f.module);
    this.prefilter = importTest(modules);
    this.modules = new Set(modules);
  }

  /** Process a batch; returns how many entries and bytes it held (for progress). */
  process(batch: WorkBatch): { files: number; bytes: number } {
    const before = this.counts.files;
    let bytes = 0;
    for (const f of batch.files ?? []) {
      bytes += f.byteLength;
      this.source(decodeSource(f, this.opts.maxBytes), f.byteLength);
    }
    if (batch.jsonl) {
      bytes += batch.jsonl.byteLength;
      this.jsonLines(Buffer.from(batch.jsonl.buffer, batch.jsonl.byteOffset, batch.jsonl.byteLength));
    }
    for (const t of batch.texts ?? []) {
      if (t === null) {
        this.counts.skip('bad_record');
      } else if (typeof t === 'string') {
        bytes += t.length;
        this.source(checkText(t, this.opts.maxBytes), t.length);
      } else {
        bytes += t.byteLength;
        this.source(decodeSource(t, this.opts.maxBytes), t.byteLength);
      }
    }
    return { files: this.counts.files - before, bytes };
  }

  private source(decoded: Decoded, bytes: number): void {
    if (!decoded.ok) {
      this.counts.skip(decoded.reason);
      return;
    }
    if (!this.prefilter(decoded.text)) {
      this.counts.unparsed(bytes);
      return;
    }
    let r: ReturnType<typeof extractUsage>;
    try {
      r = extractUsage(this.parser, decoded.text, this.modules);
    } catch {
      // a parser failure on one file (out of memory in the WebAssembly heap, say) skips it
      this.counts.skip('parse_failed');
      return;
    }
    if (r.ok) this.counts.add(r.usage, bytes);
    else this.counts.skip(r.reason);
  }

  private jsonLines(block: Buffer): void {
    const limit = lineLimit(this.opts.maxBytes);
    let start = 0;
    while (start < block.length) {
      let end = block.indexOf(10, start);
      if (end < 0) end = block.length;
      let stop = end;
      if (stop > start && block[stop - 1] === 13) stop--;
      if (stop > start) this.record(block.subarray(start, stop), limit);
      start = end + 1;
    }
  }

  private record(line: Buffer, limit: number): void {
    if (line.length > limit) return this.counts.skip('too_large');
    if (!isUtf8(line)) return this.counts.skip('invalid_utf8');
    let value: unknown;
    try {
      value = JSON.parse(line.toString('utf8'));
    } catch {
      return this.counts.skip('bad_record');
    }
    const content = (value as { content?: unknown } | null)?.content;
    if (typeof content !== 'string') return this.counts.skip('bad_record');
    this.source(checkText(content, this.opts.maxBytes), Buffer.byteLength(content));
  }
}
