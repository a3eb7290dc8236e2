import { existsSync } from 'node:fs';

/**
 * The Chrome or Chromium to drive: CHROME_PATH, else the usual install paths.
 * Exits with a one-line error when there is none, since nothing can run without it.
 */
export function findChrome() {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ];
  const found = candidates.find((path) => path && existsSync(path));
  if (!found) {
    console.error(
      'sse-kit needs Chrome or Chromium here: set CHROME_PATH=/path/to/chrome, or install one (Debian/Ubuntu: apt-get install -y chromium).',
    );
    process.exit(1);
  }
  return found;
}

/** Flags for a headless Chromium on a machine without outside network. */
export const chromeArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
