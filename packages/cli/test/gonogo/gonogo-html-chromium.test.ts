// The HTML report is checked the way a reviewer sees it: rendered by headless Chromium.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { memoryIo } from '../support/memory-io.js';
import { generateExport, repo } from './export-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`skipping the HTML report rendering test: ${CHROMIUM} is not installed (apt-get install chromium)`);

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
let dir: string;
let browser: Browser | undefined;
beforeAll(async () => {
  dir = generateExport();
  if (haveChromium) browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!haveChromium)('rollgate gonogo --format html renders in headless Chromium', () => {
  it('shows the verdict, every check, the exclusions and the charts, with no network request', async () => {
    const report = join(dir, 'report.html');
    const code = await main(['gonogo', 'scripts/plans/session-init-share.yaml', '--events', join(dir, 'events.jsonl'), '--format', 'html', '--out', report], memoryIo({ cwd: repo }));
    expect(code).toBe(0);
    const page = await browser!.newPage({ viewport: { width: 1200, height: 900 } });
    try {
      const requests: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url());
      });
      await page.goto(pathToFileURL(report).href);
      expect(await page.title()).toBe('session-init-share: GO');
      expect(await page.locator('#verdict').textContent()).toBe('GO');
      const text = (await page.locator('body').innerText()) ?? '';
      for (const s of ['init_share_p50 >= 0.3', 'init_share_p90 >= 0.4', 'Wilcoxon signed-rank', 'outside_window', 'negative_remainder', 'quantile of per-run ratios']) expect(text).toContain(s);
      const chartTitles = await page.locator('svg > title').allTextContents();
      expect(chartTitles).toEqual(
        expect.arrayContaining([
          expect.stringContaining('Segment distributions'),
          expect.stringContaining('p50 / p90 by turn bucket'),
          expect.stringContaining('Plan statistics with intervals'),
        ]),
      );
      // The charts have drawn something: each SVG has a non-zero laid-out box and marks in it.
      const boxes = await page.locator('svg').evaluateAll((els) => els.map((e) => [e.getBoundingClientRect().width, e.querySelectorAll('rect, circle').length]));
      for (const [width, marks] of boxes) {
        expect(width).toBeGreaterThan(100);
        expect(marks).toBeGreaterThan(0);
      }
      const shot = join(dir, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
      expect(statSync(shot).size).toBeGreaterThan(20_000);
      expect(requests).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('an experiment report shows conversion by variant with intervals', async () => {
    const report = join(dir, 'experiment.html');
    const code = await main(['gonogo', 'scripts/plans/fast-provisioning-setup.yaml', '--events', join(dir, 'events.jsonl'), '--format', 'html', '--out', report], memoryIo({ cwd: repo }));
    expect(code).toBe(3); // INCONCLUSIVE on the generated export, as pinned in scripts/test/expected
    const page = await browser!.newPage();
    try {
      await page.goto(pathToFileURL(report).href);
      expect(await page.locator('svg > title').allTextContents()).toContainEqual(expect.stringContaining('setup: conversion rate by variant'));
      expect(await page.locator('body').innerText()).toContain('sample ratio mismatch p >= 0.001');
    } finally {
      await page.close();
    }
  });
});
