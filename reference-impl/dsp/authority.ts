// Who may act on a device: its Responsible Supplier. Role eligibility is checked before this and
// no modification changes either.
import type { DccUser } from '../../src/users.ts';
import type { SmiDevice } from '../smi/inventory.ts';
import type { Assumptions } from './assumptions.ts';
import { refuse, type Refusal } from './handler.ts';

export function sameUser(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toUpperCase() === b.toUpperCase();
}

export function mustBeResponsibleSupplier(a: Assumptions, user: DccUser, device: SmiDevice): Refusal | undefined {
  if (sameUser(device.responsibleSupplier, user.id)) return undefined;
  return refuse(a.codes.notResponsibleSupplier, `${user.name} (${user.id}) is not the Responsible Supplier of ${device.deviceType} ${device.deviceId}`);
}
