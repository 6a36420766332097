import type { z } from 'zod';

/**
 * Whether a line from a worker's answer pipe is the answer to the request in flight:
 * JSON, an object, this worker's nonce, the request's sequence number, the expected
 * type (or one of the notices allowed before it), and the protocol's schema
 * (safeParse: a mismatch is reported, never thrown). Anything else says, bounded,
 * what was received.
 */

/** Characters of a received line quoted in a violation. */
export const RECEIVED_LIMIT = 2048;

/** `text` if short, else its head and tail with a marker between. */
export function boundedText(text: string, limit = RECEIVED_LIMIT): string {
  if (text.length <= limit) return text;
  const head = Math.floor((limit * 3) / 4);
  const tail = limit - head;
  return `${text.slice(0, head)}[… ${text.length - head - tail} characters not shown …]${text.slice(-tail)}`;
}

export class Violation {
  constructor(readonly message: string) {}
}

export interface Expected {
  seq: number;
  nonce: string;
  type: string;
  /** Other message types allowed before the answer, with their schemas. */
  also: Record<string, z.ZodTypeAny>;
}

export function answerOf(text: string, expected: Expected, schema: z.ZodTypeAny): { type: string; value: unknown } | Violation {
  const quoted = JSON.stringify(boundedText(text));
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return new Violation(`a line that is not JSON: ${quoted}`);
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return new Violation(`JSON that is not a message: ${quoted}`);
  const m = msg as Record<string, unknown>;
  if (m.nonce !== expected.nonce) return new Violation(`a message without this worker's nonce (not from portabench): ${quoted}`);
  if (m.seq !== expected.seq) return new Violation(`an answer to request ${JSON.stringify(m.seq)} while request ${expected.seq} was in flight: ${quoted}`);
  const type = typeof m.type === 'string' ? m.type : '';
  const check = type === expected.type ? schema : Object.hasOwn(expected.also, type) ? expected.also[type] : null;
  if (!check) return new Violation(`a ${JSON.stringify(m.type)} message where a "${expected.type}" answer was due: ${quoted}`);
  const parsed = check.safeParse(msg);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`);
    return new Violation(`a "${type}" answer that does not match the protocol (${issues.join('; ')}): ${quoted}`);
  }
  return { type, value: parsed.data };
}
