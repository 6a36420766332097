// The machine-wide environment cache (PORTABENCH_ENV_CACHE): a large optional environment is
// made once, and a second clone finds it ready through a link, installing nothing. A real venv
// and a real pip, on a tiny environment (its one requirement, pip, is what venv brings).
import assert from 'node:assert/strict';
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureCompanionEnv, type CompanionEnv } from '../src/envs/setup.js';
import { tempDir } from './helpers.js';

const saved = { venvs: process.env.PORTABENCH_VENVS, cache: process.env.PORTABENCH_ENV_CACHE };
const cache = tempDir('portabench-env-cache-');

function tiny(venvs: string): CompanionEnv {
  return { name: 'tiny-extra', python: join(venvs, 'tiny-extra', 'bin', 'python'), installs: ['pip'], ready: 'pip', none: 'none' };
}

async function setupIn(venvs: string) {
  process.env.PORTABENCH_VENVS = venvs;
  return ensureCompanionEnv({ venvs }, 'pytorch', tiny(venvs));
}

describe('the environment cache', () => {
  before(() => {
    process.env.PORTABENCH_ENV_CACHE = cache;
  });
  after(() => {
    for (const [k, v] of [['PORTABENCH_VENVS', saved.venvs], ['PORTABENCH_ENV_CACHE', saved.cache]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('makes an environment once in the cache; a second clone finds it ready through a link', async () => {
    const first = tempDir('portabench-clone1-');
    const made = await setupIn(first);
    assert.equal(made.status, 'installed', made.problem ?? '');
    assert.ok(existsSync(join(cache, 'tiny-extra', 'bin', 'python')), 'the venv lives in the cache');
    assert.ok(lstatSync(join(first, 'tiny-extra')).isSymbolicLink(), 'the clone links to it');

    const second = tempDir('portabench-clone2-');
    const found = await setupIn(second);
    assert.equal(found.status, 'ready', 'the second clone installs nothing');
    assert.equal(realpathSync(join(second, 'tiny-extra')), realpathSync(join(cache, 'tiny-extra')));
  });

  it('leaves an environment a clone already has where it is', async () => {
    delete process.env.PORTABENCH_ENV_CACHE;
    const own = tempDir('portabench-clone3-');
    const made = await setupIn(own);
    assert.equal(made.status, 'installed', made.problem ?? '');
    process.env.PORTABENCH_ENV_CACHE = cache;
    const again = await setupIn(own);
    assert.equal(again.status, 'ready');
    assert.ok(!lstatSync(join(own, 'tiny-extra')).isSymbolicLink(), 'its own directory, not a link');
  });
});
