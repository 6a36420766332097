import { parentPort, workerData } from 'node:worker_threads';
import { pythonParser } from './parser.js';
import { BatchProcessor, type ProcessOptions, type WorkBatch } from './process.js';

/**
 * A mining worker thread: parses the batches it is sent and keeps its own counts,
 * which it sends back when told to finish.
 * Messages in: {type:"batch", batch} | {type:"finish"}.
 * Messages out: {type:"done", id, files, bytes} | {type:"counts", counts} | {type:"error", message}.
 */
const port = parentPort!;
const processor = new BatchProcessor(await pythonParser(), workerData as ProcessOptions);
port.on('message', (msg: { type: 'batch'; batch: WorkBatch } | { type: 'finish' }) => {
  try {
    if (msg.type === 'batch') {
      const { files, bytes } = processor.process(msg.batch);
      port.postMessage({ type: 'done', id: msg.batch.id, files, bytes });
    } else {
      port.postMessage({ type: 'counts', counts: processor.counts.toData() });
    }
  } catch (e) {
    port.postMessage({ type: 'error', message: (e as Error).stack ?? String(e) });
  }
});
port.postMessage({ type: 'ready' });
