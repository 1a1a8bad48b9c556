// Which Network Operator the SMI records for a device. Real DCC systems learn it from industry
// registration data per Meter Point; the reference has none, so it follows the assumptions
// (assumptions.networkOperator, [I]) when a device enters the SMI.
import type { DeviceType } from '../../src/duis/responses.ts';
import type { UserRole } from '../../src/users.ts';
import { UserDirectory } from '../../src/users.ts';
import type { SmiDevice } from '../smi/inventory.ts';
import type { Assumptions } from './assumptions.ts';

const FUEL: Partial<Record<DeviceType, 'electricity' | 'gas'>> = { ESME: 'electricity', HCALCS: 'electricity', GSME: 'gas', GPF: 'gas' };

/** The Network Operator's User ID for a device entering the SMI, or undefined for none. */
export function networkOperatorPolicy(a: Assumptions['networkOperator'], users: UserDirectory): (device: SmiDevice) => string | undefined {
  const resolve = (spec: string): string | undefined => {
    const role = /^role:(.+)$/.exec(spec.trim());
    if (role) return users.all().find((u) => u.roles.includes(role[1] as UserRole))?.id;
    return spec.trim() ? spec.trim().toUpperCase() : undefined;
  };
  const byFuel = { electricity: resolve(a.electricity), gas: resolve(a.gas) };
  return (device) => byFuel[FUEL[device.deviceType] ?? a.dualFuelDevices];
}

/** Roles that make a User a Network Operator (electricity distributor, gas transporter). */
export const NETWORK_OPERATOR_ROLES: readonly UserRole[] = ['ED', 'GT'];
