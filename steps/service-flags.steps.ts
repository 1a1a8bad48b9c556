// MP077: smart meters at Meter Points (a second meter, decommissioning, 8.4 corrections), the
// DCC's feature switches, and the registration files the DCC sends. Every file a target sends is
// checked record by record against our schema (schemas/registration-files.ts) before a step
// looks at it, as every DUIS message is checked against the XSD.
import assert from 'node:assert/strict';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { checkRegistrationFile, exportLayout, formatIssues, type FlagSide, type ParsedRecord } from '../schemas/registration-files.ts';
import { decommissionDevice, updateInventory, type DeviceType } from '../src/duis/requests/index.ts';
import type { Fuel } from '../src/service-flags.ts';
import { newMprn, newMpxn } from './devices.ts';
import { arrange, converse } from './flows.ts';
import { addToDeviceLog, commission, prenotify } from './install.steps.ts';
import { ConformanceFailure, type ConformanceWorld } from './support/world.ts';

/** A registration file as the target sent it, with its records. */
interface SentFile {
  fuel: Fuel;
  text: string;
  records: ParsedRecord[];
}

const FILES = 'mp077:registration-files';

function sentFiles(world: ConformanceWorld): SentFile[] {
  let files = world.scratch.get(FILES) as SentFile[] | undefined;
  if (!files) world.scratch.set(FILES, (files = []));
  return files;
}

/** The side whose flag values the file may carry: what the suite expects of the target. */
function side(world: ConformanceWorld): FlagSide {
  return world.baseline.has('MP077') ? 'MP077' : 'before-MP077';
}

/** Have the DCC send one fuel's file; check every record against our schema; keep it for the Then steps. */
async function sendFile(world: ConformanceWorld, fuel: Fuel): Promise<SentFile> {
  world.requireCapability('registration-files');
  const read = world.target.control.registrationFile;
  assert.ok(read, `target ${world.target.name} offers registration-files but cannot export one`);
  const text = await read.call(world.target.control, fuel);
  const files = sentFiles(world);
  world.attach(text, { mediaType: 'text/plain', fileName: `registration-file-${files.length + 1}-${fuel}.txt` });
  const layout = exportLayout(fuel, side(world));
  const checked = checkRegistrationFile(text, layout);
  if (!checked.valid) throw new ConformanceFailure(`the ${fuel} registration file is not a valid ${layout.title}:\n${formatIssues(checked.issues)}`);
  const file = { fuel, text, records: checked.records };
  files.push(file);
  return file;
}

function latestFile(world: ConformanceWorld, fuel: Fuel): SentFile {
  const file = sentFiles(world).filter((f) => f.fuel === fuel).at(-1);
  assert.ok(file, `the DCC has sent no ${fuel} registration file in this scenario`);
  return file;
}

const fieldNames = (fuel: Fuel) => {
  const [, meterPoint, flag] = exportLayout(fuel).records[0]!.fields.map((f) => f.name);
  return { meterPoint: meterPoint!, flag: flag! };
};

/** The last record for a Meter Point in a file (a file may carry more than one update for it). */
function recordFor(file: SentFile, mpxn: string): ParsedRecord | undefined {
  const { meterPoint } = fieldNames(file.fuel);
  return file.records.filter((r) => r.fields[meterPoint] === mpxn).at(-1);
}

function meterPointOf(world: ConformanceWorld, meter: string, former = false): string {
  return world.alias(`${meter}${former ? ' former' : ''} MPxN`);
}

function assertGives(world: ConformanceWorld, fuel: Fuel, meter: string, flag: string, former = false): void {
  const mpxn = meterPointOf(world, meter, former);
  const file = latestFile(world, fuel);
  const record = recordFor(file, mpxn);
  const what = `the ${meter}'s ${former ? 'former ' : ''}Meter Point ${mpxn}`;
  assert.ok(record, `the ${fuel} registration file holds no record for ${what}; it holds ${file.records.length} record(s)`);
  assert.equal(record.fields[fieldNames(fuel).flag], flag, `the ${fuel} registration file gives ${what} the DCC Service Flag ${record.fields[fieldNames(fuel).flag]}`);
}

function assertNoRecord(world: ConformanceWorld, fuel: Fuel, meter: string, former = false): void {
  const mpxn = meterPointOf(world, meter, former);
  const record = recordFor(latestFile(world, fuel), mpxn);
  assert.equal(record, undefined, `the ${fuel} registration file holds a record for the ${meter}'s ${former ? 'former ' : ''}Meter Point ${mpxn}: flag ${record?.fields[fieldNames(fuel).flag]}`);
}

// --- smart meters at Meter Points ----------------------------------------------------------------

Given('{user} has commissioned the {device}', async function (this: ConformanceWorld, user: string, type: string) {
  await arrange(this, user, commission(this, user, type));
});

/** A second meter of this type, at its own Meter Point or at `atMeterOf`'s. */
async function installSecond(world: ConformanceWorld, user: string, type: DeviceType, atMeterOf: string | undefined, commissionIt: boolean): Promise<void> {
  const alias = `second ${type}`;
  await arrange(world, user, await prenotify(world, user, type, undefined, alias));
  if (atMeterOf !== undefined) world.setAlias(`${alias} MPxN`, meterPointOf(world, atMeterOf));
  await arrange(world, user, addToDeviceLog(world, user, alias));
  if (commissionIt) await arrange(world, user, commission(world, user, alias));
}

Given("{user} has installed and commissioned a second {device} at the {device}'s Meter Point", async function (this: ConformanceWorld, user: string, type: DeviceType, other: string) {
  await installSecond(this, user, type, other, true);
});

Given('{user} has installed and commissioned a second {device}', async function (this: ConformanceWorld, user: string, type: DeviceType) {
  await installSecond(this, user, type, undefined, true);
});

Given("{user} has pre-notified a second {device} at the {device}'s Meter Point and added it to the CH device log", async function (this: ConformanceWorld, user: string, type: DeviceType, other: string) {
  await installSecond(this, user, type, other, false);
});

function decommission(world: ConformanceWorld, user: string, meter: string) {
  return decommissionDevice(world.ctx(user), { deviceId: world.alias(meter) });
}

When('{user} decommissions the {meter}', async function (this: ConformanceWorld, user: string, meter: string) {
  await converse(this, user, decommission(this, user, meter));
});

Given('{user} has decommissioned the {meter}', async function (this: ConformanceWorld, user: string, meter: string) {
  await arrange(this, user, decommission(this, user, meter));
});

// 8.4 UpdateMPxN: the meter's Meter Point was recorded in error and is corrected to another one.
When("{user} corrects the {meter}'s Meter Point to a new Meter Point", async function (this: ConformanceWorld, user: string, meter: string) {
  const old = meterPointOf(this, meter);
  const mpxn = meter.endsWith('GSME') ? newMprn() : newMpxn();
  await converse(this, user, updateInventory(this.ctx(user), { deviceId: this.alias(meter), update: { mpxn: { importMPxN: mpxn } } }));
  this.setAlias(`${meter} former MPxN`, old);
  this.setAlias(`${meter} MPxN`, mpxn);
});

// --- the DCC: clock and feature switches ---------------------------------------------------------

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

Given(/^it is (\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4}) at the DCC$/, async function (this: ConformanceWorld, day: string, month: string, year: string) {
  // mid-morning UTC, so the date is the same in any time zone the DCC might date records in
  await this.setClock(new Date(Date.UTC(Number(year), MONTHS.indexOf(month), Number(day), 9)));
});

async function setSwitch(world: ConformanceWorld, fuel: Fuel, on: boolean): Promise<void> {
  world.requireCapability('feature-switches');
  const set = world.target.control.setFeatureSwitch;
  assert.ok(set, `target ${world.target.name} offers feature-switches but cannot set one`);
  await set.call(world.target.control, fuel, on);
}

Given("the DCC's {fuel} feature switch for MP077 is off", async function (this: ConformanceWorld, fuel: Fuel) {
  await setSwitch(this, fuel, false);
});

When('the DCC turns the {fuel} feature switch for MP077 on', async function (this: ConformanceWorld, fuel: Fuel) {
  await setSwitch(this, fuel, true);
});

Given('the DCC has turned the {fuel} feature switch for MP077 on', async function (this: ConformanceWorld, fuel: Fuel) {
  await setSwitch(this, fuel, true);
});

// --- registration files --------------------------------------------------------------------------

When('the DCC sends the {fuel} registration file', async function (this: ConformanceWorld, fuel: Fuel) {
  await sendFile(this, fuel);
});

Given('the DCC has sent the {fuel} registration file', async function (this: ConformanceWorld, fuel: Fuel) {
  await sendFile(this, fuel);
});

When('the DCC sends the registration files', async function (this: ConformanceWorld) {
  for (const fuel of ['electricity', 'gas'] as const) await sendFile(this, fuel);
});

Given('the DCC has sent the registration files', async function (this: ConformanceWorld) {
  for (const fuel of ['electricity', 'gas'] as const) await sendFile(this, fuel);
});

Given("the DCC has sent the {fuel} registration file, giving the {meter}'s Meter Point the DCC Service Flag {word}", async function (this: ConformanceWorld, fuel: Fuel, meter: string, flag: string) {
  await sendFile(this, fuel);
  assertGives(this, fuel, meter, flag);
});

Given("the DCC has sent the {fuel} registration file, holding no record for the {meter}'s Meter Point", async function (this: ConformanceWorld, fuel: Fuel, meter: string) {
  await sendFile(this, fuel);
  assertNoRecord(this, fuel, meter);
});

Then("the {fuel} registration file gives the {meter}'s Meter Point the DCC Service Flag {word}", function (this: ConformanceWorld, fuel: Fuel, meter: string, flag: string) {
  assertGives(this, fuel, meter, flag);
});

Then("the {fuel} registration file gives the {meter}'s former Meter Point the DCC Service Flag {word}", function (this: ConformanceWorld, fuel: Fuel, meter: string, flag: string) {
  assertGives(this, fuel, meter, flag, true);
});

Then("the {fuel} registration file holds no record for the {meter}'s Meter Point", function (this: ConformanceWorld, fuel: Fuel, meter: string) {
  assertNoRecord(this, fuel, meter);
});

Then("the {fuel} registration file holds no record for the {meter}'s former Meter Point", function (this: ConformanceWorld, fuel: Fuel, meter: string) {
  assertNoRecord(this, fuel, meter, true);
});

Then("the {fuel} registration file does not give the {meter}'s Meter Point the DCC Service Flag {word}", function (this: ConformanceWorld, fuel: Fuel, meter: string, flag: string) {
  const record = recordFor(latestFile(this, fuel), meterPointOf(this, meter));
  assert.notEqual(record?.fields[fieldNames(fuel).flag], flag, `the ${fuel} registration file gives the ${meter}'s Meter Point the DCC Service Flag ${flag}`);
});

Then("the {fuel} registration file's record for the {meter}'s Meter Point reads:", function (this: ConformanceWorld, fuel: Fuel, meter: string, table: DataTable) {
  const mpxn = meterPointOf(this, meter);
  const record = recordFor(latestFile(this, fuel), mpxn);
  assert.ok(record, `the ${fuel} registration file holds no record for the ${meter}'s Meter Point ${mpxn}`);
  for (const { field, value } of table.hashes() as { field: string; value: string }[]) {
    assert.ok(field! in record.fields, `a ${record.type} record has no field "${field}"; its fields: ${Object.keys(record.fields).join(', ')}`);
    assert.equal(record.fields[field!], value, `${field} of the record for the ${meter}'s Meter Point`);
  }
});

Then(/^every (electricity|gas) registration file sent in this scenario carries only the DCC Service Flags (.+)$/, function (this: ConformanceWorld, fuel: Fuel, list: string) {
  const allowed = new Set(list.split(/,\s*|\s+and\s+/).map((f) => f.trim()).filter(Boolean));
  const files = sentFiles(this).filter((f) => f.fuel === fuel);
  assert.ok(files.length > 0, `the DCC has sent no ${fuel} registration file in this scenario`);
  for (const f of files) {
    for (const r of f.records) {
      const flag = r.fields[fieldNames(fuel).flag]!;
      assert.ok(allowed.has(flag), `a ${fuel} registration file carries the DCC Service Flag ${flag} (line ${r.line})`);
    }
  }
});
