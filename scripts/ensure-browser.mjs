// Makes sure the end-to-end tests have a browser. On a Debian machine without one, installs
// Debian's chromium when we are root (as CI is here); otherwise says what to do.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findBrowser } from './find-browser.mjs';

const found = await findBrowser();
if (found) {
  console.log(`browser: ${found}`);
  process.exit(0);
}
const isDebian = existsSync('/etc/debian_version');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isDebian && isRoot) {
  console.log('browser: none found; installing Debian chromium (apt-get install -y chromium)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execSync('apt-get update -qq && apt-get install -y -qq chromium', { stdio: 'inherit', env });
  const after = await findBrowser();
  if (after) {
    console.log(`browser: ${after}`);
    process.exit(0);
  }
}
console.error(
  'No Chromium found for the end-to-end tests. Set CHROMIUM_PATH to a Chromium/Chrome binary,\n' +
    "install Debian's package (sudo apt-get install chromium), or run `npx playwright install chromium`.",
);
process.exit(1);
