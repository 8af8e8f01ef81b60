/**
 * Debian's Chromium (`apt-get install chromium`) driven by playwright-core: no browser download.
 * The browser tests and the screenshot script launch it the same way.
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(executablePath: string = CHROMIUM_PATH): Promise<Browser> {
  return chromium.launch({
    executablePath,
    // No background traffic (it would only meet refused connections here); a fresh profile per
    // launch is playwright's own (it passes --user-data-dir itself).
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
