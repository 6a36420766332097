// Which Node a pack ships: a release past its end of life is told apart from a supported one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeSupport } from '../src/envs/node-runtime.js';

describe('Node runtime support', () => {
  it('knows Node 20 is past its end of life after April 2026 and Node 24 is not', () => {
    const day = new Date('2026-12-03T00:00:00Z');
    assert.deepEqual(nodeSupport('v20.20.2', day), { version: 'v20.20.2', major: 20, endOfLife: '2026-04-30', pastEndOfLife: true });
    assert.equal(nodeSupport('24.19.0', day).pastEndOfLife, false);
    assert.equal(nodeSupport('v20.1.0', new Date('2025-01-01T00:00:00Z')).pastEndOfLife, false);
    assert.equal(nodeSupport('v99.0.0', day).endOfLife, null);
  });
});
