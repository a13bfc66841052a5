// Makes sure the end-to-end tests have a browser. On a Debian machine without one, installs
// Debian's chromium when we are root (as CI is here); otherwise says what to do. Also, best effort,
// Debian's firefox-esr for the demo page's Firefox check (e2e/support/firefox.ts): about 80 MB and
// 30–60 s to install here when absent; that check is skipped, with a line saying so, without it.
// SKIP_FIREFOX=1 leaves Firefox alone.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findBrowser } from './find-browser.mjs';

const isDebian = existsSync('/etc/debian_version');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };

function ensureFirefox() {
  const have = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p) => p && existsSync(p));
  if (have) return console.log(`firefox: ${have}`);
  if (process.env.SKIP_FIREFOX || !isDebian || !isRoot) return console.log('firefox: none (the demo page\'s Firefox check will be skipped; apt-get install firefox-esr to run it)');
  console.log('firefox: none found; installing Debian firefox-esr (apt-get install -y firefox-esr)…');
  const t0 = Date.now();
  try {
    execSync('apt-get install -y -qq firefox-esr || (apt-get update -qq && apt-get install -y -qq firefox-esr)', { stdio: 'inherit', env: aptEnv });
    console.log(`firefox: installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  } catch {
    console.log('firefox: could not be installed (the demo page\'s Firefox check will be skipped)');
  }
}

const found = await findBrowser();
if (found) {
  console.log(`browser: ${found}`);
  ensureFirefox();
  process.exit(0);
}
if (isDebian && isRoot) {
  console.log('browser: none found; installing Debian chromium (apt-get install -y chromium)…');
  execSync('apt-get update -qq && apt-get install -y -qq chromium', { stdio: 'inherit', env: aptEnv });
  const after = await findBrowser();
  if (after) {
    console.log(`browser: ${after}`);
    ensureFirefox();
    process.exit(0);
  }
}
console.error(
  'No Chromium found for the end-to-end tests. Set CHROMIUM_PATH to a Chromium/Chrome binary,\n' +
    "install Debian's package (sudo apt-get install chromium), or run `npx playwright install chromium`.",
);
process.exit(1);
