// Typed DUIS request builders, one module per SRV family.
export { buildRequest, requestHeader, RequestBuildError, type DuisRequest, type RequestContext, type RequestOptions } from './envelope.ts';
export * from './prenotification.ts';
export * from './wan-matrix.ts';
export * from './inventory.ts';
export * from './commissioning.ts';
export * from './join.ts';
export * from './han-device-log.ts';
export * from './local-command.ts';
export * from './comms-hub-status.ts';
export * from './security-credentials.ts';
export * from './device-configuration.ts';
export type { Certificate } from './values.ts';
export * from './signed-pre-command.ts';
