// What the DCC answered: synchronous response codes, pre-commands, and the asynchronous outcome.
import assert from 'node:assert/strict';
import { Then } from '@cucumber/cucumber';
import { current, finalCode, isSuccessfulOutcome, outcome } from './flows.ts';
import type { ConformanceWorld } from './support/world.ts';

Then('the DCC accepts the request', function (this: ConformanceWorld) {
  const code = finalCode(this);
  assert.ok(code === 'I0' || code === 'I99', `expected I0 or I99, got ${code}`);
});

Then('the DCC acknowledges the request', function (this: ConformanceWorld) {
  assert.equal(finalCode(this), 'I99');
});

Then('the DCC returns a pre-command for the User to sign', function (this: ConformanceWorld) {
  const t = current(this).transform;
  assert.ok(t, `no pre-command: the request was answered ${finalCode(this)} at its first step`);
  assert.equal(t.response.header.responseCode, 'I0');
});

Then(/^the (?:device|DCC) reports the (?:join|unjoin|command|credentials update|device log update) as done$/, async function (this: ConformanceWorld) {
  const r = await outcome(this);
  assert.ok(isSuccessfulOutcome(r), `the outcome of ${current(this).request.requestId} was ${r.header.responseCode}`);
});

// for refusals whose code DUIS does not pin down (the reference's is an [I] assumption)
Then('the DCC refuses the request', function (this: ConformanceWorld) {
  const code = finalCode(this);
  assert.ok(code !== 'I0' && code !== 'I99' && !code.startsWith('W'), `the request was accepted (${code})`);
});

Then('the request is rejected with response code {word}', function (this: ConformanceWorld, code: string) {
  assert.equal(finalCode(this), code);
});

Then('the response code is not {word}', function (this: ConformanceWorld, code: string) {
  const c = current(this);
  for (const e of [c.transform, c.final]) {
    if (e) assert.notEqual(e.response.header.responseCode, code, `${c.request.srv} was answered ${code}`);
  }
});

Then("the request is refused for the User's role", function (this: ConformanceWorld) {
  assert.equal(finalCode(this), this.codes.roleNotEligible);
});

Then('the request is refused because the User is not responsible for the device', function (this: ConformanceWorld) {
  assert.equal(finalCode(this), this.codes.notEntitledToDevice);
});
