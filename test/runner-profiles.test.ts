// Run settings -> Cucumber configuration; world parameters; selection by baseline and @needs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Baseline } from '../src/baseline.ts';
import { CliError } from '../src/cli/cli-error.ts';
import { settingsFromOptions } from '../src/cli/run-command.ts';
import { cucumberConfiguration, profilesFromEnv, selectionTags } from '../src/runner/profiles.ts';
import { checkSide, neededCapabilities } from '../src/runner/selection.ts';
import { parseTargetOption, resolveWorldParameters } from '../src/runner/world-parameters.ts';

describe('tag selection', () => {
  it('ANDs the user\'s expression with the baseline\'s', () => {
    assert.equal(selectionTags(Baseline.parse('MP178'), '@smoke or @quick'), `(${Baseline.parse('MP178').tagExpression()}) and (@smoke or @quick)`);
    assert.equal(selectionTags(Baseline.none()), Baseline.none().tagExpression());
  });
});

describe('cucumber configuration', () => {
  const config = cucumberConfiguration({ target: { kind: 'ref-http' }, baseline: 'none', referenceBaseline: 'all', tags: '@x', reportsDir: 'out', knownDeviations: 'kd.yaml' });

  it('writes cucumber\'s HTML and messages reports (JUnit is ours) and ends stdout with our formatter', () => {
    assert.deepEqual(config.format, [
      ['html', 'out/cucumber.html'],
      ['message', 'out/messages.ndjson'],
      './src/report/formatter.ts',
    ]);
    assert.deepEqual(config.import, ['steps/**/*.ts']);
    assert.deepEqual(config.paths, ['features/**/*.feature']);
    assert.equal(config.tags, `(${Baseline.none().tagExpression()} and not @profile:dsp-assessment) and (@x)`);
  });

  it('passes target and baselines to the World, and what the report needs to the formatter', () => {
    assert.deepEqual(config.worldParameters, { target: { kind: 'ref-http' }, baseline: 'none', referenceBaseline: 'all', knownDeviations: 'kd.yaml', reportsDir: 'out' });
    const conformance = (config.formatOptions as Record<string, { reportsDir: string; knownDeviations: string; run: { target: string } }>)['conformance']!;
    assert.equal(conformance.reportsDir, 'out');
    assert.equal(conformance.knownDeviations, 'kd.yaml');
    assert.equal(conformance.run.target, 'reference SMI over HTTP');
  });

  it('builds the three profiles from SEC_CONFORMANCE_* variables', () => {
    const p = profilesFromEnv({ SEC_CONFORMANCE_BASELINE: 'all,-MP178', SEC_CONFORMANCE_TARGET_URL: 'http://dut:8079' });
    assert.deepEqual(Object.keys(p), ['default', 'ref-http', 'external']);
    assert.deepEqual((p['default']!.worldParameters as { target: unknown }).target, { kind: 'ref' });
    assert.deepEqual((p['external']!.worldParameters as { target: unknown }).target, { kind: 'external', url: 'http://dut:8079' });
    assert.match(p['default']!.tags!, /not @MP178/);
  });
});

describe('world parameters', () => {
  it('default to the in-process reference on the full baseline', () => {
    const w = resolveWorldParameters({});
    assert.deepEqual(w.target, { kind: 'ref' });
    assert.equal(w.baseline.toString(), 'all');
    assert.equal(w.referenceBaseline.toString(), 'all');
    assert.equal(w.codes.roleNotEligible.length > 0, true);
  });

  it('let the reference behave differently from what the suite expects', () => {
    const w = resolveWorldParameters({ baseline: 'MP178', referenceBaseline: 'none' });
    assert.equal(w.baseline.has('MP178'), true);
    assert.equal(w.referenceBaseline.has('MP178'), false);
  });

  it('refuse unknown keys, an external target without a URL and bad codes', () => {
    assert.throws(() => resolveWorldParameters({ baselin: 'all' }), /unknown world parameter "baselin"/);
    assert.throws(() => resolveWorldParameters({ target: { kind: 'external' } }), /needs "url"/);
    assert.throws(() => resolveWorldParameters({ codes: { roleNotEligible: 'nope' } }), /response code like E4/);
    assert.throws(() => resolveWorldParameters({ baseline: 'MP999' }), /unknown modification/);
  });

  it('read --target values', () => {
    assert.deepEqual(parseTargetOption('ref'), { kind: 'ref' });
    assert.deepEqual(parseTargetOption('https://dut.example:443/duis'), { kind: 'external', url: 'https://dut.example:443/duis' });
    assert.deepEqual(parseTargetOption('module:./my-adapter.ts'), { kind: 'module', module: './my-adapter.ts' });
    assert.throws(() => parseTargetOption('ftp://x'), /--target must be/);
  });
});

describe('run command options', () => {
  it('resolve paths against the caller\'s directory and check everything up front', () => {
    const s = settingsFromOptions(['features/MP178'], { target: 'module:a.ts', reports: 'r', baseline: 'none' }, '/work/main');
    assert.deepEqual(s.target, { kind: 'module', module: '/work/main/a.ts' });
    assert.equal(s.reportsDir, '/work/main/r');
    assert.deepEqual(s.paths, ['/work/main/features/MP178']);
    assert.throws(() => settingsFromOptions([], { reportsDir: 'x', targetOptions: '[1]' } as never), CliError);
    assert.throws(() => settingsFromOptions(['no/such/dir'], {}), /no such feature file or folder/);
  });
});

describe('scenario selection checks', () => {
  it('names the capabilities @needs tags ask for and refuses unknown ones', () => {
    assert.deepEqual(neededCapabilities(['@req:X-1', '@needs:ssi', '@needs:clock', '@needs:ssi']), ['ssi', 'clock']);
    assert.throws(() => neededCapabilities(['@needs:teleport']), /unknown capability in tag @needs:teleport/);
  });

  it('refuses a scenario from the side of a modification the baseline does not run', () => {
    assert.doesNotThrow(() => checkSide(['@MP178', '@req:MP178-1'], Baseline.all()));
    assert.throws(() => checkSide(['@before:MP178'], Baseline.all()), /tagged @before:MP178 .* applies MP178/);
    assert.throws(() => checkSide(['@MP178'], Baseline.none()), /does not apply MP178/);
    assert.doesNotThrow(() => checkSide(['@smoke', '@before:NOTAMOD'], Baseline.none()));
  });
});
