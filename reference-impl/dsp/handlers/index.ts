// The Service Requests this reference implements, by SRV.
import type { ServiceHandler } from '../handler.ts';
import { accessRestrictionHandler } from './access-restriction.ts';
import { activateFirmwareHandler } from './activate-firmware.ts';
import { billingCalendarHandler } from './billing-calendar.ts';
import { changeOfSupplierHandler } from './change-of-supplier.ts';
import { commissionHandler } from './commission.ts';
import { commsHubInstallHandler } from './comms-hub-install.ts';
import { commsHubInstallNoWanHandler } from './comms-hub-install-no-wan.ts';
import { decommissionHandler } from './decommission.ts';
import { deviceCertificateHandler } from './device-certificate.ts';
import { hanDeviceLogHandler } from './han-device-log.ts';
import { joinHandler, unjoinHandler } from './join.ts';
import { localCommandResponseHandler } from './local-command-response.ts';
import { prenotificationHandler } from './prenotification.ts';
import { readInventoryHandler } from './read-inventory.ts';
import { restoreDeviceLogHandler } from './restore-device-log.ts';
import { retrieveDeviceCredentialsHandler } from './retrieve-device-credentials.ts';
import { orgCertificateHandler } from './security-credentials.ts';
import { updateInventoryHandler } from './update-inventory.ts';
import { wanMatrixHandler } from './wan-matrix.ts';

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
  wanMatrixHandler,
  commsHubInstallNoWanHandler,
  localCommandResponseHandler,
  orgCertificateHandler,
  retrieveDeviceCredentialsHandler,
  // on MP081's 8.13 list: their responses come back after local delivery too
  accessRestrictionHandler,
  billingCalendarHandler,
  deviceCertificateHandler,
  restoreDeviceLogHandler,
  activateFirmwareHandler,
];

export const HANDLERS: ReadonlyMap<string, ServiceHandler> = new Map(ALL.flatMap((h) => Object.keys(h.bodies).map((srv) => [srv, h] as const)));

export const SUPPORTED_SRVS: readonly string[] = [...HANDLERS.keys()];
