import { after, before } from 'node:test';
import { existsSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { buildApp } from '../src/app.ts';
import { importArticlesFromDir } from '../src/articles/index.ts';
import { SAMPLE_CONTENT_DIR } from '../src/main.ts';
import { createTransport, startMailSender } from '../src/notifications/index.ts';
import type { DatabaseKind } from '../src/db/index.ts';
import { createTestEnv, type TestEnv } from './databases.ts';

/** Debian's Chromium; CI installs it (see .ci/run). Playwright never downloads a browser here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

// Quiet, offline, reproducible: no background traffic, no QUIC, no sandbox (CI runs as root).
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', '--no-first-run',
];

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Why browser tests cannot run, or undefined when they can. A missing Chromium skips them
 * visibly on a developer's machine, but fails under CI=true, where .ci/run must have installed it.
 */
export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH) || process.env.CI === 'true') return undefined;
  return `Chromium not found at ${CHROMIUM_PATH}`;
}

/** Launches headless Chromium (each launch gets its own throwaway profile). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export interface TestServer {
  /** e.g. `http://127.0.0.1:41234`, without a trailing slash. */
  readonly baseUrl: string;
  readonly env: TestEnv;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** More configuration, e.g. SMTP_URL or FORM_MIN_FILL_SECONDS. */
  readonly env?: Readonly<Record<string, string>>;
  /** BASE_URL is the server's own address (so links in its e-mails open it), not http://kidneydesk.test. */
  readonly ownBaseUrl?: boolean;
  /** Runs the outbox mail sender, as `serve` does (to SMTP_URL), polling every 100 ms. */
  readonly mailSender?: boolean;
}

/** The real app on a fresh database of `kind` with the sample articles loaded, listening on a free loopback port. */
export async function startServer(kind: DatabaseKind, options: ServerOptions = {}): Promise<TestServer> {
  const port = options.ownBaseUrl ? await freePort() : 0;
  const env = await createTestEnv(kind, { env: { ...(options.ownBaseUrl ? { BASE_URL: `http://127.0.0.1:${port}` } : {}), ...options.env } });
  try {
    const report = await importArticlesFromDir(env.ctx, SAMPLE_CONTENT_DIR, { sample: true });
    if (report.failedFiles > 0) throw new Error(`sample import failed: ${JSON.stringify(report.problems)}`);
    const app = await buildApp(env.ctx, { logger: false });
    await app.listen({ host: '127.0.0.1', port });
    const transport = options.mailSender ? createTransport(env.config) : undefined;
    const quiet = { info() {}, warn() {}, error() {} };
    const mail = transport ? startMailSender({ db: env.ctx.db, transport, clock: env.ctx.now, log: quiet, pollMs: 100 }) : undefined;
    return {
      baseUrl: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
      env,
      close: async () => {
        await app.close();
        await mail?.stop();
        transport?.close();
        await env.close();
      },
    };
  } catch (error) {
    await env.close();
    throw error;
  }
}

/** A port that was free a moment ago on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface PageRecord {
  /** Every console message, as `type: text`. */
  readonly console: string[];
  /** Content-Security-Policy violations, from `securitypolicyviolation` events and "Refused to" console messages. */
  readonly cspViolations: string[];
  /** Uncaught exceptions in the page. */
  readonly pageErrors: string[];
}

export interface RecordedPage {
  readonly page: Page;
  readonly record: PageRecord;
  /** Console errors, minus the ones a test expects (e.g. the 404 status of a missing page). */
  consoleErrors(options?: { allow?: RegExp }): string[];
}

const CSP_BINDING = '__kdReportCspViolation';

/**
 * A new context and page that record console messages, CSP violations and page errors.
 * Violations are caught by a `securitypolicyviolation` listener when JavaScript runs, and
 * by Chromium's own "Refused to …" console messages either way.
 */
export async function openRecordedPage(browser: Browser, options: BrowserContextOptions = {}): Promise<RecordedPage> {
  const context: BrowserContext = await browser.newContext(options);
  context.setDefaultTimeout(15_000);
  const record: PageRecord = { console: [], cspViolations: [], pageErrors: [] };
  if (options.javaScriptEnabled !== false) {
    await context.exposeBinding(CSP_BINDING, (_source, text: unknown) => { record.cspViolations.push(String(text)); });
    // Playwright injects init scripts outside the page's CSP, so the listener itself is never blocked.
    await context.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => {
      window.${CSP_BINDING}(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' on ' + e.documentURI);
    }, true);`);
  }
  const page = await context.newPage();
  page.on('console', (message) => {
    const text = `${message.type()}: ${message.text()}`;
    record.console.push(text);
    if (/Refused to|Content Security Policy/i.test(message.text())) record.cspViolations.push(text);
  });
  page.on('pageerror', (error) => { record.pageErrors.push(error.message); });
  return {
    page,
    record,
    consoleErrors: ({ allow } = {}) => record.console.filter((line) => line.startsWith('error:') && !(allow?.test(line) ?? false)),
  };
}

/** Runs axe-core (WCAG 2.0–2.2 A/AA) on the page; returns its serious and critical violations, one readable line each. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const nodes = v.nodes.slice(0, 5).map((n) => `\n    at ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').trim()}`);
      const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : '';
      return `${v.impact} ${v.id} on ${page.url()}: ${v.help} (${v.helpUrl})${nodes.join('')}${more}`;
    });
}

/**
 * One Chromium for a test file: launched before its tests, closed after them. Returns the skip
 * reason (undefined when Chromium is there) and a getter that fails clearly if it is missing.
 */
export function useBrowser(): { readonly skip: string | undefined; browser(): Browser } {
  const skip = browserSkipReason();
  let launched: Browser | undefined;
  before(async () => {
    if (!skip) launched = await launchBrowser();
  });
  after(async () => {
    await launched?.close();
  });
  return {
    skip,
    browser: () => {
      if (!launched) throw new Error('the browser was not launched');
      return launched;
    },
  };
}
