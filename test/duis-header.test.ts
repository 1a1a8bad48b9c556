import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DCC_ACCESS_CONTROL_BROKER,
  EuiError,
  eui64,
  formatRequestId,
  headerElement,
  isEui64,
  MAX_ORIGINATOR_COUNTER,
  microsecondClock,
  parseRequestId,
  RequestIdCounter,
  RequestIdError,
  requestElement,
} from '../src/duis/header.ts';
import { readXml, sr, toXml } from '../src/duis/xml.ts';
import { NS } from '../schemas/namespaces.ts';

const USER = '90-B3-D5-1F-30-01-00-00';
const OTHER_USER = '90-B3-D5-1F-30-02-00-00';
const ESME = '00-DB-12-34-56-78-90-A0';

describe('EUI-64', () => {
  it('normalises lower case, bare and colon-separated input to DUIS upper-case dashed form', () => {
    for (const input of ['90-b3-d5-1f-30-01-00-00', '90b3d51f30010000', '90B3D51F30010000', '90:B3:D5:1F:30:01:00:00', ` ${USER}\n`]) {
      assert.equal(eui64(input), USER, input);
    }
  });

  it('rejects the wrong length, non-hex digits, mixed separators and odd grouping', () => {
    for (const bad of ['', '90-B3-D5-1F-30-01-00', '90-B3-D5-1F-30-01-00-00-00', '90B3D51F300100', '90B3D51F3001000000', '90-B3-D5-1F-30-01-00-0G', '90-B3:D5-1F-30-01-00-00', '90B-3D5-1F-30-01-00-00', '90 B3 D5 1F 30 01 00 00']) {
      assert.throws(() => eui64(bad), EuiError, JSON.stringify(bad));
      assert.equal(isEui64(bad), false);
    }
  });

  it('names the DCC access control broker 90-B3-D5-1F-30-00-00-02', () => {
    assert.equal(DCC_ACCESS_CONTROL_BROKER, '90-B3-D5-1F-30-00-00-02');
  });
});

describe('RequestID', () => {
  it('formats originator:target:counter with normalised EUIs', () => {
    assert.equal(formatRequestId({ originator: eui64('90b3d51f30010000'), target: eui64('00db1234567890a0'), counter: 1000n }), `${USER}:${ESME}:1000`);
  });

  it('parses back what it formats, up to the uint64 maximum', () => {
    const text = `${USER}:${ESME}:${MAX_ORIGINATOR_COUNTER}`;
    const id = parseRequestId(text);
    assert.deepEqual(id, { originator: USER, target: ESME, counter: 18446744073709551615n });
    assert.equal(formatRequestId(id), text);
  });

  it('parses lower-case EUIs into normalised ones', () => {
    assert.equal(parseRequestId('90-b3-d5-1f-30-01-00-00:00-db-12-34-56-78-90-a0:7').target, ESME);
  });

  it('refuses malformed RequestIDs', () => {
    for (const bad of [`${USER}:${ESME}`, `${USER}:${ESME}:01`, `${USER}:${ESME}:-1`, `${USER}:${ESME}:1.5`, `${USER}:${ESME}:18446744073709551616`, `${USER}:00-DB:1`, `${USER}:${ESME}:1:2`]) {
      assert.throws(() => parseRequestId(bad), RequestIdError, bad);
    }
  });
});

describe('RequestIdCounter', () => {
  it('gives strictly increasing counters to one originator', () => {
    const c = new RequestIdCounter({ floor: 1000n });
    const got = [c.next(USER), c.next(USER), c.next(USER.toLowerCase()), c.next(USER)];
    assert.deepEqual(got, [1000n, 1001n, 1002n, 1003n]);
  });

  it('keeps each originator on its own sequence', () => {
    const c = new RequestIdCounter({ floor: 5 });
    assert.equal(c.next(USER), 5n);
    assert.equal(c.next(USER), 6n);
    assert.equal(c.next(OTHER_USER), 5n);
    assert.equal(c.next(USER), 7n);
    assert.equal(c.lastFor(OTHER_USER), 5n);
  });

  it('follows an injected clock upwards and never goes back when it stalls or steps back', () => {
    let now = 1_700_000_000_000;
    const c = new RequestIdCounter({ floor: microsecondClock(() => now) });
    const a = c.next(USER);
    assert.equal(a, 1_700_000_000_000_000n);
    const b = c.next(USER); // same millisecond
    now -= 5_000; // clock stepped back
    const d = c.next(USER);
    now += 60_000;
    const e = c.next(USER);
    assert.ok(a < b && b < d && d < e, `${a} ${b} ${d} ${e}`);
    assert.equal(e, BigInt(now) * 1000n);
  });

  it('starts from the wall clock in microseconds by default, so a restarted run stays above the last one', () => {
    const before = BigInt(Date.now()) * 1000n;
    const first = new RequestIdCounter().next(USER);
    assert.ok(first >= before && first <= BigInt(Date.now()) * 1000n, String(first));
  });

  it('goes above a counter observed from elsewhere', () => {
    const c = new RequestIdCounter({ floor: 1 });
    c.observe(USER, 41n);
    c.observe(USER, 3n); // an older one changes nothing
    assert.equal(c.next(USER), 42n);
  });

  it('refuses to run past the uint64 maximum', () => {
    const c = new RequestIdCounter();
    c.observe(USER, MAX_ORIGINATOR_COUNTER);
    assert.throws(() => c.next(USER), RequestIdError);
  });

  it('draws whole RequestIDs with normalised EUIs', () => {
    const c = new RequestIdCounter({ floor: 9 });
    assert.equal(formatRequestId(c.nextId('90b3d51f30010000', DCC_ACCESS_CONTROL_BROKER)), `${USER}:90-B3-D5-1F-30-00-00-02:9`);
  });
});

describe('Header', () => {
  it('writes every field in the XSD order: RequestID, FirstInSequence, PrecedingServiceRequestID, CommandVariant, ServiceReference, ServiceReferenceVariant', () => {
    const h = headerElement({
      requestId: { originator: eui64(USER), target: eui64(ESME), counter: 12n },
      firstInSequence: true,
      precedingServiceRequestId: `${USER}:${ESME}:11`,
      commandVariant: 4,
      serviceReference: '8.7',
      serviceReferenceVariant: '8.7.1',
    });
    const v = readXml(toXml(requestElement(h, sr('X'))));
    const header = v.children[0]!;
    assert.equal(header.local, 'Header');
    assert.deepEqual(
      header.children.map((c) => [c.local, c.text]),
      [
        ['RequestID', `${USER}:${ESME}:12`],
        ['FirstInSequence', 'true'],
        ['PrecedingServiceRequestID', `${USER}:${ESME}:11`],
        ['CommandVariant', '4'],
        ['ServiceReference', '8.7'],
        ['ServiceReferenceVariant', '8.7.1'],
      ],
    );
    assert.ok(header.children.every((c) => c.ns === NS.sr));
  });

  it('leaves the optional fields out when not given', () => {
    const h = headerElement({ requestId: `${USER}:${ESME}:1`, commandVariant: 1, serviceReference: '8.8', serviceReferenceVariant: '8.8.2' });
    assert.deepEqual(
      h.elements!.map((e) => e.name),
      ['sr:RequestID', 'sr:CommandVariant', 'sr:ServiceReference', 'sr:ServiceReferenceVariant'],
    );
  });

  it('puts schemaVersion 5.1 on sr:Request by default and another when asked', () => {
    const h = headerElement({ requestId: `${USER}:${ESME}:1`, commandVariant: 1, serviceReference: '8.8', serviceReferenceVariant: '8.8.2' });
    assert.equal(readXml(toXml(requestElement(h, sr('X')))).attrs.schemaVersion, '5.1');
    assert.equal(readXml(toXml(requestElement(h, sr('X'), '5.4'))).attrs.schemaVersion, '5.4');
  });
});
