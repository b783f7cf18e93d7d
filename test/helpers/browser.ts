/**
 * @module Headless Debian chromium driven by playwright-core for the web console's tests: a
 * page that records every console error and page error (the test fails on any), with a way to
 * declare the one failed request a step expects (Chromium logs every 4xx fetch as a console error).
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { hasTool } from './system-tool.js';

/** Debian's chromium (apt-get install chromium). */
export const CHROMIUM = '/usr/bin/chromium';

/** Whether chromium is installed; missing with REQUIRE_CHROMIUM=1 throws (CI must not skip). */
export function hasChromium(): boolean {
  return hasTool(CHROMIUM, ['--version'], 'REQUIRE_CHROMIUM', 'chromium');
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

export interface WatchedPage {
  readonly page: Page;
  /** Errors seen so far that no expectation covered; the caller asserts it is empty. */
  errors(): string[];
  /** Runs `step`, during which exactly one request to a URL containing `urlPart` fails with `status`. */
  expectFailedRequest<T>(status: number, urlPart: string, step: () => Promise<T>): Promise<T>;
}

/** A new page of `width` x 900 that records errors and accepts confirm() dialogs. */
export async function openPage(browser: Browser, width: number): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  const expected: { status: number; urlPart: string; seen: number }[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    const url = message.location().url;
    const hit = expected.find((e) => text.includes(`status of ${e.status}`) && url.includes(e.urlPart));
    if (hit) hit.seen++;
    else errors.push(`console error: ${text} (${url})`);
  });
  page.on('dialog', (dialog) => void dialog.accept());
  return {
    page,
    errors: () => [...errors],
    async expectFailedRequest(status, urlPart, step) {
      const entry = { status, urlPart, seen: 0 };
      expected.push(entry);
      const response = page.waitForResponse((r) => r.status() === status && r.url().includes(urlPart));
      const result = await step();
      await response;
      // The console message follows the response; give it a moment, then stop allowing it.
      await page.waitForTimeout(50);
      expected.splice(expected.indexOf(entry), 1);
      if (entry.seen > 1) errors.push(`expected one failed request to ${urlPart}, saw ${entry.seen}`);
      return result;
    },
  };
}
