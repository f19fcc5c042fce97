import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Browser } from 'playwright-core';
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
 * Renders HTML to PDF with headless Chromium (Khmer needs a real shaping engine). One browser per
 * process, launched on first use and reused; at most PDF_MAX_PAGES pages at once; a browser that
 * died (crash, OOM kill) is launched again on the next render; each render has PDF_TIMEOUT_MS.
 * Pages run without JavaScript and without network: templates are self-contained.
 *
 * The browser is closed at the application's last shutdown step, after the workers have finished
 * their jobs (which may still render), and none is launched after that: a render that came later
 * would start a Chromium that nothing closes, outliving the app. Playwright itself is loaded on the
 * first render, not with the module (a process that renders nothing never pays for it).
 */
@Injectable()
export class PdfRenderer implements OnApplicationShutdown {
  private readonly logger = new Logger(PdfRenderer.name);
  private browser: Promise<Browser> | null = null;
  private readonly slots: Slots;
  private closing = false;

  constructor(private readonly config: AppConfig) {
    this.slots = new Slots(config.PDF_MAX_PAGES);
  }

  /** The live browser, launching one if there is none (or the last one died). */
  private async liveBrowser(): Promise<Browser> {
    if (this.closing) throw new PdfRendererClosedError();
    if (this.browser) {
      const current = await this.browser.catch(() => null);
      if (current?.isConnected()) return current;
      this.browser = null;
    }
    const launching = this.launch();
    this.browser = launching;
    try {
      const browser = await launching;
      browser.on('disconnected', () => {
        if (!this.closing) this.logger.warn('Chromium disconnected; the next PDF launches a new one');
        if (this.browser === launching) this.browser = null;
      });
      return browser;
    } catch (err) {
      if (this.browser === launching) this.browser = null;
      throw err;
    }
  }

  private async launch(): Promise<Browser> {
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
    return browser;
  }

  /** A4 PDF of a self-contained HTML page. */
  async render(html: string): Promise<Buffer> {
    await this.slots.acquire();
    try {
      const browser = await this.liveBrowser();
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      try {
        const work = (async () => {
          const page = await context.newPage();
          await page.route('**/*', (route) =>
            route.request().url().startsWith('data:') ? route.continue() : route.abort(),
          );
          await page.setContent(html, { waitUntil: 'load', timeout: this.config.PDF_TIMEOUT_MS });
          await page.evaluateHandle('document.fonts.ready').catch(() => undefined);
          return page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
        })();
        return await withTimeout(work, this.config.PDF_TIMEOUT_MS, 'PDF render');
      } finally {
        await settleWithin(context.close(), 5000);
      }
    } finally {
      this.slots.release();
    }
  }

  /** After BeforeApplicationShutdown, where the workers finish their jobs in flight. */
  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    const browser = this.browser ? await this.browser.catch(() => null) : null;
    this.browser = null;
    if (browser) await settleWithin(browser.close(), 5000);
  }
}

/** A render asked of a renderer that has shut down (the app is closing). */
export class PdfRendererClosedError extends Error {
  constructor() {
    super('the PDF renderer has shut down');
  }
}
