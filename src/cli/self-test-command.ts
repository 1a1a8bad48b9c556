// `sec-conformance self-test`: can the suite tell right from wrong? Runs it against deliberately
// faulty references and prints, per variant, whether it failed and named the right requirement.
import type { Command } from 'commander';
import { killed, runSelfTest } from '../selftest/run.ts';
import { FAULTY_VARIANTS } from '../selftest/variants.ts';
import { CliError, EXIT_USAGE } from './cli-error.ts';

export function registerSelfTest(program: Command): void {
  program
    .command('self-test')
    .description('run the suite against deliberately faulty reference variants and print the mutation score')
    .option('--variant <id...>', 'only these variants')
    .option('--reports <dir>', 'keep each variant\'s reports under this folder (default: a temporary folder)')
    .action(async (o: { variant?: string[]; reports?: string }) => {
      const unknown = (o.variant ?? []).filter((id) => !FAULTY_VARIANTS.some((v) => v.id === id));
      if (unknown.length) throw new CliError(`unknown variant ${unknown.join(', ')}; known: ${FAULTY_VARIANTS.map((v) => v.id).join(', ')}`, EXIT_USAGE);
      const chosen = o.variant ? FAULTY_VARIANTS.filter((v) => o.variant!.includes(v.id)) : FAULTY_VARIANTS;
      const results = await runSelfTest(chosen, o.reports);
      for (const r of results) {
        const verdict = killed(r) ? 'CAUGHT ' : 'MISSED ';
        console.log(`${verdict} ${r.variant.id}: ${r.variant.fault}`);
        console.log(`         expected a FAIL of ${r.variant.requirements.join(' or ')}; suite failed ${r.failedRequirements.join(', ') || 'nothing'}${r.errors ? `; ${r.errors} scenario(s) in ERROR` : ''}${r.problem ? `; ${r.problem}` : ''}`);
      }
      const caught = results.filter(killed).length;
      console.log(`mutation score: ${caught}/${results.length} (${results.length ? Math.round((100 * caught) / results.length) : 0}%)`);
      console.log(`${caught} passed, ${results.length - caught} failed`);
      process.exitCode = caught === results.length ? 0 : 1;
    });
}
