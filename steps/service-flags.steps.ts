// MP077: smart meters at Meter Points (a second meter, decommissioning, 8.4 corrections, statuses
// the DCC sets itself), the DCC's feature switches, the registration files the DCC sends and its
// E46 answers to the gas Registration Data Provider. Every file a target sends is
// checked record by record against our schema (schemas/registration-files.ts) before a step
// looks at it, as every DUIS message is checked against the XSD.
import assert from 'node:assert/strict';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { checkRegistrationFile, exportLayout, formatIssues, layout, type FlagSide, type ParsedRecord } from '../schemas/registration-files.ts';
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
  assertReads(record, table, `the record for the ${meter}'s Meter Point`);
});

/** Each field of the table's `field | value` rows, as the record has it. */
function assertReads(record: ParsedRecord, table: DataTable, what: string): void {
  for (const { field, value } of table.hashes() as { field: string; value: string }[]) {
    assert.ok(field! in record.fields, `a ${record.type} record has no field "${field}"; its fields: ${Object.keys(record.fields).join(', ')}`);
    assert.equal(record.fields[field!], value, `${field} of ${what}`);
  }
}

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

// --- statuses the DCC sets itself ----------------------------------------------------------------

async function moveByDcc(world: ConformanceWorld, meter: string, status: string): Promise<void> {
  world.requireCapability('dcc-operations');
  const set = world.target.control.setDeviceStatusByDcc;
  assert.ok(set, `target ${world.target.name} offers dcc-operations but cannot set a device's status`);
  await set.call(world.target.control, world.alias(meter), status);
}

// Suspended (firmware off the CPL), Recovery and Recovered (SMKI recovery): no Service Request sets them
When('the DCC moves the {meter} to the SMI status {word}', async function (this: ConformanceWorld, meter: string, status: string) {
  await moveByDcc(this, meter, status);
});

Given('the DCC has moved the {meter} to the SMI status {word}', async function (this: ConformanceWorld, meter: string, status: string) {
  await moveByDcc(this, meter, status);
});

// --- the gas Registration Data Provider's request, answered with E46 records ---------------------

const ANSWER = 'mp077:e46-answer';
const UNVISITED = 'Meter Point no smart meter has been at';
const E46 = layout('gas-response');
const [, , E46_MPRN, E46_FLAG] = E46.records[0]!.fields.map((f) => f.name) as [string, string, string, string, string];

/**
 * Ask the DCC about these MPRNs; check its answer against the E46 table (values of the side the
 * baseline expects) and that it holds one record for each Meter Point asked about, and no other.
 */
async function ask(world: ConformanceWorld, meterPoints: string[]): Promise<void> {
  world.requireCapability('registration-requests');
  const answer = world.target.control.answerFlagRequest;
  assert.ok(answer, `target ${world.target.name} offers registration-requests but cannot answer one`);
  const text = await answer.call(world.target.control, meterPoints);
  world.attach(text, { mediaType: 'text/plain', fileName: 'e46-answer.txt' });
  const l = layout('gas-response', side(world));
  const checked = checkRegistrationFile(text, l);
  if (!checked.valid) throw new ConformanceFailure(`the DCC's answer to the gas Registration Data Provider is not a valid ${l.title}:\n${formatIssues(checked.issues)}`);
  const answered = checked.records.map((r) => r.fields[E46_MPRN]!).sort();
  if (answered.join() !== [...meterPoints].sort().join()) {
    throw new ConformanceFailure(`asked about the Meter Points ${meterPoints.join(', ')}, the DCC answered with E46 records for ${answered.join(', ') || 'none'}: one record for each Meter Point asked about`);
  }
  world.scratch.set(ANSWER, checked.records);
}

function answerFor(world: ConformanceWorld, mpxn: string, what: string): ParsedRecord {
  const records = world.scratch.get(ANSWER) as ParsedRecord[] | undefined;
  assert.ok(records, 'the gas Registration Data Provider has asked the DCC nothing in this scenario');
  const record = records.find((r) => r.fields[E46_MPRN] === mpxn);
  assert.ok(record, `the DCC's answer holds no E46 record for ${what} ${mpxn}`);
  return record;
}

function unvisitedMeterPoint(world: ConformanceWorld): string {
  const mprn = newMprn();
  world.setAlias(UNVISITED, mprn);
  return mprn;
}

When("the gas Registration Data Provider asks the DCC about the {meter}'s Meter Point", async function (this: ConformanceWorld, meter: string) {
  await ask(this, [meterPointOf(this, meter)]);
});

When('the gas Registration Data Provider asks the DCC about a Meter Point no smart meter has been at', async function (this: ConformanceWorld) {
  await ask(this, [unvisitedMeterPoint(this)]);
});

When("the gas Registration Data Provider asks the DCC about a Meter Point no smart meter has been at and the {meter}'s Meter Point", async function (this: ConformanceWorld, meter: string) {
  await ask(this, [unvisitedMeterPoint(this), meterPointOf(this, meter)]);
});

Then("the DCC accepts the request for the {meter}'s Meter Point, giving the DCC Service Flag {word}", function (this: ConformanceWorld, meter: string, flag: string) {
  const record = answerFor(this, meterPointOf(this, meter), `the ${meter}'s Meter Point`);
  assert.deepEqual(
    { outcome: record.fields['Outcome Code'], flag: record.fields[E46_FLAG] },
    { outcome: 'AC', flag },
    `the DCC's E46 record for the ${meter}'s Meter Point: Outcome Code ${record.fields['Outcome Code']}, DCC Service Flag ${record.fields[E46_FLAG]}`,
  );
});

Then("the DCC rejects the request for the {meter}'s Meter Point", function (this: ConformanceWorld, meter: string) {
  const record = answerFor(this, meterPointOf(this, meter), `the ${meter}'s Meter Point`);
  assert.equal(record.fields['Outcome Code'], 'RJ', `the DCC's E46 record for the ${meter}'s Meter Point: Outcome Code ${record.fields['Outcome Code']}, DCC Service Flag ${record.fields[E46_FLAG]}`);
});

Then('the DCC rejects the request for the Meter Point no smart meter has been at', function (this: ConformanceWorld) {
  const record = answerFor(this, this.alias(UNVISITED), 'the Meter Point no smart meter has been at');
  assert.equal(record.fields['Outcome Code'], 'RJ', `the DCC's E46 record for a Meter Point no smart meter has been at: Outcome Code ${record.fields['Outcome Code']}, DCC Service Flag ${record.fields[E46_FLAG]}`);
});

Then("the DCC's E46 record for the {meter}'s Meter Point reads:", function (this: ConformanceWorld, meter: string, table: DataTable) {
  assertReads(answerFor(this, meterPointOf(this, meter), `the ${meter}'s Meter Point`), table, `the E46 record for the ${meter}'s Meter Point`);
});
