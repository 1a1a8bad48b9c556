// Cucumber configuration for the conformance suite. Profiles:
//   default   the in-process reference SMI, a fresh one per scenario
//   ref-http  the reference SMI behind a local HTTP server
//   external  the DUIS endpoint in $SEC_CONFORMANCE_TARGET_URL
// Settings come from SEC_CONFORMANCE_BASELINE, SEC_CONFORMANCE_REFERENCE_BASELINE,
// SEC_CONFORMANCE_REPORTS, SEC_CONFORMANCE_KNOWN_DEVIATIONS and SEC_CONFORMANCE_SCHEMA_DIR.
// The baseline picks one side of every modification (@MP178 or @before:MP178); a --tags given
// on the command line is ANDed with it.
//
// `sec-conformance run` is the usual way in (its exit status counts EXPECTED FAIL as passed);
// this file serves cucumber-js run directly: node --import tsx node_modules/@cucumber/cucumber/bin/cucumber.js
// works, and so does plain `npx cucumber-js`, because TypeScript loading is switched on below
// when the process does not have it yet.

async function ensureTypeScript() {
  try {
    await import('./src/runner/ts-probe.ts');
  } catch {
    // not under tsx (`node --import tsx`, or our bin): register it for this process
    const { register } = await import('tsx/esm/api');
    register();
  }
}

await ensureTypeScript();
// a fresh URL, as the probe's failed import above stays cached
const { profilesFromEnv } = await import(new URL('./src/runner/profiles.ts', import.meta.url).href);

export default async function profiles() {
  return profilesFromEnv(process.env);
}
