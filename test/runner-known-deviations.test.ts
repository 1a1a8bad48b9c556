// The known-deviations list: its shape, its checks, and how entries match scenarios.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { KnownDeviationsError, findDeviation, loadKnownDeviations, parseKnownDeviations } from '../src/runner/known-deviations.ts';
import { tempDir } from './helpers.ts';

describe('known deviations file', () => {
  it('reads YAML with a deviations list and JSON as a bare list', () => {
    const dir = tempDir();
    const yaml = join(dir, 'd.yaml');
    writeFileSync(yaml, 'deviations:\n  - requirement: "@req:MP178-2"\n    reason: old DSP\n    link: https://example.org/1\n');
    assert.deepEqual(loadKnownDeviations(yaml), [{ requirement: 'MP178-2', reason: 'old DSP', link: 'https://example.org/1' }]);
    const json = join(dir, 'd.json');
    writeFileSync(json, JSON.stringify([{ scenario: 'S', reason: 'r' }]));
    assert.deepEqual(loadKnownDeviations(json), [{ scenario: 'S', reason: 'r' }]);
  });

  it('accepts an empty file', () => {
    assert.deepEqual(parseKnownDeviations(null), []);
    assert.deepEqual(parseKnownDeviations({ deviations: null }), []);
  });

  it('refuses entries without a reason, without a target, or with unknown keys', () => {
    assert.throws(() => parseKnownDeviations([{ scenario: 'S' }]), /entry 1 has no reason/);
    assert.throws(() => parseKnownDeviations([{ reason: 'r' }]), /names neither a scenario nor a requirement/);
    assert.throws(() => parseKnownDeviations([{ scenario: 'S', reason: 'r', reasn: 'typo' }]), /unknown key "reasn"/);
    assert.throws(() => parseKnownDeviations('text'), KnownDeviationsError);
  });

  it('names the file when it cannot be read or parsed', () => {
    const dir = tempDir();
    assert.throws(() => loadKnownDeviations(join(dir, 'missing.yaml')), /cannot read known-deviations file .*missing\.yaml/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{');
    assert.throws(() => loadKnownDeviations(bad), /bad\.json does not parse/);
  });
});

describe('matching', () => {
  const list = [
    { scenario: 'Exact name', reason: 'a' },
    { requirement: 'MP178-2', reason: 'b' },
    { scenario: 'Both', requirement: 'MP178-3', reason: 'c' },
  ];

  it('matches a scenario by its exact name and any scenario of a listed requirement', () => {
    assert.equal(findDeviation(list, 'Exact name', 'X-1')?.reason, 'a');
    assert.equal(findDeviation(list, 'exact name', 'X-1'), undefined);
    assert.equal(findDeviation(list, 'Anything', 'mp178-2')?.reason, 'b');
    assert.equal(findDeviation(list, 'Anything', undefined), undefined);
  });

  it('needs both to match when an entry names a scenario and a requirement', () => {
    assert.equal(findDeviation(list, 'Both', 'MP178-3')?.reason, 'c');
    assert.equal(findDeviation(list, 'Both', 'MP178-4'), undefined);
  });
});
