// The MP077 flag profile as a run setting: CLI options and world parameters, the tag selection
// that drops the other reading's scenarios, and the guard against a scenario of the wrong reading.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Baseline } from '../src/baseline.ts';
import { CliError } from '../src/cli/cli-error.ts';
import { settingsFromOptions } from '../src/cli/run-command.ts';
import { cucumberConfiguration, selectionTags } from '../src/runner/profiles.ts';
import { checkProfile } from '../src/runner/selection.ts';
import { resolveWorldParameters, WorldParametersError } from '../src/runner/world-parameters.ts';

describe('flag profile selection', () => {
  it('drops the scenarios of the other reading', () => {
    assert.equal(selectionTags(Baseline.all(), undefined, 'legal-text'), `${Baseline.all().tagExpression()} and not @profile:dsp-assessment`);
    assert.equal(selectionTags(Baseline.none(), '@x', 'dsp-assessment'), `(${Baseline.none().tagExpression()} and not @profile:legal-text) and (@x)`);
  });

  it('selects by the default reading when none is given, and says so in the report header', () => {
    const c = cucumberConfiguration({ target: { kind: 'ref' } });
    assert.match(c.tags!, /not @profile:dsp-assessment$/);
    const run = (c.formatOptions as Record<string, { run: { flagProfile?: string } }>)['conformance']!.run;
    assert.equal(run.flagProfile, 'legal-text');
  });

  it('passes the reading, and the reference\'s when it differs, to the World', () => {
    const c = cucumberConfiguration({ target: { kind: 'ref' }, flagProfile: 'dsp-assessment', referenceFlagProfile: 'legal-text' });
    assert.deepEqual(
      [(c.worldParameters as Record<string, unknown>)['flagProfile'], (c.worldParameters as Record<string, unknown>)['referenceFlagProfile']],
      ['dsp-assessment', 'legal-text'],
    );
    const w = resolveWorldParameters(c.worldParameters);
    assert.equal(w.flagProfile, 'dsp-assessment');
    assert.equal(w.referenceFlagProfile, 'legal-text');
  });

  it('refuses an unknown reading on the command line (exit 2) and in world parameters', () => {
    assert.throws(() => settingsFromOptions([], { flagProfile: 'guess' }), (e) => e instanceof CliError && /--flag-profile must be one of legal-text, dsp-assessment/.test(e.message));
    assert.throws(() => resolveWorldParameters({ flagProfile: 'guess' }), WorldParametersError);
    assert.equal(resolveWorldParameters({}).referenceFlagProfile, 'legal-text');
  });

  it('stops a scenario of the other reading that got past the selection, and accepts its own', () => {
    assert.throws(() => checkProfile(['@MP077', '@profile:dsp-assessment'], 'legal-text'), /flag profile is legal-text/);
    assert.throws(() => checkProfile(['@profile:guess'], 'legal-text'), /unknown flag profile/);
    assert.doesNotThrow(() => checkProfile(['@profile:legal-text', '@MP077'], 'legal-text'));
    assert.doesNotThrow(() => checkProfile(['@MP077'], 'dsp-assessment'));
  });
});
