// Device requests on MP081's 8.13 list besides joins, 8.11 and Organisation Certificates:
// 3.2 Restrict Access For Change Of Tenancy, 6.8 Update Device Configuration (Billing Calendar),
// 6.15.2 Update Security Credentials (Device), 8.12.1 / 8.12.2 Restore HAN / GPF Device Log and
// 11.3 Activate Firmware. Element order follows the DUIS V5.1 XSD.
import type { Element } from 'xml-js';
import { sr } from '../xml.ts';
import { buildRequest, type DuisRequest, type RequestContext, type RequestOptions } from './envelope.ts';
import { base64, dateTime, euiElement, hex, opt, type Certificate } from './values.ts';

const executionDateTime = (v: Date | string | undefined): Element | undefined => opt('ExecutionDateTime', v, dateTime);

export interface RestrictAccessParams {
  /** The smart meter (ESME or GSME). */
  target: string;
  /** Data from before this moment belongs to the previous tenant. */
  restrictionDateTime: Date | string;
  executionDateTime?: Date | string;
}

/** 3.2 (non-critical). */
export function restrictAccessForChangeOfTenancy(ctx: RequestContext, p: RestrictAccessParams, options?: RequestOptions): DuisRequest {
  const body = sr('RestrictAccessForChangeOfTenancy', [executionDateTime(p.executionDateTime), sr('RestrictionDateTime', dateTime(p.restrictionDateTime))]);
  return buildRequest(ctx, '3.2', p.target, body, options);
}

export type Periodicity = 'Daily' | 'Weekly' | 'Monthly' | 'Quarterly' | 'SixMonthly' | 'Yearly';

/** An electricity calendar: billing time and how often (Weekly: day 1-7; Monthly: day 1-28; the rest: day and start month). */
export interface ElectricityBillingCalendar {
  fuel: 'electricity';
  billingTime: string;
  period: { every: 'Daily' } | { every: 'Weekly' | 'Monthly'; day: number } | { every: 'Quarterly' | 'SixMonthly' | 'Yearly'; dayOfMonth: number; startMonth: number };
}

export interface GasBillingCalendar {
  fuel: 'gas';
  billingPeriodStart: Date | string;
  periodicity: Periodicity;
}

export interface BillingCalendarParams {
  target: string;
  calendar: ElectricityBillingCalendar | GasBillingCalendar;
}

function electricityPeriod(p: ElectricityBillingCalendar['period']): Element {
  if (p.every === 'Daily') return sr('Daily', []);
  if ('day' in p) return sr(p.every, String(p.day));
  return sr(p.every, [sr('DayOfMonth', String(p.dayOfMonth)), sr('BillingPeriodStartMonth', String(p.startMonth))]);
}

/** 6.8 (critical). */
export function updateDeviceConfigurationBillingCalendar(ctx: RequestContext, p: BillingCalendarParams, options?: RequestOptions): DuisRequest {
  const c = p.calendar;
  const calendar =
    c.fuel === 'electricity'
      ? sr('ElectricityBillingCalendar', [sr('BillingTime', c.billingTime), electricityPeriod(c.period)])
      : sr('GasBillingCalendar', [sr('BillingPeriodStart', dateTime(c.billingPeriodStart)), sr('Periodicity', c.periodicity)]);
  return buildRequest(ctx, '6.8', p.target, sr('UpdateDeviceConfigurationBillingCalendar', calendar), options);
}

export interface UpdateDeviceCredentialsParams {
  target: string;
  /** The device's new certificate (SMKI-issued after 6.17), DER, PEM or base64. */
  deviceCertificate: Certificate;
}

/** 6.15.2 (critical). */
export function updateSecurityCredentialsDevice(ctx: RequestContext, p: UpdateDeviceCredentialsParams, options?: RequestOptions): DuisRequest {
  return buildRequest(ctx, '6.15.2', p.target, sr('UpdateSecurityCredentialsDevice', sr('DeviceCertificate', base64(p.deviceCertificate))), options);
}

export interface RestoreDeviceLogParams {
  /** The replacement CHF (8.12.1) or GPF (8.12.2). */
  target: string;
  /** The CHF or GPF it replaces, whose log the DCC holds. */
  old: string;
}

/** 8.12.1 (non-critical): the new CHF takes the old CHF's device log. */
export const restoreHanDeviceLog = (ctx: RequestContext, p: RestoreDeviceLogParams, options?: RequestOptions): DuisRequest =>
  buildRequest(ctx, '8.12.1', p.target, sr('RestoreHANDeviceLog', euiElement('OldCHFID', p.old)), options);

/** 8.12.2 (non-critical): the new GPF takes the old GPF's device log. */
export const restoreGpfDeviceLog = (ctx: RequestContext, p: RestoreDeviceLogParams, options?: RequestOptions): DuisRequest =>
  buildRequest(ctx, '8.12.2', p.target, sr('RestoreGPFDeviceLog', euiElement('OldGPFID', p.old)), options);

export interface ActivateFirmwareParams {
  target: string;
  /** SHA-256 of the image: 32 bytes, or 64 hex digits. */
  firmwareHash: Uint8Array | string;
  executionDateTime?: Date | string;
}

/** 11.3 (critical). */
export function activateFirmware(ctx: RequestContext, p: ActivateFirmwareParams, options?: RequestOptions): DuisRequest {
  return buildRequest(ctx, '11.3', p.target, sr('ActivateFirmware', [executionDateTime(p.executionDateTime), sr('FirmwareHash', hex(p.firmwareHash))]), options);
}
