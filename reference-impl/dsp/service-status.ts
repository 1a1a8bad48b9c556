// DSP data management for MP077: whenever a smart meter changes in the SMI (8.11 associates it
// with Meter Points, 8.1.1 commissions it, 8.3 decommissions it, 8.4 links, unlinks or deletes
// it), each Meter Point it was or is associated with gets its DCC Service Flag from the rules
// (rules.serviceFlags: which reading, which values). Handlers know nothing of flags: the SMI
// reports every device change here.
import type { DeviceStatus } from '../../src/duis/responses.ts';
import type { Fuel } from '../../src/service-flags.ts';
import type { Clock } from '../clock.ts';
import type { ServiceFlagRules } from '../modifications/index.ts';
import type { SmiDevice, SmiInventory } from '../smi/inventory.ts';
import type { ServiceFlagStore } from '../smi/service-flags.ts';
import type { Assumptions } from './assumptions.ts';
import { xsDate } from './body.ts';
import { NO_DEFECTS, type DspDefects } from './defects.ts';

/** Smart meters and the registration system their Meter Points belong to. */
const FUEL_OF: Partial<Record<string, Fuel>> = { ESME: 'electricity', GSME: 'gas' };

/** Statuses the DCC sets without a Service Request (only the self-test defect looks at them). */
const DCC_SET = new Set<DeviceStatus>(['Suspended', 'Recovery', 'Recovered']);

const FIELD_OF = { ImportMPxN: 'importMpxn', SecondaryImportMPAN: 'secondaryImportMpan', ExportMPAN: 'exportMpan' } as const;

export class ServiceStatusTracker {
  constructor(
    private readonly smi: SmiInventory,
    private readonly store: ServiceFlagStore,
    private readonly rules: ServiceFlagRules,
    private readonly assumptions: Assumptions['serviceFlags'],
    private readonly now: Clock,
    private readonly defects: Pick<DspDefects, 'serviceFlagIgnoresOtherMeters' | 'serviceFlagCountsDccStatuses'> = NO_DEFECTS,
  ) {}

  /** The SMI's device-change hook: `before` undefined for an added device, `after` for a deleted one. */
  onDeviceChange(before: SmiDevice | undefined, after: SmiDevice | undefined): void {
    const device = after ?? before;
    const fuel = device ? FUEL_OF[device.deviceType] : undefined;
    if (!device || !fuel) return;
    const was = this.meterPoints(before);
    const is = this.meterPoints(after);
    if (before?.status === after?.status && was.size === is.size && [...was].every((m) => is.has(m))) return;
    for (const mpxn of new Set([...was, ...is])) {
      const others: DeviceStatus[] = this.smi
        .byMpxn(mpxn)
        .filter((d) => d.deviceId !== device.deviceId && d.deviceType === device.deviceType && this.meterPoints(d).has(mpxn))
        .map((d) => d.status);
      const current = this.store.get(fuel, mpxn)?.flag ?? null;
      const next = this.rules.next({
        current,
        ...(before ? { before: { associated: was.has(mpxn), status: before.status } } : {}),
        ...(after ? { after: { associated: is.has(mpxn), status: this.asSeen(after.status) } } : {}),
        // self-test defect: as if no other meter were at the Meter Point
        others: this.defects.serviceFlagIgnoresOtherMeters ? [] : others,
        holding: this.assumptions.holdingStatuses,
      });
      // no reading ever takes a flag back to null
      if (next !== null && next !== current) this.store.setFlag(fuel, mpxn, next, xsDate(this.now()));
    }
  }

  /** A status as the rules see it; self-test defect: the DCC's own statuses as if decommissioned. */
  private asSeen(status: DeviceStatus): DeviceStatus {
    return this.defects.serviceFlagCountsDccStatuses && DCC_SET.has(status) ? 'Decommissioned' : status;
  }

  private meterPoints(d: SmiDevice | undefined): Set<string> {
    const out = new Set<string>();
    if (!d) return out;
    for (const f of this.assumptions.meterPointFields) {
      const v = d[FIELD_OF[f]];
      if (v) out.add(v);
    }
    return out;
  }
}
