import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AppConfig } from '../config/app-config.js';
import { settleWithin, withTimeout } from '../common/timeouts.js';

/** The flags Chromium runs with: headless, no sandbox (containers), nothing that phones home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A counting semaphore: at most `limit` holders at once, the others wait in order. */
class Slots {
  private used = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async acquire(): Promise<void> {
    if (this.used < this.limit) {
      this.used++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.used--;
  }
}

/**
 * The browser of a renderer with its one context (no JavaScript, offline) and the pages it keeps
 * between renders. Pages belong to their browser: a new browser starts with none.
 */
interface Session {
  browser: Browser;
  context: BrowserContext;
  idle: Page[];
}

/**
 * Renders HTML to PDF with headless Chromium (Khmer needs a real shaping engine). One browser per
 * process, launched on first use and reused, with one context and at most PDF_MAX_PAGES pages,
 * made on first need and kept: a render takes an idle page, replaces its content and prints it
 * (making a context and a page per render cost more than the render itself). A page whose render
 * failed or timed out is closed, not kept. A browser that died (crash, OOM kill) is launched again
 * on the next render; each render has PDF_TIMEOUT_MS. Pages run without JavaScript and without
 * network: templates are self-contained.
 *
 * The browser is closed at the application's last shutdown step, after the workers have finished
 * their jobs (which may still render), and none is launched after that: a render that came later
 * would start a Chromium that nothing closes, outliving the app. Playwright itself is loaded on the
 * first render, not with the module (a process that renders nothing never pays for it).
 */
@Injectable()
export class PdfRenderer implements OnApplicationShutdown {
  private readonly logger = new Logger(PdfRenderer.name);
  private session: Promise<Session> | null = null;
  private readonly slots: Slots;
  private closing = false;

  constructor(private readonly config: AppConfig) {
    this.slots = new Slots(config.PDF_MAX_PAGES);
  }

  /** The live browser's session, launching one if there is none (or the last one died). */
  private async liveSession(): Promise<Session> {
    if (this.closing) throw new PdfRendererClosedError();
    if (this.session) {
      const current = await this.session.catch(() => null);
      if (current?.browser.isConnected()) return current;
      this.session = null;
    }
    const launching = this.launch();
    this.session = launching;
    try {
      const session = await launching;
      session.browser.on('disconnected', () => {
        if (!this.closing) this.logger.warn('Chromium disconnected; the next PDF launches a new one');
        if (this.session === launching) this.session = null;
      });
      return session;
    } catch (err) {
      if (this.session === launching) this.session = null;
      throw err;
    }
  }

  private async launch(): Promise<Session> {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: this.config.CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: this.config.PDF_TIMEOUT_MS,
    });
    // Shut down while it was launching: close it here, nobody else will.
    if (this.closing) {
      await settleWithin(browser.close(), 5000);
      throw new PdfRendererClosedError();
    }
    try {
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      return { browser, context, idle: [] };
    } catch (err) {
      await settleWithin(browser.close(), 5000);
      throw err;
    }
  }

  /** A page of the session for one render: an idle one, or a new one (never more than the slots). */
  private async takePage(session: Session): Promise<Page> {
    const kept = session.idle.pop();
    if (kept && !kept.isClosed()) return kept;
    const page = await session.context.newPage();
    // Nothing but the page's own data: URLs is ever loaded.
    await page.route('**/*', (route) =>
      route.request().url().startsWith('data:') ? route.continue() : route.abort(),
    );
    return page;
  }

  /** A4 PDF of a self-contained HTML page. */
  async render(html: string): Promise<Buffer> {
    await this.slots.acquire();
    try {
      const session = await this.liveSession();
      const page = await withTimeout(this.takePage(session), this.config.PDF_TIMEOUT_MS, 'PDF page');
      let keep = false;
      try {
        const work = (async () => {
          await page.setContent(html, { waitUntil: 'load', timeout: this.config.PDF_TIMEOUT_MS });
          await page.evaluateHandle('document.fonts.ready').catch(() => undefined);
          return page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
        })();
        const pdf = await withTimeout(work, this.config.PDF_TIMEOUT_MS, 'PDF render');
        keep = true;
        return pdf;
      } finally {
        // A page that failed or timed out may still be busy: closed, and the next render makes one.
        if (keep && !page.isClosed() && session.browser.isConnected()) session.idle.push(page);
        else await settleWithin(page.close(), 5000);
      }
    } finally {
      this.slots.release();
    }
  }

  /** After BeforeApplicationShutdown, where the workers finish their jobs in flight. */
  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    const session = this.session ? await this.session.catch(() => null) : null;
    this.session = null;
    if (session) await settleWithin(session.browser.close(), 5000);
  }
}

/** A render asked of a renderer that has shut down (the app is closing). */
export class PdfRendererClosedError extends Error {
  constructor() {
    super('the PDF renderer has shut down');
  }
}
