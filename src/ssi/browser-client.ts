// A User in the Self-Service Interface through a real browser: signs in with the form, types the
// device into the trail form, and reads the trail table as the page shows it. Everything the
// page delivered (HTML and rendered text) is kept, so callers can check what must not be there.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { SsiAccess, SsiAccount } from '../targets/target.ts';
import type { SsiRow, SsiTrailView } from './view.ts';

/** Generous for a local server; a page that takes longer is a failure worth seeing. */
const NAVIGATION_TIMEOUT_MS = 15_000;

export class SsiSignInError extends Error {}

export class SsiBrowserSession {
  private constructor(
    private readonly context: BrowserContext,
    readonly page: Page,
    private readonly base: string,
  ) {}

  /** A fresh context (no cookies) signed in as `account` through the sign-in form. */
  static async signIn(browser: Browser, access: SsiAccess, account: SsiAccount): Promise<SsiBrowserSession> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    context.setDefaultTimeout(NAVIGATION_TIMEOUT_MS);
    const page = await context.newPage();
    const session = new SsiBrowserSession(context, page, access.url.replace(/\/+$/, ''));
    try {
      await page.goto(`${session.base}/login`);
      await page.fill('#login', account.login);
      await page.fill('#password', account.password);
      await Promise.all([page.waitForNavigation(), page.click('form[action$="/login"] button[type=submit]')]);
      if (!new URL(page.url()).pathname.endsWith('/devices')) {
        const said = (await page.locator('[role=alert], .error').allInnerTexts()).join(' ');
        throw new SsiSignInError(`signing in to ${session.base} as ${account.login} ended on ${page.url()}${said ? `: ${said}` : ''}`);
      }
      return session;
    } catch (e) {
      await context.close();
      throw e;
    }
  }

  /** Ask for a device's trail with the form on the devices page, as a person would. */
  async viewTrail(deviceId: string): Promise<SsiTrailView> {
    const page = this.page;
    if (!new URL(page.url()).pathname.endsWith('/devices')) await page.goto(`${this.base}/devices`);
    await page.fill('#device', deviceId);
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/trail')),
      page.click('form[action$="/trail"] button[type=submit]'),
    ]);
    await page.waitForLoadState('load');
    const status = response.status();
    // the callback runs in the page: no named helpers inside it (the TypeScript loader would
    // wrap them in a helper that only exists in Node)
    const cells =
      status === 200
        ? await page.$$eval('#trail tbody tr', (trs) =>
            trs.map((tr) => Object.fromEntries(Array.from(tr.querySelectorAll('td[data-field]')).map((td) => [td.getAttribute('data-field') ?? '', (td.textContent ?? '').trim()]))),
          )
        : [];
    const rows: SsiRow[] = cells.map((c) => ({
      at: c['at'] ?? '',
      kind: c['kind'] ?? '',
      srv: c['srv'] ?? '',
      title: c['title'] ?? '',
      requestId: c['requestId'] ?? '',
      user: c['user'] ?? '',
      devices: (c['devices'] ?? '').split(',').map((d) => d.trim()).filter(Boolean),
      responseCode: c['responseCode'] ?? '',
    }));
    const scope = status === 200 ? ((await page.getAttribute('#scope', 'data-scope')) ?? undefined) : undefined;
    const delivered = `${await page.content()}\n${await page.innerText('body')}`;
    return { via: 'browser', status, ...(scope ? { scope } : {}), rows, delivered };
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true });
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
