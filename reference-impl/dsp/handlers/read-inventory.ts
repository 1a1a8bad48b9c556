// 8.2 Read Inventory: open to every eligible role (no responsibility check). By DeviceID: that
// device. By MPxN, UPRN or post code and address: the devices there and everything on their
// Communications Hubs [I]. At most 17 devices, as the XSD allows.
import type { InventoryDevice } from '../../../src/duis/responses.ts';
import { eui64 } from '../../../src/duis/header.ts';
import { child } from '../../../src/duis/xml.ts';
import type { SmiDevice, SmiInventory } from '../../smi/inventory.ts';
import { field } from '../body.ts';
import { refuse, type NonDeviceHandler } from '../handler.ts';

const MAX_DEVICES = 17;

export const readInventoryHandler: NonDeviceHandler = {
  kind: 'non-device',
  bodies: { '8.2': 'ReadInventory' },
  run(ctx, req) {
    const b = req.body;
    const smi = ctx.smi;
    let found: SmiDevice[];
    let what: string;
    const byId = child(b, 'DeviceID');
    const mpxn = child(b, 'MPxN');
    const uprn = child(b, 'UPRN');
    const pf = child(b, 'PropertyFilter');
    if (byId) {
      const id = eui64(byId.text);
      what = `DeviceID ${id}`;
      const d = smi.get(id);
      found = d ? [d] : [];
    } else if (mpxn) {
      what = `MPxN ${mpxn.text}`;
      found = withHubs(smi, smi.byMpxn(mpxn.text));
    } else if (uprn) {
      what = `UPRN ${uprn.text.trim()}`;
      found = withHubs(smi, smi.byUprn(String(BigInt(uprn.text.trim()))));
    } else if (pf) {
      what = 'PropertyFilter';
      found = withHubs(smi, smi.byAddress(field(pf, 'PostCode'), field(pf, 'AddressIdentifier')));
    } else {
      return refuse(ctx.assumptions.codes.schemaInvalid, 'ReadInventory has no selector');
    }
    if (found.length === 0) return refuse(ctx.assumptions.codes.readInventoryNotFound, `no inventory entry for ${what}`);
    return { code: 'I0', content: { kind: 'DSPInventory', devices: found.slice(0, MAX_DEVICES).map((d) => toInventoryDevice(smi, d)) } };
  },
};

/** The devices, plus every device on the Communications Hubs they belong to, without repeats. */
function withHubs(smi: SmiInventory, devices: SmiDevice[]): SmiDevice[] {
  const out = new Map<string, SmiDevice>();
  for (const d of devices) {
    out.set(d.deviceId, d);
    const hub = d.deviceType === 'CHF' ? d.deviceId : d.commsHub;
    if (hub) for (const x of smi.onHub(hub)) out.set(x.deviceId, x);
  }
  return [...out.values()];
}

/** The SMI's record as DUIS's sr:Device; premises details come from the device's CHF when it has none. */
export function toInventoryDevice(smi: SmiInventory, d: SmiDevice): InventoryDevice {
  const hub = d.commsHub ? smi.get(d.commsHub) : undefined;
  const uprn = d.uprn ?? hub?.uprn;
  const postCode = d.postCode ?? hub?.postCode;
  const address = d.addressIdentifier ?? hub?.addressIdentifier;
  const out: InventoryDevice = {
    deviceId: d.deviceId,
    deviceType: d.deviceType,
    deviceStatus: d.status,
    deviceManufacturer: d.manufacturer,
    deviceModel: d.model,
  };
  const set = <K extends keyof InventoryDevice>(k: K, v: InventoryDevice[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('smetsChtsVersion', d.smetsChtsVersion);
  set('deviceFirmwareVersion', d.firmwareVersion);
  set('dateCommissioned', d.dateCommissioned);
  set('importMPxN', d.importMpxn);
  set('secondaryImportMPAN', d.secondaryImportMpan);
  set('exportMPAN', d.exportMpan);
  set('esmeVariant', d.esmeVariant);
  set('uprn', uprn);
  if (postCode !== undefined && address !== undefined) out.propertyFilter = { postCode, addressIdentifier: address };
  set('cspRegion', d.cspRegion as InventoryDevice['cspRegion']);
  set('s1sp', d.s1sp);
  return out;
}
