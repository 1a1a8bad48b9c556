// MP081 in the reference: 12.1 answered from coverage data (the unconfirmed WAN Variant " "
// included), 8.14.2 as DUIS now describes it, local delivery (CV 2, CV 6) with responses taken
// back through 8.13 for the listed Service Requests, and 6.24.2 repairing the Inventory and the
// SMKI Repository. MP081 changed no DCC processing, so all of it holds with and without MP081 in
// the baseline; a rules override stands for a DSP that followed the text before MP081.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Baseline } from '../src/baseline.ts';
import * as rq from '../src/duis/requests/index.ts';
import { certificateFingerprint } from '../src/certificate-fingerprint.ts';
import { dccBoxedCertificate } from '../src/sign/dcc-boxed-keys.ts';
import { DEFAULT_WAN_COVERAGE_FILE, loadWanCoverageFile, WanCoverageError, type WanCoverageEntry } from '../src/wan-coverage.ts';
import { createReferenceSmi } from '../reference-impl/index.ts';
import type { FirmwareImageFixture } from '../src/targets/target.ts';
import { LOCAL_COMMAND_RESPONSE_SRVS } from '../reference-impl/modifications/mp081.ts';
import { tempDir } from './helpers.ts';
import {
  ESME,
  GSME,
  IHD,
  MPAN,
  MPRN,
  addToHanLog,
  installCh,
  prenotify,
  SUPPLIER_A,
  SUPPLIER_B,
  Scenario,
  T0,
  deviceSaid,
  installEsmeAndIhd,
  signing,
  validator,
  type Exchange,
  withScenario,
  expectRefused,
} from './reference-fixture.ts';

const SIDES = ['all', 'all,-MP081'] as const;



function wanMatrixOf(r: Exchange) {
  const body = r.response.body;
  assert.ok(body.type === 'ResponseMessage' && body.content.kind === 'DSPWANMatrix', `12.1 answered ${r.code} without a DSPWANMatrix`);
  return body.content.wanMatrix;
}

// --- 12.1 ------------------------------------------------------------------------------------------

describe('reference: 12.1 Request WAN Matrix from coverage data', () => {
  const coverage = loadWanCoverageFile(DEFAULT_WAN_COVERAGE_FILE);

  for (const side of SIDES) {
    it(`answers every property of the default data as the data says, by UPRN (baseline ${side})`, async () => {
      await withScenario(side, async (s) => {
        for (const e of coverage.filter((x) => x.uprn !== undefined)) {
          const r = await s.send(rq.requestWanMatrix(s.ctx(SUPPLIER_A), { uprn: e.uprn! }));
          assert.equal(r.code, 'I0');
          const w = wanMatrixOf(r);
          assert.deepEqual(
            [w.request, w.cspRegion, w.coverageAvailability, w.anticipatedCoverageDate, w.wanTechnology, w.connectivityLikelihood],
            [{ uprn: e.uprn }, e.cspRegion, e.coverageAvailability, e.anticipatedCoverageDate, e.wanVariant, e.connectivityLikelihood],
          );
        }
      });
    });
  }

  it('writes the unconfirmed WAN Variant as a single space, with the anticipated coverage date', async () => {
    await withScenario('all', async (s) => {
      const unconfirmed = coverage.find((e) => e.wanVariant === ' ')!;
      const r = await s.send(rq.requestWanMatrix(s.ctx(SUPPLIER_A), { uprn: unconfirmed.uprn! }));
      assert.match(r.xml, /<sr:WANTechnology> <\/sr:WANTechnology>/);
      assert.equal(wanMatrixOf(r).anticipatedCoverageDate, unconfirmed.anticipatedCoverageDate);
      assert.ok(['South', 'Central'].includes(wanMatrixOf(r).cspRegion));
    });
  });

  it('finds a property by post code and address whatever the post code spacing and case, and answers every eligible role', async () => {
    await withScenario('all', async (s) => {
      const byAddress = coverage.find((e) => e.postCode !== undefined)!;
      const postCode = byAddress.postCode!.replace(/\s+/g, '').toLowerCase();
      for (const user of [SUPPLIER_A, 'Network Operator']) {
        const r = await s.send(rq.requestWanMatrix(s.ctx(user), { partialAddress: { postCode, addressIdentifier: byAddress.addressIdentifier! } }));
        assert.equal(r.code, 'I0', user);
        assert.deepEqual(wanMatrixOf(r).request, { partialAddress: { postCode, addressIdentifier: byAddress.addressIdentifier! } }, 'the request is echoed as sent');
        assert.equal(wanMatrixOf(r).wanTechnology, byAddress.wanVariant);
      }
    });
  });

  it('refuses a property the data does not hold, changing nothing', async () => {
    await withScenario('all', async (s) => {
      await expectRefused(s, rq.requestWanMatrix(s.ctx(SUPPLIER_A), { uprn: '123' }), s.reference.assumptions.codes.wanMatrixNoMatch);
      await expectRefused(
        s,
        rq.requestWanMatrix(s.ctx(SUPPLIER_A), { partialAddress: { postCode: 'ZZ9 9ZZ', addressIdentifier: '1' } }),
        s.reference.assumptions.codes.wanMatrixNoMatch,
      );
    });
  });

  it('answers from coverage data given as entries or as a file instead of its own', async () => {
    const mine: WanCoverageEntry[] = [{ uprn: '42', cspRegion: 'North', coverageAvailability: true, wanVariant: 'Standard 420', connectivityLikelihood: 'Low' }];
    await withScenario(
      'all',
      async (s) => {
        assert.equal(wanMatrixOf(await s.send(rq.requestWanMatrix(s.ctx(SUPPLIER_A), { uprn: 42 }))).wanTechnology, 'Standard 420');
        assert.deepEqual(await s.target.control.wanCoverage!(), mine);
        await expectRefused(s, rq.requestWanMatrix(s.ctx(SUPPLIER_A), { uprn: coverage[0]!.uprn! }), s.reference.assumptions.codes.wanMatrixNoMatch);
      },
      { wanCoverage: mine },
    );
    const file = join(tempDir(), 'coverage.yaml');
    writeFileSync(file, 'properties:\n  - uprn: 7\n    cspRegion: South\n    coverageAvailability: false\n    anticipatedCoverageDate: "2027-01-31"\n    wanVariant: " "\n    connectivityLikelihood: Medium\n');
    await withScenario(
      'all',
      async (s) => {
        const w = wanMatrixOf(await s.send(rq.requestWanMatrix(s.ctx(SUPPLIER_A), { uprn: 7 })));
        assert.deepEqual([w.wanTechnology, w.anticipatedCoverageDate, w.coverageAvailability], [' ', '2027-01-31', false]);
      },
      { wanCoverage: file },
    );
  });

  it('refuses coverage data that disagrees with CHISM table 3, naming the property', () => {
    const make = (e: Record<string, unknown>) => () =>
      createReferenceSmi({ baseline: Baseline.all(), validator, signing, wanCoverage: [e as unknown as WanCoverageEntry] });
    const base = { uprn: '1', cspRegion: 'North', coverageAvailability: true, wanVariant: '420', connectivityLikelihood: 'High' };
    assert.throws(make({ ...base, cspRegion: 'South' }), (e: Error) => e instanceof WanCoverageError && /belongs to CSP North, not South/.test(e.message));
    assert.throws(make({ ...base, wanVariant: '5G' }), /not in CHISM Annex E table 3/);
    assert.throws(make({ ...base, cspRegion: 'South', wanVariant: ' ', coverageAvailability: false }), /comes with an anticipated coverage date/);
    assert.throws(make({ ...base, wanVariant: 'No Coverage Intended' }), /cannot have coverage available/);
    assert.throws(make({ ...base, uprn: undefined }), /property 1: needs a "uprn"/);
  });
});

// --- 8.14.2 -------------------------------------------------------------------------------------

function installNoWan(s: Scenario, user: string, chfId: string, installDateTime: Date | undefined = T0): rq.DuisRequest {
  return rq.chfInstallNoSmWan(s.ctx(user), {
    chfId,
    mpxn: MPAN,
    aerialInstall: false,
    location: 'Deep indoors',
    ...(installDateTime ? { installDateTime } : {}),
    premiseType: 'Terraced',
    metalObstructionCheck: false,
    connectivityObstructionCheck: true,
    sharedObstructionCheck: false,
  });
}

describe('reference: 8.14.2 Communications Hub Status Update - Install No SM WAN', () => {
  for (const side of SIDES) {
    it(`answers W081401 for a Pending CH and makes its CHF and GPF InstalledNotCommissioned (baseline ${side})`, async () => {
      await withScenario(side, async (s) => {
        const ch = await s.reference.control.provisionCommsHub();
        const r = await s.send(installNoWan(s, SUPPLIER_A, ch.chf));
        assert.equal(r.code, 'W081401');
        assert.equal(await s.statusOf(ch.chf), 'InstalledNotCommissioned');
        assert.equal(await s.statusOf(ch.gpf), 'InstalledNotCommissioned');
        assert.equal(s.reference.inspect.device(ch.chf)?.responsibleSupplier, s.ctx(SUPPLIER_A).originator);
      });
    });
  }

  it('leaves a GPF that is no longer Pending as it is', async () => {
    await withScenario('all', async (s) => {
      const ch = await s.reference.control.provisionCommsHub({ gpfStatus: 'Commissioned' });
      assert.equal((await s.send(installNoWan(s, SUPPLIER_A, ch.chf))).code, 'W081401');
      assert.deepEqual([await s.statusOf(ch.chf), await s.statusOf(ch.gpf)], ['InstalledNotCommissioned', 'Commissioned']);
    });
  });

  it('accepts a CHF already InstalledNotCommissioned without a warning, changing no status', async () => {
    await withScenario('all', async (s) => {
      const ch = await s.reference.control.provisionCommsHub({ status: 'InstalledNotCommissioned' });
      assert.equal((await s.send(installNoWan(s, SUPPLIER_A, ch.chf))).code, 'I99');
      assert.deepEqual([await s.statusOf(ch.chf), await s.statusOf(ch.gpf)], ['InstalledNotCommissioned', 'InstalledNotCommissioned']);
    });
  });

  for (const status of ['Commissioned', 'Withdrawn', 'Decommissioned'] as const) {
    it(`warns W081401 (never E5) for a ${status} CHF and leaves it ${status}`, async () => {
      await withScenario('all', async (s) => {
        const ch = await s.reference.control.provisionCommsHub({ status });
        assert.equal((await s.send(installNoWan(s, SUPPLIER_A, ch.chf))).code, 'W081401');
        assert.equal(await s.statusOf(ch.chf), status);
      });
    });
  }

  it('refuses a device that is not a CHF with E081401 and an install date-time after now with E081402, changing nothing', async () => {
    await withScenario('all', async (s) => {
      const ch = await s.reference.control.provisionCommsHub();
      await expectRefused(s, installNoWan(s, SUPPLIER_A, ch.gpf), 'E081401');
      await expectRefused(s, installNoWan(s, SUPPLIER_A, ch.chf, new Date(T0.getTime() + 1000)), 'E081402');
      // exactly now, or with no date at all, is fine
      assert.equal((await s.send(installNoWan(s, SUPPLIER_A, ch.chf, T0))).code, 'W081401');
      const other = await s.reference.control.provisionCommsHub();
      assert.equal((await s.send(installNoWan(s, SUPPLIER_A, other.chf, undefined))).code, 'W081401');
    });
  });

  it('judges "the future" by the injected clock', async () => {
    await withScenario('all', async (s) => {
      const ch = await s.reference.control.provisionCommsHub();
      const tomorrow = new Date(T0.getTime() + 86_400_000);
      await expectRefused(s, installNoWan(s, SUPPLIER_A, ch.chf, tomorrow), 'E081402');
      await s.target.control.setClock!(new Date(tomorrow.getTime() + 1));
      assert.equal((await s.send(installNoWan(s, SUPPLIER_A, ch.chf, tomorrow))).code, 'W081401');
    });
  });

  it('refuses a CH another Supplier is responsible for, and an unknown device', async () => {
    await withScenario('all', async (s) => {
      const ch = await s.reference.control.provisionCommsHub();
      assert.equal((await s.send(installNoWan(s, SUPPLIER_A, ch.chf))).code, 'W081401');
      await expectRefused(s, installNoWan(s, SUPPLIER_B, ch.chf), s.reference.assumptions.codes.notResponsibleSupplier);
      await expectRefused(s, installNoWan(s, SUPPLIER_A, '00-DB-5E-00-00-00-0F-FF'), s.reference.assumptions.codes.unknownDevice);
    });
  });

  it('is a rules override away from a DSP that applies the general status check (the self-test)', async () => {
    await withScenario(
      'all',
      async (s) => {
        const ch = await s.reference.control.provisionCommsHub({ status: 'Withdrawn' });
        await expectRefused(s, installNoWan(s, SUPPLIER_A, ch.chf), s.reference.assumptions.codes.deviceStatus);
      },
      { rules: { chInstallNoWanStatusCheck: true } },
    );
  });
});

// --- local delivery and 8.13 ---------------------------------------------------------------------

function localCommandOf(r: Exchange): string {
  const body = r.response.body;
  assert.ok(body.type === 'ResponseMessage' && body.content.kind === 'LocalCommand', `answered ${r.code} without a LocalCommand`);
  return body.content.gbcsPayload;
}

/** CV 2 for a non-critical request, or CV 4 then CV 6 for a critical one: the LocalCommand. */
async function requestLocal(
  s: Scenario,
  user: string,
  build: (o: rq.RequestOptions) => rq.DuisRequest | Promise<rq.DuisRequest>,
): Promise<{ req: rq.DuisRequest; payload: string }> {
  const probe = await build({});
  if (probe.commandVariant !== 4) {
    const req = await build({ commandVariant: 2 });
    const r = await s.send(req);
    assert.equal(r.code, 'I0', s.log.at(-1));
    return { req, payload: localCommandOf(r) };
  }
  const { transform, final } = await s.sendCritical(user, probe, 6);
  assert.equal(transform.code, 'I0', s.log.at(-1));
  assert.equal(final.code, 'I0', s.log.at(-1));
  assert.equal(final.response.header.requestId, probe.requestId, 'CV 6 reuses the RequestID');
  return { req: probe, payload: localCommandOf(final) };
}

const returnResponse = (s: Scenario, user: string, originalRequestId: string | undefined, deviceGbcsResponse: string) =>
  rq.returnLocalCommandResponse(s.ctx(user), { ...(originalRequestId ? { originalRequestId } : {}), deviceGbcsResponse });

const joinIhd = (s: Scenario, critical = false) => (o: rq.RequestOptions) =>
  (critical ? rq.joinServiceCritical : rq.joinServiceNonCritical)(s.ctx(SUPPLIER_A), { target: ESME, otherDeviceId: IHD }, o);

async function krp(s: Scenario, o: rq.RequestOptions = {}) {
  const cert = await dccBoxedCertificate('Z1b-supplier-ds.pem');
  return rq.updateSecurityCredentialsKrp(s.ctx(SUPPLIER_A), { target: ESME, remotePartyRole: 'Supplier', replacement: { digitalSigning: cert }, certificationPath: [cert], applyTimeBasedCpvChecks: false }, o);
}

async function handover(s: Scenario, o: rq.RequestOptions = {}) {
  const cert = await dccBoxedCertificate('Z1-supplier-ds.pem');
  return rq.requestHandoverOfDccControlledDevice(s.ctx(SUPPLIER_A), { target: ESME, remotePartyRole: 'Supplier', replacement: { digitalSigning: cert }, certificationPath: [cert], applyTimeBasedCpvChecks: false }, o);
}

describe('reference: local delivery (CV 2, CV 6) and 8.13 Return Local Command Response', () => {
  for (const side of SIDES) {
    it(`returns a non-critical join for local delivery; the SMI records it only once the ESME's response comes back with 8.13 (baseline ${side})`, async () => {
      await withScenario(side, async (s) => {
        await installEsmeAndIhd(s);
        const { req, payload } = await requestLocal(s, SUPPLIER_A, joinIhd(s));
        await s.reference.whenIdle();
        assert.deepEqual(s.target.pending(), [], 'nothing goes over the WAN');
        assert.ok(!(await s.target.control.deviceLog!(ESME)).includes(IHD), 'not delivered yet');

        const response = await s.target.control.deliverLocalCommand!(ESME, payload);
        assert.ok(response);
        assert.ok((await s.target.control.deviceLog!(ESME)).includes(IHD), 'the ESME carried it out');
        assert.deepEqual(await s.target.control.smiJoins!(ESME), [], 'DCC has not heard of it');

        assert.equal((await s.send(returnResponse(s, SUPPLIER_A, req.requestId, response))).code, 'I99');
        assert.deepEqual(await s.target.control.smiJoins!(ESME), [IHD]);
        await expectRefused(s, returnResponse(s, SUPPLIER_A, req.requestId, response), s.reference.assumptions.codes.localResponseAlreadyReturned);
      });
    });
  }

  it('returns a critical join (CV 4, then CV 6) for local delivery and takes its response back', async () => {
    await withScenario('all', async (s) => {
      await installEsmeAndIhd(s);
      const { req, payload } = await requestLocal(s, SUPPLIER_A, joinIhd(s, true));
      const response = (await s.target.control.deliverLocalCommand!(ESME, payload))!;
      assert.equal((await s.send(returnResponse(s, SUPPLIER_A, req.requestId, response))).code, 'I99');
      assert.deepEqual(await s.target.control.smiJoins!(ESME), [IHD]);
    });
  });

  it('updates the Organisation Certificates DCC tracks from a locally delivered 6.15.1 and 6.21, and not before their responses come back', async () => {
    await withScenario('all', async (s) => {
      await installEsmeAndIhd(s);
      for (const [build, pem] of [[krp, 'Z1b-supplier-ds.pem'], [handover, 'Z1-supplier-ds.pem']] as const) {
        const { req, payload } = await requestLocal(s, SUPPLIER_A, (o) => build(s, o));
        const sent = certificateFingerprint(await dccBoxedCertificate(pem));
        const response = (await s.target.control.deliverLocalCommand!(ESME, payload))!;
        assert.ok(!(await s.target.control.trackedOrgCertificates!(ESME)).some((c) => c.fingerprint === sent), `${req.srv}: tracked before the response came back`);
        assert.equal((await s.send(returnResponse(s, SUPPLIER_A, req.requestId, response))).code, 'I99');
        const tracked = await s.target.control.trackedOrgCertificates!(ESME);
        assert.equal(tracked.find((c) => c.usage === 'DigitalSigning' && c.role === 'Supplier')?.fingerprint, sent, `${req.srv}: DCC tracks the certificate placed locally`);
      }
    });
  });

  it('tracks the certificates of a 6.15.1 sent over the WAN too', async () => {
    await withScenario('all', async (s) => {
      await installEsmeAndIhd(s);
      await s.arrange(SUPPLIER_A, await krp(s));
      const tracked = await s.target.control.trackedOrgCertificates!(ESME);
      assert.deepEqual(tracked.map((c) => [c.role, c.usage, c.fingerprint]), [['Supplier', 'DigitalSigning', certificateFingerprint(await dccBoxedCertificate('Z1b-supplier-ds.pem'))]]);
    });
  });

  it('takes back an 8.11 response: the device is on the CH device log in the SMI', async () => {
    await withScenario('all', async (s) => {
      const ch = await s.reference.control.provisionCommsHub();
      await s.arrange(SUPPLIER_A, rq.chfInstallSuccess(s.ctx(SUPPLIER_A), { chfId: ch.chf, mpxn: MPAN, aerialInstall: false, location: 'Outside Premises', installDateTime: T0 }));
      await s.arrange(SUPPLIER_A, rq.devicePrenotification(s.ctx(SUPPLIER_A), { deviceId: IHD, deviceType: 'IHD', manufacturer: 'AB01', model: '01' }));
      const { req, payload } = await requestLocal(s, SUPPLIER_A, (o) =>
        rq.updateHanDeviceLog(s.ctx(SUPPLIER_A), { target: ch.chf, deviceId: IHD, action: 'Add', whitelist: { joinTimePeriod: 600, installCode: '0123456789ABCDEF0123456789ABCDEF' } }, o),
      );
      assert.equal(await s.statusOf(IHD), 'Pending');
      const response = (await s.target.control.deliverLocalCommand!(ch.chf, payload))!;
      assert.equal((await s.send(returnResponse(s, SUPPLIER_A, req.requestId, response))).code, 'I99');
      assert.equal(await s.statusOf(IHD), 'InstalledNotCommissioned');
      assert.deepEqual(s.reference.inspect.hanLog(ch.chf), [IHD]);
    });
  });

  it('refuses responses it cannot take back, each with its code, changing nothing', async () => {
    await withScenario('all', async (s) => {
      await installEsmeAndIhd(s);
      const codes = s.reference.assumptions.codes;
      // 6.24.2 may be delivered locally, but its response is not on the 8.13 list
      const { req: retrieve, payload: retrievePayload } = await requestLocal(s, SUPPLIER_A, (o) =>
        rq.retrieveDeviceSecurityCredentialsDevice(s.ctx(SUPPLIER_A), { target: ESME, credentialType: 'Digital Signature' }, o),
      );
      const retrieved = (await s.target.control.deliverLocalCommand!(ESME, retrievePayload))!;
      await expectRefused(s, returnResponse(s, SUPPLIER_A, retrieve.requestId, retrieved), codes.localResponseSrvNotListed);

      // a join sent over the WAN was never returned for local delivery
      const wan = joinIhd(s)({});
      await s.arrange(SUPPLIER_A, wan);
      await expectRefused(s, returnResponse(s, SUPPLIER_A, wan.requestId, retrieved), codes.localResponseUnknownRequest);
      await expectRefused(s, returnResponse(s, SUPPLIER_A, undefined, retrieved), codes.localResponseWithoutRequest);

      const { req, payload } = await requestLocal(s, SUPPLIER_A, joinIhd(s));
      const response = (await s.target.control.deliverLocalCommand!(ESME, payload))!;
      await expectRefused(s, returnResponse(s, SUPPLIER_B, req.requestId, response), codes.localResponseOtherUser);
      // another request's response, and bytes that are no device response at all
      await expectRefused(s, returnResponse(s, SUPPLIER_A, req.requestId, retrieved), codes.localResponseMismatch);
      await expectRefused(s, returnResponse(s, SUPPLIER_A, req.requestId, Buffer.from('not GBCS').toString('base64')), codes.localResponseMismatch);
      // and the right one still goes through
      assert.equal((await s.send(returnResponse(s, SUPPLIER_A, req.requestId, response))).code, 'I99');
    });
  });

  it('takes back a response the device refused, and records nothing', async () => {
    await withScenario('all', async (s) => {
      await installEsmeAndIhd(s);
      const { req, payload } = await requestLocal(s, SUPPLIER_A, joinIhd(s));
      await s.target.control.injectFault!(ESME, 'device-rejects');
      const response = (await s.target.control.deliverLocalCommand!(ESME, payload))!;
      assert.equal(decodeOutcome(response), 'rejected');
      assert.equal((await s.send(returnResponse(s, SUPPLIER_A, req.requestId, response))).code, 'I99');
      assert.deepEqual(await s.target.control.smiJoins!(ESME), []);
    });
  });

  it('sends a CV 3 join over the WAN and returns it for local delivery; the WAN response and the returned one both leave one join', async () => {
    await withScenario('all', async (s) => {
      await installEsmeAndIhd(s);
      const req = joinIhd(s)({ commandVariant: 3 });
      const r = await s.send(req);
      assert.equal(r.code, s.reference.assumptions.codes.wanAndLocalAccepted, s.log.at(-1));
      const payload = localCommandOf(r);
      assert.equal((await s.outcome(req.requestId)).header.responseCode, 'I0', 'the WAN answer follows');
      assert.deepEqual(await s.target.control.smiJoins!(ESME), [IHD], 'recorded from the WAN answer');
      const response = (await s.target.control.deliverLocalCommand!(ESME, payload))!;
      assert.equal((await s.send(returnResponse(s, SUPPLIER_A, req.requestId, response))).code, 'I99');
      assert.deepEqual(await s.target.control.smiJoins!(ESME), [IHD]);
    });
  });

  it('takes back the locally delivered response of a CV 7 critical join whose WAN response was lost', async () => {
    await withScenario('all', async (s) => {
      await installEsmeAndIhd(s);
      const req = joinIhd(s, true)({});
      await s.target.control.injectFault!(ESME, 'response-lost');
      const { final } = await s.sendCritical(SUPPLIER_A, req, 7);
      assert.equal(final.code, s.reference.assumptions.codes.wanAndLocalAccepted, s.log.at(-1));
      assert.equal((await s.outcome(req.requestId)).header.responseCode, s.reference.assumptions.codes.noDeviceResponse);
      assert.deepEqual(await s.target.control.smiJoins!(ESME), [], 'the WAN answer never came');
      const response = (await s.target.control.deliverLocalCommand!(ESME, localCommandOf(final)))!;
      assert.equal((await s.send(returnResponse(s, SUPPLIER_A, req.requestId, response))).code, 'I99');
      assert.deepEqual(await s.target.control.smiJoins!(ESME), [IHD]);
    });
  });

  it('is a rules override away from a DSP that follows the 8.13 list before MP081 (no 6.15.1, no 6.21)', async () => {
    const before = new Set(['3.2', '6.8', '6.15.2', '6.23', '8.7.1', '8.7.2', '8.8.1', '8.8.2', '8.11', '8.12.1', '8.12.2', '11.3']);
    await withScenario(
      'all',
      async (s) => {
        await installEsmeAndIhd(s);
        const { req, payload } = await requestLocal(s, SUPPLIER_A, (o) => handover(s, o));
        const response = (await s.target.control.deliverLocalCommand!(ESME, payload))!;
        await expectRefused(s, returnResponse(s, SUPPLIER_A, req.requestId, response), s.reference.assumptions.codes.localResponseSrvNotListed);
      },
      { rules: { localCommandResponseSrvs: before } },
    );
  });
});

function decodeOutcome(base64: string): string | undefined {
  return Buffer.from(base64, 'base64').toString('utf8').match(/outcome=(\w+)/)?.[1];
}

// --- the rest of the 8.13 list ------------------------------------------------------------------------

/** A Service Request on the 8.13 list: how to ask for it, and the DCC-side state its response changes. */
interface ListedCase {
  srv: string;
  /** The device the command goes to. */
  to: (p: ListedPremises) => string;
  build: (s: Scenario, p: ListedPremises) => (o: rq.RequestOptions) => rq.DuisRequest | Promise<rq.DuisRequest>;
  /** What the DCC records that the response changes, as text. */
  observe: (s: Scenario, p: ListedPremises) => Promise<string>;
  /** What `observe` must say once the response reached the DCC. */
  expected: (s: Scenario, p: ListedPremises) => Promise<string>;
}

interface ListedPremises {
  chf: string;
  gpf: string;
  /** A second Communications Hub, installed, to restore the first one's logs on. */
  replacement: { chf: string; gpf: string };
  /** A firmware image on the Central Products List other than the one the ESME runs. */
  image: FirmwareImageFixture;
}

/** The ESME and IHD premises, plus a GSME on the CH and GPF device logs and a replacement hub. */
async function listedPremises(s: Scenario): Promise<ListedPremises> {
  const ch = await installEsmeAndIhd(s);
  await s.arrange(SUPPLIER_A, prenotify(s, SUPPLIER_A, GSME, 'GSME'));
  await s.arrange(SUPPLIER_A, addToHanLog(s, SUPPLIER_A, ch.chf, GSME, MPRN));
  await s.arrange(SUPPLIER_A, addToHanLog(s, SUPPLIER_A, ch.gpf, GSME, MPRN));
  const replacement = await s.reference.control.provisionCommsHub();
  await s.arrange(SUPPLIER_A, installCh(s, SUPPLIER_A, replacement.chf));
  return { ...ch, replacement, image: await s.target.control.firmwareImage!(ESME) };
}

const RESTRICTED_FROM = '2024-06-01T00:00:00Z';
const GAS_CALENDAR: rq.GasBillingCalendar = { fuel: 'gas', billingPeriodStart: '2024-07-01T00:00:00Z', periodicity: 'Monthly' };
const NEW_DEVICE_CERTIFICATE = 'Z1-supplier2-ds.pem'; // [I] any certificate for digital signature stands for the ESME's new one

const LISTED: ListedCase[] = [
  {
    srv: '3.2',
    to: () => ESME,
    build: (s) => (o) => rq.restrictAccessForChangeOfTenancy(s.ctx(SUPPLIER_A), { target: ESME, restrictionDateTime: RESTRICTED_FROM }, o),
    observe: async (s) => String((await s.target.control.dccDeviceRecords!(ESME))['access-restricted-from']),
    expected: async () => RESTRICTED_FROM,
  },
  {
    srv: '6.8',
    to: () => GSME,
    build: (s) => (o) => rq.updateDeviceConfigurationBillingCalendar(s.ctx(SUPPLIER_A), { target: GSME, calendar: GAS_CALENDAR }, o),
    // the DCC records the GSME's calendar and has its GPF take it too
    observe: async (s, p) => JSON.stringify([(await s.target.control.dccDeviceRecords!(GSME))['billing-calendar'], (await s.target.control.deviceSettings!(p.gpf))['billing-calendar']]),
    expected: async (s) => {
      const onGsme = (await s.target.control.deviceSettings!(GSME))['billing-calendar'];
      assert.match(String(onGsme), /Periodicity=Monthly/);
      return JSON.stringify([onGsme, onGsme]);
    },
  },
  {
    srv: '6.15.2',
    to: () => ESME,
    build: (s) => async (o) => rq.updateSecurityCredentialsDevice(s.ctx(SUPPLIER_A), { target: ESME, deviceCertificate: await dccBoxedCertificate(NEW_DEVICE_CERTIFICATE) }, o),
    observe: async (s) => {
      const c = await s.target.control.deviceCredentials!(ESME);
      return JSON.stringify([c.inventory['Digital Signature'], c.smkiRepository['Digital Signature']]);
    },
    expected: async () => {
      const serial = new X509Certificate(await dccBoxedCertificate(NEW_DEVICE_CERTIFICATE)).serialNumber.toUpperCase();
      return JSON.stringify([serial, serial]);
    },
  },
  {
    srv: '8.12.1',
    to: (p) => p.replacement.chf,
    build: (s, p) => (o) => rq.restoreHanDeviceLog(s.ctx(SUPPLIER_A), { target: p.replacement.chf, old: p.chf }, o),
    // the devices of the old CHF's log are on the new one's, and 8.2 finds them with it
    observe: async (s, p) => JSON.stringify([s.reference.inspect.hanLog(p.replacement.chf), s.reference.inspect.device(ESME)?.commsHub]),
    expected: async (_s, p) => JSON.stringify([[ESME, GSME, IHD].sort(), p.replacement.chf]),
  },
  {
    srv: '8.12.2',
    to: (p) => p.replacement.gpf,
    build: (s, p) => (o) => rq.restoreGpfDeviceLog(s.ctx(SUPPLIER_A), { target: p.replacement.gpf, old: p.gpf }, o),
    observe: async (s, p) => JSON.stringify(s.reference.inspect.hanLog(p.replacement.gpf)),
    expected: async () => JSON.stringify([GSME]),
  },
  {
    srv: '11.3',
    to: () => ESME,
    build: (s, p) => (o) => rq.activateFirmware(s.ctx(SUPPLIER_A), { target: ESME, firmwareHash: p.image.hash }, o),
    observe: async (s) => String((await s.inventory(SUPPLIER_A, ESME))?.deviceFirmwareVersion),
    expected: async (_s, p) => p.image.firmwareVersion,
  },
];

describe('reference: every Service Request on the 8.13 list is processed from its locally delivered response', () => {
  it('covers the whole list', () => {
    const covered = new Set(['6.15.1', '6.21', '6.23', '8.7.1', '8.7.2', '8.8.1', '8.8.2', '8.11', ...LISTED.map((c) => c.srv)]);
    assert.deepEqual([...LOCAL_COMMAND_RESPONSE_SRVS].filter((srv) => !covered.has(srv)), []);
  });

  for (const c of LISTED) {
    it(`${c.srv}: nothing changes in the DCC's records until the response comes back with 8.13, then what the WAN response would change does`, async () => {
      await withScenario('all', async (s) => {
        const p = await listedPremises(s);
        const before = await c.observe(s, p);
        const { req, payload } = await requestLocal(s, SUPPLIER_A, c.build(s, p));
        const response = await s.target.control.deliverLocalCommand!(c.to(p), payload);
        assert.ok(response, `${c.to(p)} did not answer`);
        assert.equal(await c.observe(s, p), before, 'changed before the response came back');
        assert.equal((await s.send(returnResponse(s, SUPPLIER_A, req.requestId, response))).code, 'I99', s.log.at(-1));
        const after = await c.observe(s, p);
        assert.notEqual(after, before);
        assert.equal(after, await c.expected(s, p));
      });
    });

    it(`${c.srv}: sent over the WAN, the device's response changes the same records`, async () => {
      await withScenario('all', async (s) => {
        const p = await listedPremises(s);
        await s.arrange(SUPPLIER_A, await c.build(s, p)({}));
        assert.equal(await c.observe(s, p), await c.expected(s, p));
      });
    });
  }

  it('refuses what those Service Requests cannot do, changing nothing', async () => {
    await withScenario('all', async (s) => {
      const p = await listedPremises(s);
      const codes = s.reference.assumptions.codes;
      const a = s.ctx(SUPPLIER_A);
      await expectRefused(s, rq.restrictAccessForChangeOfTenancy(a, { target: IHD, restrictionDateTime: RESTRICTED_FROM }), codes.deviceType);
      await expectRefused(s, rq.restoreHanDeviceLog(a, { target: p.replacement.chf, old: ESME }), codes.deviceType);
      await expectRefused(s, rq.restoreHanDeviceLog(a, { target: p.replacement.chf, old: '00-DB-5E-00-00-00-0F-FF' }), codes.unknownDevice);
      await expectRefused(s, rq.restoreHanDeviceLog(a, { target: p.replacement.chf, old: p.replacement.chf }), codes.deviceType);
      await expectRefused(s, rq.restoreGpfDeviceLog(a, { target: p.replacement.chf, old: p.gpf }), codes.deviceType);
      // critical ones are refused at the CV 4 already
      await expectRefused(s, rq.updateDeviceConfigurationBillingCalendar(a, { target: ESME, calendar: GAS_CALENDAR }), codes.deviceType);
      await expectRefused(s, rq.updateSecurityCredentialsDevice(a, { target: ESME, deviceCertificate: Buffer.from('not a certificate') }), codes.deviceCertificateUnusable);
      await expectRefused(s, rq.activateFirmware(s.ctx(SUPPLIER_B), { target: ESME, firmwareHash: '00'.repeat(32) }), codes.notResponsibleSupplier);
    });
  });

  it('an image the Central Products List does not hold leaves the firmware version as it was', async () => {
    await withScenario('all', async (s) => {
      await listedPremises(s);
      const before = (await s.inventory(SUPPLIER_A, ESME))?.deviceFirmwareVersion;
      await s.arrange(SUPPLIER_A, rq.activateFirmware(s.ctx(SUPPLIER_A), { target: ESME, firmwareHash: 'AB'.repeat(32) }));
      assert.equal((await s.inventory(SUPPLIER_A, ESME))?.deviceFirmwareVersion, before);
    });
  });

  it('sends a GSME\'s new billing calendar on to its GPF only while lifecycle.gasBillingCalendarToGpf is on', async () => {
    await withScenario(
      'all',
      async (s) => {
        const p = await listedPremises(s);
        await s.arrange(SUPPLIER_A, rq.updateDeviceConfigurationBillingCalendar(s.ctx(SUPPLIER_A), { target: GSME, calendar: GAS_CALENDAR }));
        assert.ok((await s.target.control.dccDeviceRecords!(GSME))['billing-calendar']);
        assert.equal((await s.target.control.deviceSettings!(p.gpf))['billing-calendar'], undefined);
      },
      { assumptions: { lifecycle: { gasBillingCalendarToGpf: false } } },
    );
  });
});

// --- 6.24.2 ---------------------------------------------------------------------------------------

const retrieveDs = (s: Scenario) => rq.retrieveDeviceSecurityCredentialsDevice(s.ctx(SUPPLIER_A), { target: ESME, credentialType: 'Digital Signature' });

describe('reference: 6.24.2 Retrieve Device Security Credentials updates Inventory and SMKI Repository', () => {
  for (const side of SIDES) {
    it(`brings Inventory and SMKI Repository in line with a certificate the ESME renewed unseen (baseline ${side})`, async () => {
      await withScenario(side, async (s) => {
        await installEsmeAndIhd(s);
        const before = await s.target.control.deviceCredentials!(ESME);
        assert.deepEqual(before.inventory, before.device, 'as manufactured, all three agree');
        await s.target.control.renewDeviceCertificate!(ESME, 'Digital Signature');
        const renewed = await s.target.control.deviceCredentials!(ESME);
        assert.notEqual(renewed.device['Digital Signature'], before.device['Digital Signature']);
        assert.equal(renewed.inventory['Digital Signature'], before.inventory['Digital Signature'], 'DCC has not heard of it');

        const out = await s.arrange(SUPPLIER_A, retrieveDs(s));
        assert.equal(deviceSaid(out!)?.['certificate'], renewed.device['Digital Signature'], 'the response carries the certificate in use');
        const after = await s.target.control.deviceCredentials!(ESME);
        assert.equal(after.inventory['Digital Signature'], renewed.device['Digital Signature']);
        assert.equal(after.smkiRepository['Digital Signature'], renewed.device['Digital Signature']);
        assert.equal(after.inventory['Key Agreement'], before.inventory['Key Agreement'], 'the other credential is untouched');
      });
    });
  }

  it('changes nothing when the certificates agree', async () => {
    await withScenario('all', async (s) => {
      await installEsmeAndIhd(s);
      const before = s.reference.inspect.snapshot()['smi_device_certificates'];
      await s.arrange(SUPPLIER_A, retrieveDs(s));
      assert.deepEqual(s.reference.inspect.snapshot()['smi_device_certificates'], before);
    });
  });

  for (const fault of ['response-lost', 'device-rejects'] as const) {
    it(`updates nothing without a successful response (${fault})`, async () => {
      await withScenario('all', async (s) => {
        await installEsmeAndIhd(s);
        await s.target.control.renewDeviceCertificate!(ESME, 'Digital Signature');
        const before = await s.target.control.deviceCredentials!(ESME);
        await s.target.control.injectFault!(ESME, fault);
        const { final } = await s.sendCritical(SUPPLIER_A, retrieveDs(s));
        assert.equal(final.code, 'I99');
        await s.outcome(final.response.header.requestId!);
        assert.deepEqual(await s.target.control.deviceCredentials!(ESME), before);
      });
    });
  }

  it('is a rules override away from a DSP that does not repair its records (the self-test)', async () => {
    await withScenario(
      'all',
      async (s) => {
        await installEsmeAndIhd(s);
        await s.target.control.renewDeviceCertificate!(ESME, 'Key Agreement');
        await s.arrange(SUPPLIER_A, rq.retrieveDeviceSecurityCredentialsDevice(s.ctx(SUPPLIER_A), { target: ESME, credentialType: 'Key Agreement' }));
        const c = await s.target.control.deviceCredentials!(ESME);
        assert.notEqual(c.inventory['Key Agreement'], c.device['Key Agreement']);
      },
      { rules: { retrievedCredentialsUpdateRecords: false } },
    );
  });
});
