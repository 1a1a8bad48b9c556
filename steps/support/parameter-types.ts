// Parameter types the domain steps are written with, in SEC vocabulary:
//   {user}         a DCC User by name: Supplier A, the Network Operator, or any "quoted name"
//                  from a users list -> the name ("Network Operator"), for world.ctx(name)
//   {device}       a device type as DUIS names it: ESME, GSME, GPF, CHF, HCALCS, PPMID, IHD, CAD
//                  -> that name, which steps also use as the device's alias in the scenario
//   {criticality}  critical | non-critical (the two variants of a Service Request, e.g. 8.8.1/8.8.2)
import { defineParameterType } from '@cucumber/cucumber';
import { DEFAULT_USERS } from '../../src/users.ts';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Names without quotes: the default Users, and any "Supplier X". Others are written "quoted". */
const userNames = [...new Set(['Supplier [A-Z]', ...DEFAULT_USERS.map((u) => escape(u.name))])];

defineParameterType({
  name: 'user',
  regexp: new RegExp(`(?:the )?(${userNames.join('|')}|"[^"]+")`),
  transformer: (name: string) => name.replace(/^"|"$/g, ''),
  useForSnippets: true,
});

export const DEVICE_TYPES = ['ESME', 'GSME', 'GPF', 'CHF', 'HCALCS', 'PPMID', 'IHD', 'CAD'] as const;

defineParameterType({
  name: 'device',
  regexp: new RegExp(`(${DEVICE_TYPES.join('|')})`),
  transformer: (name: string) => name,
  useForSnippets: true,
});

defineParameterType({
  name: 'criticality',
  regexp: /(non-critical|critical)/,
  transformer: (c: string) => c as 'critical' | 'non-critical',
  useForSnippets: false,
});

//   {fuel}         electricity | gas: which registration system a DCC Service Flag goes to (MP077)
//   {meter}        a smart meter of the scenario: ESME, GSME, or a second ESME / GSME
//                  -> its alias ("second ESME"), whose Meter Point is the alias "<meter> MPxN"
defineParameterType({
  name: 'fuel',
  regexp: /(electricity|gas)/,
  transformer: (f: string) => f as 'electricity' | 'gas',
  useForSnippets: false,
});

defineParameterType({
  name: 'meter',
  regexp: /((?:second )?(?:ESME|GSME))/,
  transformer: (m: string) => m,
  useForSnippets: false,
});
