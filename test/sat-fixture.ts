// Shared by the Service Audit Trail and SSI tests: a Change of Supplier of the fixture's ESME.
import * as rq from '../src/duis/requests/index.ts';
import { ESME, MPAN, type Scenario } from './reference-fixture.ts';

/** 6.23 from the gaining Supplier for the ESME at the fixture's MPAN (the reference does not check certificates). */
export function changeOfSupplier(s: Scenario, user: string): rq.DuisRequest {
  return rq.updateSecurityCredentialsCos(s.ctx(user), {
    target: ESME,
    supplierFloorSeqNumber: 1,
    replacement: { digitalSigning: Buffer.from('gaining supplier certificate') },
    certificationPath: [Buffer.from('a root')],
    applyTimeBasedCpvChecks: false,
    importMPxN: MPAN,
  });
}
