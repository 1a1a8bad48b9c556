// The suite must tell MP077's sides and its two readings apart: run features/MP077 against a
// reference that disagrees with the suite (on the baseline, or on the flag profile) and exactly
// the scenarios tagged for the other behaviour fail.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { tempDir } from './helpers.ts';

interface ScenarioVerdict { name: string; line: number; tags: string[]; verdict: string; message?: string }

function runMp077(args: string[]): Promise<ScenarioVerdict[]> {
  const reports = tempDir();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['bin/sec-conformance.js', 'run', 'features/MP077', ...args, '--reports', reports], { stdio: 'ignore' });
    child.on('error', fail);
    child.on('close', () => {
      try {
        const report = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8'));
        done(report.modifications.flatMap((m: { requirements: { scenarios: ScenarioVerdict[] }[] }) => m.requirements.flatMap((r) => r.scenarios)));
      } catch (e) {
        fail(e);
      }
    });
  });
}

const key = (s: ScenarioVerdict) => `${s.line} ${s.name}`;

/** Exactly the scenarios tagged `tag` fail, besides untagged ones failing with a message `excused` matches. */
function assertExactlyTaggedFail(scenarios: ScenarioVerdict[], tag: string, excused?: RegExp): void {
  const tagged = scenarios.filter((s) => s.tags.includes(tag)).map(key).sort();
  const failed = scenarios.filter((s) => s.verdict === 'FAIL' && !(excused && !s.tags.includes(tag) && excused.test(s.message ?? ''))).map(key).sort();
  assert.ok(tagged.length > 0, `no scenario tagged ${tag} ran`);
  assert.deepEqual(failed, tagged);
  assert.ok(scenarios.every((s) => s.verdict === 'PASS' || s.verdict === 'FAIL'), 'a scenario ended in neither PASS nor FAIL');
}

describe('the suite tells MP077 apart', () => {
  const runs: Record<string, Promise<ScenarioVerdict[]>> = {};
  before(() => {
    // all at once: each is a separate process
    runs['after vs legacy reference'] = runMp077(['--baseline', 'all', '--reference-baseline', 'none']);
    runs['after vs legacy reference (dsp)'] = runMp077(['--baseline', 'all', '--reference-baseline', 'none', '--flag-profile', 'dsp-assessment']);
    runs['legacy vs MP077 reference'] = runMp077(['--baseline', 'none', '--reference-baseline', 'all']);
    runs['legal-text vs dsp reference'] = runMp077(['--flag-profile', 'legal-text', '--reference-flag-profile', 'dsp-assessment']);
    runs['dsp vs legal-text reference'] = runMp077(['--flag-profile', 'dsp-assessment', '--reference-flag-profile', 'legal-text']);
  });

  it('fails exactly the @MP077 scenarios against a reference without MP077, under either reading, besides retired flag values (S, W) a legacy E46 carries', async () => {
    // a legacy DCC's E46 rejection carries S (assumptions.serviceFlags.rejectedFlagBeforeMp077), which MP077 retired
    const retired = /is not a valid .*DCC Service Flag: must be one of A \(Active\), N \(Non-Active\), I \(InstalledNotCommissioned\); got "[SW]"/s;
    assertExactlyTaggedFail(await runs['after vs legacy reference']!, '@MP077', retired);
    assertExactlyTaggedFail(await runs['after vs legacy reference (dsp)']!, '@MP077', retired);
  });

  it('fails every @before:MP077 scenario against a reference with MP077; other failures are only new flag values the legacy records cannot carry', async () => {
    const scenarios = await runs['legacy vs MP077 reference']!;
    const legacy = scenarios.filter((s) => s.tags.includes('@before:MP077'));
    assert.ok(legacy.length > 0);
    for (const s of legacy) assert.equal(s.verdict, 'FAIL', key(s));
    for (const s of scenarios.filter((x) => x.verdict === 'FAIL' && !x.tags.includes('@before:MP077'))) {
      assert.match(s.message ?? '', /is not a valid .*DCC Service Flag: must be one of A \(Active\), S \(Suspended\), W \(Withdrawn\)/s, key(s));
    }
  });

  it('fails exactly the @profile:legal-text scenarios against a reference following the PIA', async () => {
    assertExactlyTaggedFail(await runs['legal-text vs dsp reference']!, '@profile:legal-text');
  });

  it('fails exactly the @profile:dsp-assessment scenarios against a reference following the legal text', async () => {
    assertExactlyTaggedFail(await runs['dsp vs legal-text reference']!, '@profile:dsp-assessment');
  });
});
