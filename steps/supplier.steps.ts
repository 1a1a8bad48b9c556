// Change of Supplier: the gaining Supplier replaces the supplier credentials on the meter (6.23).
import { Given, When } from '@cucumber/cucumber';
import { updateSecurityCredentialsCos, type DuisRequest } from '../src/duis/requests/index.ts';
import { dccBoxedCertificate } from '../src/sign/dcc-boxed-keys.ts';
import { arrange, attempt, converse } from './flows.ts';
import type { ConformanceWorld } from './support/world.ts';

async function changeOfSupplier(world: ConformanceWorld, user: string, meter: string): Promise<DuisRequest> {
  // [I] any well-formed certificate stands for the gaining Supplier's: the reference checks
  // who sends 6.23, not the certificate chain (SMKI is out of scope here)
  const cert = await dccBoxedCertificate('Z1-supplier2-ds.pem');
  return updateSecurityCredentialsCos(world.ctx(user), {
    target: world.alias(meter),
    supplierFloorSeqNumber: 1,
    replacement: { digitalSigning: cert },
    certificationPath: [cert],
    applyTimeBasedCpvChecks: false,
    importMPxN: world.alias(`${meter} MPxN`),
  });
}

Given('{user} has replaced the supplier credentials on the {device}', async function (this: ConformanceWorld, user: string, meter: string) {
  await arrange(this, user, await changeOfSupplier(this, user, meter));
});

Given('{user} has tried to replace the supplier credentials on the {device}', async function (this: ConformanceWorld, user: string, meter: string) {
  await attempt(this, user, await changeOfSupplier(this, user, meter));
});

When('{user} replaces the supplier credentials on the {device}', async function (this: ConformanceWorld, user: string, meter: string) {
  await converse(this, user, await changeOfSupplier(this, user, meter));
});
