// MP125 in the reference, both sides: before it an ESME Variant correction (8.4) is taken only
// from the pre-notifying User while the ESME is Pending; after it also from the Responsible
// Supplier of a SMETS2+ ESME that is Whitelisted, InstalledNotCommissioned or Commissioned, and
// from nobody else. Every other 8.4 keeps the old rule. A refusal changes nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Baseline } from '../src/baseline.ts';
import * as rq from '../src/duis/requests/index.ts';
import { dspRules, type SmiDevice } from '../reference-impl/index.ts';
import { isEsmeVariantCorrection, isSmets2Plus } from '../reference-impl/modifications/mp125.ts';
import { dccBoxedCertificate } from '../src/sign/dcc-boxed-keys.ts';
import { tempDir } from './helpers.ts';
import { join } from 'node:path';
import {
  ESME,
  GSME,
  MPAN,
  SUPPLIER_A,
  SUPPLIER_B,
  Scenario,
  addToHanLog,
  commission,
  installCh,
  prenotify,
  users,
  withScenario,
  expectRefused,
} from './reference-fixture.ts';

const BEFORE = 'all,-MP125';
const AFTER = 'all';

type Status = 'Whitelisted' | 'InstalledNotCommissioned' | 'Commissioned';

const correct = (s: Scenario, user: string, deviceId: string, details: rq.DeviceDetailsUpdate) =>
  rq.updateInventory(s.ctx(user), { deviceId, update: { deviceDetails: details } });

/** An ESME pre-notified by Supplier A with ESME Variant A, brought to `status`. */
async function esmeIn(s: Scenario, status: Status | 'Pending', deviceId = ESME, type: rq.DeviceType = 'ESME'): Promise<void> {
  const ch = await s.reference.control.provisionCommsHub();
  await s.arrange(SUPPLIER_A, installCh(s, SUPPLIER_A, ch.chf));
  await s.arrange(SUPPLIER_A, prenotify(s, SUPPLIER_A, deviceId, type));
  if (status === 'Pending') return;
  if (status === 'Whitelisted') s.reference.setDeviceOnline(deviceId, false);
  await s.arrange(SUPPLIER_A, addToHanLog(s, SUPPLIER_A, ch.chf, deviceId, MPAN));
  if (status === 'Commissioned') await s.arrange(SUPPLIER_A, commission(s, SUPPLIER_A, deviceId));
  assert.equal(await s.statusOf(deviceId), status);
}



async function changeOfSupplier(s: Scenario): Promise<void> {
  const cert = await dccBoxedCertificate('Z1-supplier2-ds.pem');
  await s.arrange(
    SUPPLIER_B,
    rq.updateSecurityCredentialsCos(s.ctx(SUPPLIER_B), {
      target: ESME,
      supplierFloorSeqNumber: 1,
      replacement: { digitalSigning: cert },
      certificationPath: [cert],
      applyTimeBasedCpvChecks: false,
      importMPxN: MPAN,
    }),
  );
}

describe('reference: MP125 not applied (before)', () => {
  for (const status of ['Whitelisted', 'InstalledNotCommissioned', 'Commissioned'] as const) {
    it(`refuses the Responsible Supplier's ESME Variant correction of a ${status} ESME as not Pending, changing nothing`, async () => {
      await withScenario(BEFORE, async (s) => {
        await esmeIn(s, status);
        await expectRefused(s, correct(s, SUPPLIER_A, ESME, { esmeVariant: 'B' }), s.reference.assumptions.codes.updateInventoryNotPending);
        assert.equal((await s.inventory(SUPPLIER_A, ESME))?.esmeVariant, 'A');
      });
    });
  }

  it('refuses the gaining Supplier after a Change of Supplier as not the pre-notifying User', async () => {
    await withScenario(BEFORE, async (s) => {
      await esmeIn(s, 'Commissioned');
      await changeOfSupplier(s);
      await expectRefused(s, correct(s, SUPPLIER_B, ESME, { esmeVariant: 'B' }), s.reference.assumptions.codes.updateInventoryNotPrenotifier);
    });
  });
});

describe('reference: MP125 applied', () => {
  for (const status of ['Whitelisted', 'InstalledNotCommissioned', 'Commissioned'] as const) {
    it(`takes the Responsible Supplier's ESME Variant correction of a ${status} ESME; 8.2 shows it and the status is unchanged`, async () => {
      await withScenario(AFTER, async (s) => {
        await esmeIn(s, status);
        const r = await s.send(correct(s, SUPPLIER_A, ESME, { esmeVariant: 'CDE' }));
        assert.equal(r.code, 'I99');
        const d = await s.inventory(SUPPLIER_B, ESME);
        assert.deepEqual([d?.esmeVariant, d?.deviceStatus], ['CDE', status]);
      });
    });
  }

  it('takes the correction from the gaining Supplier after a Change of Supplier and refuses the losing one', async () => {
    await withScenario(AFTER, async (s) => {
      await esmeIn(s, 'Commissioned');
      await changeOfSupplier(s);
      await expectRefused(s, correct(s, SUPPLIER_A, ESME, { esmeVariant: 'C' }), s.reference.assumptions.codes.notResponsibleSupplier);
      assert.equal((await s.send(correct(s, SUPPLIER_B, ESME, { esmeVariant: 'BD' }))).code, 'I99');
      assert.equal((await s.inventory(SUPPLIER_A, ESME))?.esmeVariant, 'BD');
    });
  });

  it('refuses a Supplier that is not responsible for the ESME', async () => {
    await withScenario(AFTER, async (s) => {
      await esmeIn(s, 'Commissioned');
      await expectRefused(s, correct(s, SUPPLIER_B, ESME, { esmeVariant: 'B' }), s.reference.assumptions.codes.notResponsibleSupplier);
    });
  });

  it('keeps the old rule for every other detail: the Device Model, alone or with the ESME Variant, is refused as not Pending', async () => {
    await withScenario(AFTER, async (s) => {
      await esmeIn(s, 'Commissioned');
      const notPending = s.reference.assumptions.codes.updateInventoryNotPending;
      await expectRefused(s, correct(s, SUPPLIER_A, ESME, { model: 'FF01' }), notPending);
      await expectRefused(s, correct(s, SUPPLIER_A, ESME, { esmeVariant: 'B', model: 'FF01' }), notPending);
      // (an MPxN correction of an installed meter is open to its Responsible Supplier: MP077's rule)
      await expectRefused(s, rq.updateInventory(s.ctx(SUPPLIER_A), { deviceId: ESME, update: { deleteDevice: true } }), notPending);
    });
  });

  it('keeps the old rule for a GSME, a Decommissioned ESME and a SMETS1 ESME', async () => {
    await withScenario(AFTER, async (s) => {
      const notPending = s.reference.assumptions.codes.updateInventoryNotPending;
      await esmeIn(s, 'Commissioned', GSME, 'GSME');
      await expectRefused(s, correct(s, SUPPLIER_A, GSME, { esmeVariant: 'B' }), notPending);

      await esmeIn(s, 'Commissioned');
      await s.arrange(SUPPLIER_A, rq.decommissionDevice(s.ctx(SUPPLIER_A), { deviceId: ESME }));
      await expectRefused(s, correct(s, SUPPLIER_A, ESME, { esmeVariant: 'B' }), notPending);

      const { deviceId } = await s.reference.control.enrolSmets1Device({ deviceType: 'ESME', responsibleSupplier: users.named(SUPPLIER_A).id, esmeVariant: 'A' });
      const d = await s.inventory(SUPPLIER_A, deviceId);
      assert.deepEqual([d?.deviceStatus, d?.cspRegion, d?.s1sp], ['Commissioned', 'SMETS1', s.reference.assumptions.smets1ServiceProvider]);
      // nobody pre-notified a migrated device, so the old rule refuses even its Responsible Supplier
      await expectRefused(s, correct(s, SUPPLIER_A, deviceId, { esmeVariant: 'B' }), s.reference.assumptions.codes.updateInventoryNotPrenotifier);
    });
  });

  it('keeps the old rule while Pending: the pre-notifying User corrects, another Supplier is refused', async () => {
    await withScenario(AFTER, async (s) => {
      await esmeIn(s, 'Pending');
      await expectRefused(s, correct(s, SUPPLIER_B, ESME, { esmeVariant: 'B' }), s.reference.assumptions.codes.updateInventoryNotPrenotifier);
      assert.equal((await s.send(correct(s, SUPPLIER_A, ESME, { esmeVariant: 'C' }))).code, 'I99');
      assert.equal((await s.inventory(SUPPLIER_A, ESME))?.esmeVariant, 'C');
    });
  });

  it('refuses an ESME Variant the XSD does not list as schema-invalid, changing nothing', async () => {
    await withScenario(AFTER, async (s) => {
      await esmeIn(s, 'Commissioned');
      const xml = correct(s, SUPPLIER_A, ESME, { esmeVariant: 'A' }).xml.replace('<sr:ESMEVariant>A<', '<sr:ESMEVariant>Z<');
      const before = s.reference.inspect.snapshot();
      assert.equal((await s.post('serviceD', xml)).code, s.reference.assumptions.codes.schemaInvalid);
      assert.deepEqual(s.reference.inspect.snapshot(), before);
    });
  });

  it('is a one-line rules override away from a DSP that forgot MP125 (for the self-test)', async () => {
    const oldRule = dspRules(Baseline.none()).updateInventory;
    await withScenario(
      AFTER,
      async (s) => {
        await esmeIn(s, 'Commissioned');
        assert.ok(s.reference.rules.applied.includes('MP125'));
        await expectRefused(s, correct(s, SUPPLIER_A, ESME, { esmeVariant: 'B' }), s.reference.assumptions.codes.updateInventoryNotPending);
      },
      { rules: { updateInventory: oldRule } },
    );
  });
});

describe('MP125 rule: what counts as an ESME Variant correction', () => {
  const esme: SmiDevice = { deviceId: ESME, deviceType: 'ESME', status: 'Commissioned', manufacturer: 'AB01', model: 'M', responsibleSupplier: users.named(SUPPLIER_A).id };
  const user = users.named(SUPPLIER_A);
  const details = (fields: string[]) => ({ kind: 'details' as const, fields });

  it('is UpdateDeviceDetails carrying the ESMEVariant alone, for a SMETS2+ ESME', () => {
    assert.equal(isEsmeVariantCorrection({ user, device: esme, change: details(['ESMEVariant']) }), true);
    assert.equal(isEsmeVariantCorrection({ user, device: esme, change: details(['ESMEVariant', 'DeviceModel']) }), false);
    assert.equal(isEsmeVariantCorrection({ user, device: esme, change: details(['DeviceModel']) }), false);
    assert.equal(isEsmeVariantCorrection({ user, device: { ...esme, deviceType: 'GSME' }, change: details(['ESMEVariant']) }), false);
    assert.equal(isEsmeVariantCorrection({ user, device: { ...esme, s1sp: 'SP' }, change: details(['ESMEVariant']) }), false);
    assert.equal(isEsmeVariantCorrection({ user, device: esme, change: { kind: 'delete' } }), false);
  });

  it('tells SMETS1 devices by their S1SP or SMETS1 CSP region', () => {
    assert.equal(isSmets2Plus(esme), true);
    assert.equal(isSmets2Plus({ ...esme, s1sp: 'SP' }), false);
    assert.equal(isSmets2Plus({ ...esme, cspRegion: 'SMETS1' }), false);
  });

  it('decides per status, for the Responsible Supplier only, and defers everything else to the rule before it', () => {
    const after = dspRules(Baseline.parse('MP125')).updateInventory;
    const before = dspRules(Baseline.none()).updateInventory;
    const b = users.named(SUPPLIER_B);
    for (const status of ['Pending', 'Whitelisted', 'InstalledNotCommissioned', 'Commissioned', 'Decommissioned', 'Suspended', 'Withdrawn'] as const) {
      const device = { ...esme, status, prenotifiedBy: user.id };
      const q = { user, device, change: details(['ESMEVariant']) };
      const listed = status === 'Whitelisted' || status === 'InstalledNotCommissioned' || status === 'Commissioned';
      assert.equal(after(q), listed ? undefined : before(q), status);
      assert.equal(after({ ...q, user: b }), listed ? 'not-responsible-supplier' : before({ ...q, user: b }), `${status}, Supplier B`);
    }
  });
});

describe('reference: SMI bulk seeding and older database files', () => {
  it('seeds many devices in one transaction, and refuses the whole lot when one is already held', async () => {
    await withScenario(AFTER, async (s) => {
      const devices = Array.from({ length: 500 }, (_, i): SmiDevice => ({
        deviceId: `00-DB-5E-01-00-00-${((i >> 8) & 0xff).toString(16).padStart(2, '0').toUpperCase()}-${(i & 0xff).toString(16).padStart(2, '0').toUpperCase()}`,
        deviceType: 'ESME',
        status: 'Commissioned',
        manufacturer: 'AB01',
        model: 'M',
        esmeVariant: 'A',
        responsibleSupplier: users.named(SUPPLIER_A).id,
      }));
      assert.equal(s.reference.seedInventory(devices), 500);
      assert.equal((await s.inventory(SUPPLIER_B, devices[499]!.deviceId))?.esmeVariant, 'A');
      assert.equal((await s.send(correct(s, SUPPLIER_A, devices[123]!.deviceId, { esmeVariant: 'B' }))).code, 'I99');
      const extra = { ...devices[0]!, deviceId: '00-DB-5E-02-00-00-00-01' };
      const count = () => s.reference.inspect.snapshot()['smi_devices']!.length;
      assert.throws(() => s.reference.seedInventory([extra, devices[0]!]), /UNIQUE/);
      assert.equal(count(), 500, 'nothing of a failed seed is kept');
    });
  });

  it('opens a database file written before the SMETS1 columns existed and keeps its devices', async () => {
    const dbFile = join(tempDir(), 'old.db');
    const old = new Database(dbFile);
    old.exec(`CREATE TABLE smi_devices (device_id TEXT PRIMARY KEY, device_type TEXT NOT NULL, status TEXT NOT NULL, manufacturer TEXT NOT NULL,
      model TEXT NOT NULL, firmware_version TEXT, smets_chts_version TEXT, esme_variant TEXT, import_mpxn TEXT, secondary_import_mpan TEXT,
      export_mpan TEXT, responsible_supplier TEXT, network_operator TEXT, prenotified_by TEXT, comms_hub TEXT, associated_gpf TEXT,
      install_mpxn TEXT, uprn TEXT, post_code TEXT, address_identifier TEXT, date_commissioned TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`);
    old.prepare(`INSERT INTO smi_devices (device_id, device_type, status, manufacturer, model, esme_variant, created_at, updated_at)
      VALUES (?, 'ESME', 'Pending', 'AB01', 'M', 'A', 'x', 'x')`).run(ESME);
    old.close();
    await withScenario(
      AFTER,
      async (s) => {
        assert.equal(s.reference.inspect.device(ESME)?.esmeVariant, 'A');
        const { deviceId } = await s.reference.control.enrolSmets1Device({ deviceType: 'ESME', responsibleSupplier: users.named(SUPPLIER_A).id });
        assert.equal(s.reference.inspect.device(deviceId)?.cspRegion, 'SMETS1');
      },
      { dbFile },
    );
  });
});
