// The Service Requests this reference implements, by SRV.
import type { ServiceHandler } from '../handler.ts';
import { changeOfSupplierHandler } from './change-of-supplier.ts';
import { commissionHandler } from './commission.ts';
import { commsHubInstallHandler } from './comms-hub-install.ts';
import { decommissionHandler } from './decommission.ts';
import { hanDeviceLogHandler } from './han-device-log.ts';
import { joinHandler, unjoinHandler } from './join.ts';
import { prenotificationHandler } from './prenotification.ts';
import { readInventoryHandler } from './read-inventory.ts';
import { updateInventoryHandler } from './update-inventory.ts';

const ALL: ServiceHandler[] = [
  prenotificationHandler,
  readInventoryHandler,
  updateInventoryHandler,
  decommissionHandler,
  commsHubInstallHandler,
  hanDeviceLogHandler,
  commissionHandler,
  joinHandler,
  unjoinHandler,
  changeOfSupplierHandler,
];

export const HANDLERS: ReadonlyMap<string, ServiceHandler> = new Map(ALL.flatMap((h) => Object.keys(h.bodies).map((srv) => [srv, h] as const)));

export const SUPPORTED_SRVS: readonly string[] = [...HANDLERS.keys()];
