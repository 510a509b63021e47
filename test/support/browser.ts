import { existsSync, mkdirSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

/** Debian's Chromium; the tests never download a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** True when real Chromium is installed; browser suites skip with a printed reason otherwise. */
export const chromiumAvailable = existsSync(CHROMIUM)
if (!chromiumAvailable) console.warn(`[pingyi tests] no Chromium at ${CHROMIUM}: browser tests are skipped (apt-get install -y chromium fonts-noto-cjk).`)

/** Launches headless Chromium with the flags this sandbox needs (no network beyond loopback). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  })
}

/** Phone viewports the evaluator pages are tested at. */
export const PHONES = {
  small: { width: 360, height: 640 },
  iphone: { width: 390, height: 844 },
} as const

/** Where screenshots go (git-ignored). */
export function screenshotPath(name: string): string {
  mkdirSync('test-results', { recursive: true })
  return `test-results/${name}.png`
}
