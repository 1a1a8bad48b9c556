// Devices an external endpoint already has, listed in its target file. An external system cannot
// be reset, so each fixture serves one scenario: the pool hands them out in file order and never
// twice in a run, and says plainly when one of a kind has run out.
import type { CommsHubFixture } from './target.ts';

export interface CommsHubFixtureEntry extends CommsHubFixture {
  /** SMI status the hub is in; default Pending (as DCC delivers it). */
  status?: string;
}

export interface DeviceFixtureEntry {
  /** DUIS device type: ESME, GSME, IHD, PPMID, CAD, HCALCS, ... */
  type: string;
  id: string;
  /** SMI status the device is in; absent: not yet in the SMI (to be pre-notified). */
  status?: string;
}

export interface TargetFixtures {
  commsHubs?: CommsHubFixtureEntry[];
  devices?: DeviceFixtureEntry[];
}

export class FixturesExhaustedError extends Error {}

const DELIVERED = 'Pending';

export class FixturePool {
  private readonly hubs: CommsHubFixtureEntry[];
  private readonly devices: DeviceFixtureEntry[];
  private readonly source: string;

  constructor(fixtures: TargetFixtures, source = 'the target file') {
    this.hubs = [...(fixtures.commsHubs ?? [])];
    this.devices = [...(fixtures.devices ?? [])];
    this.source = source;
  }

  get hasCommsHubs(): boolean {
    return this.hubs.length > 0 || this.used.hubs > 0;
  }

  get hasDevices(): boolean {
    return this.devices.length > 0 || this.used.devices > 0;
  }

  private readonly used = { hubs: 0, devices: 0 };

  /** The next Communications Hub in `status` (default Pending). */
  takeCommsHub(status: string = DELIVERED): CommsHubFixture {
    const i = this.hubs.findIndex((h) => (h.status ?? DELIVERED) === status);
    if (i < 0) {
      throw new FixturesExhaustedError(
        `no more Communications Hub fixtures with status ${status} in ${this.source} (${this.used.hubs} used in this run): an external endpoint cannot be reset, so list one per scenario that installs a hub`,
      );
    }
    const [hub] = this.hubs.splice(i, 1);
    this.used.hubs++;
    return { chf: hub!.chf, gpf: hub!.gpf };
  }

  /** The next device of `type` in `status` (undefined: one not yet in the SMI). */
  takeDevice(type: string, status?: string): string {
    const i = this.devices.findIndex((d) => d.type === type && d.status === status);
    if (i < 0) {
      const what = status ? `with status ${status}` : 'not yet in the SMI (no status)';
      throw new FixturesExhaustedError(`no more ${type} fixtures ${what} in ${this.source} (${this.used.devices} devices used in this run)`);
    }
    const [d] = this.devices.splice(i, 1);
    this.used.devices++;
    return d!.id;
  }
}
