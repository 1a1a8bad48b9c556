// The browser the suite drives the Self-Service Interface with: Debian's Chromium through
// playwright-core (which never downloads a browser of its own). One browser per process, started
// on first use; callers open a fresh context (own cookies, own storage) per scenario and User.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM_ENV = 'SEC_CONFORMANCE_CHROMIUM';
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * Flags that work in containers and CI: no sandbox (no user namespaces there), no GPU, no network
 * traffic of Chromium's own. Playwright adds a fresh temporary --user-data-dir per launch.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export class BrowserUnavailableError extends Error {}

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env[CHROMIUM_ENV] || DEFAULT_CHROMIUM;
}

let shared: Promise<Browser> | undefined;

/** The process's browser, launched on first call. */
export function sharedBrowser(): Promise<Browser> {
  if (!shared) {
    shared = launchChromium();
    shared.catch(() => (shared = undefined));
  }
  return shared;
}

export async function launchChromium(executablePath = chromiumPath()): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new BrowserUnavailableError(
      `no Chromium at ${executablePath}: install Debian's (apt-get install -y chromium) or point ${CHROMIUM_ENV} at one`,
    );
  }
  // loaded here, not at the top: a run without SSI scenarios never pays for playwright-core
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
}

/** Close the shared browser, if one was started. */
export async function closeSharedBrowser(): Promise<void> {
  const b = shared;
  shared = undefined;
  if (b) await (await b.catch(() => undefined))?.close();
}
