import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { createApiKey } from '../../gateway/auth/api-key-file.ts';

/** Debian's chromium: the tests never download a browser. */
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const hasChromium = existsSync(CHROMIUM);
/** Developers without chromium run the rest of the suite; CI must not pass by skipping. */
export const skipBrowser = !hasChromium && !process.env.CI;

/**
 * Screenshots for docs/screenshots/ only when asked (UPDATE_SCREENSHOTS=1): a test run leaves the repository as it
 * was.
 */
export const SCREENSHOT_DIR = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : null;

/** The suite's title, saying why it is skipped or failing when chromium is missing. */
export function browserSuiteName(subject: string): string {
  if (hasChromium) return `${subject} in Chromium`;
  return (
    `${subject} in Chromium (${CHROMIUM} is missing, apt-get install -y chromium: ` +
    `${skipBrowser ? 'skipped' : 'failing, since CI must run them'})`
  );
}

export interface ObservedBrowser {
  browser: Browser;
  context: BrowserContext;
  /** Every URL the pages requested, to prove nothing comes from another origin. */
  requested: string[];
  /** Chromium reports every blocked script, style, font or fetch; the pages must cause none. */
  cspViolations: string[];
  close(): Promise<void>;
}

/** Launches Chromium with one context that records every request and every Content Security Policy violation. */
export async function openObservedBrowser(viewport = { width: 1400, height: 900 }): Promise<ObservedBrowser> {
  if (!hasChromium)
    throw new Error(
      `Expected Debian's chromium at ${CHROMIUM} (CI is set, so the browser tests may not be skipped); ` +
        '.ci/run installs it with apt-get install -y chromium',
    );
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const requested: string[] = [];
  const cspViolations: string[] = [];
  context.on('request', (request) => void requested.push(request.url()));
  context.on('console', (message) => {
    if (/Content Security Policy|securitypolicyviolation/i.test(message.text()))
      cspViolations.push(`${message.location().url}: ${message.text()}`);
  });
  // Also the violations a page reports as events (e.g. of a style set by a script), on the console above.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(
        `securitypolicyviolation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} in ` +
          `${event.sourceFile}:${event.lineNumber}`,
      ),
    );
  });
  if (SCREENSHOT_DIR) mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    browser,
    context,
    requested,
    cspViolations,
    async close() {
      await context.close();
      await browser.close();
    },
  };
}

/** A second gateway over `cluster` with AUTH_MODE=required and one analyst API key, for the pages' credential field. */
export async function startGatewayRequiringKey(cluster: {
  startGateway(env: Record<string, string>): Promise<{ url: string }>;
}): Promise<{ gatewayUrl: string; key: string; dispose(): void }> {
  const keyDirectory = mkdtempSync(join(tmpdir(), 'bkn-browser-keys-'));
  const apiKeysFile = join(keyDirectory, 'api-keys.json');
  const { key } = createApiKey(apiKeysFile, { name: 'browser-test', roles: ['analyst'] });
  const { url } = await cluster.startGateway({ AUTH_MODE: 'required', API_KEYS_FILE: apiKeysFile });
  return { gatewayUrl: url, key, dispose: () => rmSync(keyDirectory, { recursive: true, force: true }) };
}
