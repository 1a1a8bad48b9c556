// The Self-Service Interface in a real browser (Debian's Chromium through playwright-core): the
// losing Supplier, the gaining Supplier, the Network Operator and an unrelated Supplier each sign
// in with the form and read the ESME's trail; what each sees is checked against who sent what,
// no payload reaches the page, and a hostile device ID typed into the form stays text.
// Screenshots: reports/ssi/unit-*.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import * as rq from '../src/duis/requests/index.ts';
import { SsiBrowserSession } from '../src/ssi/browser-client.ts';
import { BrowserUnavailableError, launchChromium } from '../src/ssi/chromium.ts';
import type { SsiTrailView } from '../src/ssi/view.ts';
import type { SsiAccess } from '../src/targets/target.ts';
import { changeOfSupplier } from './sat-fixture.ts';
import { ESME, IHD, NETWORK_OPERATOR, SUPPLIER_A, SUPPLIER_B, Scenario, installEsmeAndIhd, users } from './reference-fixture.ts';

const SUPPLIER_C = 'Supplier C';
const SHOTS = join('reports', 'ssi');
const idOf = (name: string) => users.named(name).id;

for (const [side, baseline] of [['after SAT', 'all'], ['before SAT', 'all,-SAT']] as const) {
  describe(`SSI in Chromium, ${side}`, () => {
    let browser: Browser;
    let s: Scenario;
    let access: SsiAccess;
    let cJoin: string;
    /** GBCS payloads that crossed the wire: the CV 4's pre-command, the CV 5's signed copy, device responses. */
    const payloads = new Set<string>();
    const seen = new Map<string, SsiTrailView>();

    before(async () => {
      browser = await launchChromium();
      s = new Scenario(baseline);
      await installEsmeAndIhd(s);
      const refused = rq.joinServiceNonCritical(s.ctx(SUPPLIER_C), { target: ESME, otherDeviceId: IHD });
      assert.equal((await s.send(refused)).code, 'E4');
      cJoin = refused.requestId;
      await s.arrange(SUPPLIER_B, changeOfSupplier(s, SUPPLIER_B));
      for (const xml of s.emitted) for (const m of xml.matchAll(/<sr:GBCSPayload>([^<]+)</g)) payloads.add(m[1]!);
      access = await s.target.control.ssi!();
      mkdirSync(SHOTS, { recursive: true });
      for (const name of [SUPPLIER_A, SUPPLIER_B, NETWORK_OPERATOR, SUPPLIER_C]) {
        const account = access.accounts.find((a) => a.userId === idOf(name))!;
        const session = await SsiBrowserSession.signIn(browser, access, account);
        try {
          seen.set(name, await session.viewTrail(ESME));
          await session.screenshot(join(SHOTS, `unit-${side.replace(' ', '-')}-${name.replace(' ', '-').toLowerCase()}.png`));
        } finally {
          await session.close();
        }
      }
    });
    after(async () => {
      await browser?.close();
      await s?.close();
    });

    const usersSeenBy = (name: string) => new Set(seen.get(name)!.rows.map((r) => r.user));

    it('every viewer opens the trail and sees only the trail\'s columns', () => {
      for (const [name, view] of seen) {
        assert.equal(view.status, 200, name);
        for (const r of view.rows) assert.ok(r.title && r.srv && r.kind && r.at, `${name}: a row without title, SRV, kind or time`);
      }
    });

    it('the losing Supplier sees its own installation traffic and nothing of the others\'', () => {
      assert.deepEqual([...usersSeenBy(SUPPLIER_A)], [idOf(SUPPLIER_A)]);
      assert.ok(seen.get(SUPPLIER_A)!.rows.some((r) => r.srv === '8.1.1' && r.title === 'Commission Device'));
    });

    it('the unrelated Supplier sees only its own refused join', () => {
      const rows = seen.get(SUPPLIER_C)!.rows;
      assert.deepEqual([...usersSeenBy(SUPPLIER_C)], [idOf(SUPPLIER_C)]);
      assert.deepEqual(rows.map((r) => [r.kind, r.requestId, r.responseCode]).reverse(), [['Service Request', cJoin, ''], ['Service Response', cJoin, 'E4']]);
    });

    if (baseline === 'all') {
      it('the gaining Supplier sees the losing Supplier\'s traffic from before the change, and the unrelated Supplier\'s', () => {
        assert.deepEqual([...usersSeenBy(SUPPLIER_B)].sort(), [idOf(SUPPLIER_A), idOf(SUPPLIER_B), idOf(SUPPLIER_C)].sort());
        assert.equal(seen.get(SUPPLIER_B)!.scope, 'device');
      });

      it('the Network Operator sees every Supplier\'s traffic to the meter on its network', () => {
        assert.deepEqual([...usersSeenBy(NETWORK_OPERATOR)].sort(), [idOf(SUPPLIER_A), idOf(SUPPLIER_B), idOf(SUPPLIER_C)].sort());
      });
    } else {
      it('the gaining Supplier sees only its own Change of Supplier', () => {
        assert.deepEqual([...usersSeenBy(SUPPLIER_B)], [idOf(SUPPLIER_B)]);
        assert.ok(seen.get(SUPPLIER_B)!.rows.every((r) => r.srv === '6.23'));
        assert.equal(seen.get(SUPPLIER_B)!.scope, 'own');
      });

      it('the Network Operator sees nothing: it sent nothing', () => {
        assert.deepEqual(seen.get(NETWORK_OPERATOR)!.rows, []);
      });
    }

    it('no GBCS payload that crossed the wire reaches any page', () => {
      assert.ok(payloads.size >= 3, 'the scenario produced GBCS payloads to look for');
      for (const [name, view] of seen) {
        for (const p of payloads) assert.ok(!view.delivered.includes(p), `${name}'s page holds the payload ${p.slice(0, 24)}...`);
        assert.doesNotMatch(view.delivered, /GBCSPayload/);
      }
    });

    it('a hostile device ID typed into the form is shown as text and runs nothing', async () => {
      const account = access.accounts.find((a) => a.userId === idOf(SUPPLIER_B))!;
      const session = await SsiBrowserSession.signIn(browser, access, account);
      try {
        const dialogs: string[] = [];
        session.page.on('dialog', (d) => {
          dialogs.push(d.message());
          void d.dismiss();
        });
        const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
        const view = await session.viewTrail(hostile);
        assert.equal(view.status, 404);
        assert.equal(await session.page.locator('img').count(), 0, 'the img tag became an element');
        assert.equal(await session.page.locator('main script').count(), 0, 'the script tag became an element');
        assert.ok((await session.page.innerText('#outcome')).includes(hostile), 'the ID is not shown as typed');
        assert.deepEqual(dialogs, []);
      } finally {
        await session.close();
      }
    });
  });
}

describe('Chromium for the SSI tests', () => {
  it('says how to get Chromium when there is none at the configured path', async () => {
    await assert.rejects(launchChromium('/nonexistent/chromium'), (e: unknown) => e instanceof BrowserUnavailableError && /apt-get install -y chromium/.test(e.message));
  });
});
