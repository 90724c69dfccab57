// Where `install` writes on each OS, checked against the locations the browsers document (shared/native-messaging.md).
// Windows and macOS cannot run here, so their plans are made for a made-up machine and compared with the documentation.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_ID, GECKO_ID } from '../../lib/extension-identity';
import { HOST_NODE_FLAGS, launcherText, readLauncher } from '../../native-host/install/launcher';
import { BROWSERS, findBrowsers, type Place } from '../../native-host/install/locations';
import { carryOut, planInstall, planUninstall, type Step } from '../../native-host/install/register';
import { windowsRegistry } from '../../native-host/install/registry';
import { newEnough } from '../../native-host/doctor/browser-checks';

const WINDOWS: Place = {
  platform: 'win32',
  home: 'C:\\Users\\ada',
  env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' },
};
const MAC: Place = { platform: 'darwin', home: '/Users/ada', env: {} };
const LINUX: Place = { platform: 'linux', home: '/home/ada', env: {} };

const winLauncher = { nodePath: 'C:\\Program Files\\nodejs\\node.exe', bundlePath: 'C:\\Users\\ada\\AppData\\Roaming\\npm\\node_modules\\mailbadge-host\\mailbadge-host.mjs', configDir: 'C:\\Users\\ada\\AppData\\Roaming\\Mailbadge' };
const unixLauncher = (home: string) => ({ nodePath: '/usr/local/bin/node', bundlePath: '/usr/local/lib/node_modules/mailbadge-host/mailbadge-host.mjs', configDir: `${home}/.config/mailbadge` });

const writes = (steps: Step[]) => Object.fromEntries(steps.flatMap((s) => (s.kind === 'write' ? [[s.what, s.path]] : [])));

describe('install plan', () => {
  it('on Linux writes each manifest into the documented per-user folder, honouring XDG_CONFIG_HOME but not for Firefox', () => {
    expect(writes(planInstall({ browsers: [...BROWSERS], place: LINUX, launcher: unixLauncher('/home/ada') }))).toEqual({
      launcher: '/home/ada/.config/mailbadge/mailbadge-host',
      'chrome manifest': '/home/ada/.config/google-chrome/NativeMessagingHosts/app.mailbadge.host.json',
      'chromium manifest': '/home/ada/.config/chromium/NativeMessagingHosts/app.mailbadge.host.json',
      'edge manifest': '/home/ada/.config/microsoft-edge/NativeMessagingHosts/app.mailbadge.host.json',
      'brave manifest': '/home/ada/.config/BraveSoftware/Brave-Browser/NativeMessagingHosts/app.mailbadge.host.json',
      'vivaldi manifest': '/home/ada/.config/vivaldi/NativeMessagingHosts/app.mailbadge.host.json',
      'firefox manifest': '/home/ada/.mozilla/native-messaging-hosts/app.mailbadge.host.json',
    });
    const xdg = { ...LINUX, env: { XDG_CONFIG_HOME: '/home/ada/cfg' } };
    expect(writes(planInstall({ browsers: ['chromium', 'firefox'], place: xdg, launcher: unixLauncher('/home/ada') }))).toMatchObject({
      'chromium manifest': '/home/ada/cfg/chromium/NativeMessagingHosts/app.mailbadge.host.json',
      'firefox manifest': '/home/ada/.mozilla/native-messaging-hosts/app.mailbadge.host.json',
    });
  });

  it('on macOS writes into ~/Library/Application Support as documented', () => {
    expect(writes(planInstall({ browsers: [...BROWSERS], place: MAC, launcher: unixLauncher('/Users/ada') }))).toMatchObject({
      'chrome manifest': '/Users/ada/Library/Application Support/Google/Chrome/NativeMessagingHosts/app.mailbadge.host.json',
      'chromium manifest': '/Users/ada/Library/Application Support/Chromium/NativeMessagingHosts/app.mailbadge.host.json',
      'edge manifest': '/Users/ada/Library/Application Support/Microsoft Edge/NativeMessagingHosts/app.mailbadge.host.json',
      'brave manifest': '/Users/ada/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts/app.mailbadge.host.json',
      'vivaldi manifest': '/Users/ada/Library/Application Support/Vivaldi/NativeMessagingHosts/app.mailbadge.host.json',
      'firefox manifest': '/Users/ada/Library/Application Support/Mozilla/NativeMessagingHosts/app.mailbadge.host.json',
    });
  });

  it('on Windows writes the manifests and a .bat launcher into %APPDATA%\\Mailbadge and names each in the documented HKCU key', () => {
    const steps = planInstall({ browsers: ['chrome', 'edge', 'firefox', 'brave'], place: WINDOWS, launcher: winLauncher });
    expect(steps.filter((s) => s.kind === 'registry-set')).toEqual([
      { kind: 'registry-set', key: 'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\app.mailbadge.host', value: 'C:\\Users\\ada\\AppData\\Roaming\\Mailbadge\\app.mailbadge.host.chrome.json', what: 'chrome registry key' },
      { kind: 'registry-set', key: 'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\app.mailbadge.host', value: 'C:\\Users\\ada\\AppData\\Roaming\\Mailbadge\\app.mailbadge.host.edge.json', what: 'edge registry key' },
      { kind: 'registry-set', key: 'HKCU\\Software\\Mozilla\\NativeMessagingHosts\\app.mailbadge.host', value: 'C:\\Users\\ada\\AppData\\Roaming\\Mailbadge\\app.mailbadge.host.firefox.json', what: 'firefox registry key' },
      // Brave reads Chrome's key on Windows.
      { kind: 'registry-set', key: 'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\app.mailbadge.host', value: 'C:\\Users\\ada\\AppData\\Roaming\\Mailbadge\\app.mailbadge.host.brave.json', what: 'brave registry key' },
    ]);
    expect(writes(steps).launcher).toBe('C:\\Users\\ada\\AppData\\Roaming\\Mailbadge\\mailbadge-host.bat');
    const firefox = steps.find((s) => s.kind === 'write' && s.what === 'firefox manifest');
    expect(firefox?.kind === 'write' && JSON.parse(firefox.text)).toEqual({
      name: 'app.mailbadge.host',
      description: expect.any(String),
      path: 'C:\\Users\\ada\\AppData\\Roaming\\Mailbadge\\mailbadge-host.bat',
      type: 'stdio',
      allowed_extensions: [GECKO_ID],
    });
    const chrome = steps.find((s) => s.kind === 'write' && s.what === 'chrome manifest');
    expect(chrome?.kind === 'write' && JSON.parse(chrome.text).allowed_origins).toEqual([`chrome-extension://${EXTENSION_ID}/`]);
  });

  it('on Windows uninstall deletes each key once (Brave and Vivaldi share Chrome\'s) and the launcher', () => {
    const steps = planUninstall({ browsers: [...BROWSERS], place: WINDOWS, configDir: winLauncher.configDir, keepLauncher: false });
    expect(steps.filter((s) => s.kind === 'registry-delete').map((s) => s.kind === 'registry-delete' && s.key)).toEqual([
      'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\app.mailbadge.host',
      'HKCU\\Software\\Chromium\\NativeMessagingHosts\\app.mailbadge.host',
      'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\app.mailbadge.host',
      'HKCU\\Software\\Mozilla\\NativeMessagingHosts\\app.mailbadge.host',
    ]);
    expect(steps.at(-1)).toEqual({ kind: 'remove', path: 'C:\\Users\\ada\\AppData\\Roaming\\Mailbadge\\mailbadge-host.bat', what: 'launcher' });
  });
});

describe('Windows registry', () => {
  it('writes, reads and deletes the default value with reg.exe as documented', () => {
    const calls: string[][] = [];
    const registry = windowsRegistry((args) => {
      calls.push(args);
      if (args[0] === 'query') return '\r\nHKEY_CURRENT_USER\\Software\\Mozilla\\NativeMessagingHosts\\app.mailbadge.host\r\n    (Default)    REG_SZ    C:\\Users\\ada\\m.json\r\n\r\n';
      return 'The operation completed successfully.';
    });
    const key = 'HKCU\\Software\\Mozilla\\NativeMessagingHosts\\app.mailbadge.host';
    registry.set(key, 'C:\\Users\\ada\\m.json');
    expect(registry.get(key)).toBe('C:\\Users\\ada\\m.json');
    expect(registry.delete(key)).toBe(true);
    expect(calls).toEqual([
      ['add', key, '/ve', '/t', 'REG_SZ', '/d', 'C:\\Users\\ada\\m.json', '/f'],
      ['query', key, '/ve'],
      ['delete', key, '/f'],
    ]);
  });

  it('reports a missing key as absent rather than failing', () => {
    const registry = windowsRegistry(() => {
      throw new Error('ERROR: The system was unable to find the specified registry key or value.');
    });
    expect(registry.get('HKCU\\Software\\Chromium\\NativeMessagingHosts\\app.mailbadge.host')).toBeUndefined();
    expect(registry.delete('HKCU\\Software\\Chromium\\NativeMessagingHosts\\app.mailbadge.host')).toBe(false);
  });
});

describe('launcher', () => {
  it('pins the absolute Node.js path and the config dir, and doctor reads back what it runs', () => {
    const spec = { nodePath: '/opt/node "22"/bin/node', bundlePath: '/usr/lib/node_modules/mailbadge-host/mailbadge-host.mjs', configDir: '/home/ada/.config/mailbadge', secrets: 'file' };
    const text = launcherText('linux', spec);
    expect(text).toMatch(/^#!\/bin\/sh\n/);
    expect(text).toContain('MAILBADGE_CONFIG_DIR="${MAILBADGE_CONFIG_DIR:-/home/ada/.config/mailbadge}"');
    expect(text).toContain(`exec "/opt/node \\"22\\"/bin/node" ${HOST_NODE_FLAGS.join(' ')} "/usr/lib/node_modules/mailbadge-host/mailbadge-host.mjs" "$@"`);
    expect(readLauncher(text)).toEqual({ nodePath: spec.nodePath, bundlePath: spec.bundlePath, secrets: 'file' });
    expect(readLauncher(launcherText('linux', { ...spec, secrets: undefined }))).toEqual({ nodePath: spec.nodePath, bundlePath: spec.bundlePath });
  });

  it('on Windows is a .bat that runs node.exe with the arguments the browser passes', () => {
    const text = launcherText('win32', winLauncher);
    expect(text).toContain('set "MAILBADGE_CONFIG_DIR=C:\\Users\\ada\\AppData\\Roaming\\Mailbadge"\r\n');
    expect(text).toContain(`"C:\\Program Files\\nodejs\\node.exe" ${HOST_NODE_FLAGS.join(' ')} "${winLauncher.bundlePath}" %*\r\n`);
    expect(readLauncher(text)).toEqual({ nodePath: winLauncher.nodePath, bundlePath: winLauncher.bundlePath });
  });

  it('is not mistaken for ours when someone else wrote it', () => {
    expect(readLauncher('#!/bin/sh\nexec "/usr/bin/node" "/x.mjs" "$@"\n')).toBeUndefined();
  });
});

describe('finding browsers', () => {
  it('counts a browser as present by its profile folder or its program on PATH', () => {
    const dirs = new Set(['/home/ada/.config/google-chrome', '/home/ada/.config/mozilla/firefox']);
    expect(findBrowsers(LINUX, (p) => dirs.has(p), (program) => program === 'chromium')).toEqual(['chrome', 'chromium', 'firefox']);
  });

  it('on Windows and macOS looks where those systems keep profiles and applications', () => {
    const win = new Set(['C:\\Users\\ada\\AppData\\Local\\Microsoft\\Edge\\User Data', 'C:\\Users\\ada\\AppData\\Roaming\\Mozilla\\Firefox']);
    expect(findBrowsers(WINDOWS, (p) => win.has(p), () => false)).toEqual(['edge', 'firefox']);
    const mac = new Set(['/Applications/Google Chrome.app', '/Users/ada/Library/Application Support/BraveSoftware/Brave-Browser']);
    expect(findBrowsers(MAC, (p) => mac.has(p), () => false)).toEqual(['chrome', 'brave']);
  });
});

describe('carrying out a plan', () => {
  it('writes an executable launcher and world-readable manifests, and uninstall removes them again', async () => {
    const home = await mkdtemp(join(tmpdir(), 'mailbadge-plan-'));
    try {
      const place: Place = { platform: 'linux', home, env: {} };
      const launcher = { ...unixLauncher(home), nodePath: process.execPath };
      const done = await carryOut(planInstall({ browsers: ['firefox'], place, launcher }), windowsRegistry(() => ''));
      expect(done).toEqual([`Wrote the launcher: ${home}/.config/mailbadge/mailbadge-host`, `Wrote the firefox manifest: ${home}/.mozilla/native-messaging-hosts/app.mailbadge.host.json`]);
      expect((await stat(`${home}/.config/mailbadge/mailbadge-host`)).mode & 0o777).toBe(0o755);
      expect((await stat(`${home}/.mozilla/native-messaging-hosts/app.mailbadge.host.json`)).mode & 0o777).toBe(0o644);
      expect(JSON.parse(await readFile(`${home}/.mozilla/native-messaging-hosts/app.mailbadge.host.json`, 'utf8')).path).toBe(`${home}/.config/mailbadge/mailbadge-host`);
      const removed = await carryOut(planUninstall({ browsers: [...BROWSERS], place, configDir: launcher.configDir, keepLauncher: false }), windowsRegistry(() => ''));
      expect(removed).toEqual([`Removed the firefox manifest: ${home}/.mozilla/native-messaging-hosts/app.mailbadge.host.json`, `Removed the launcher: ${home}/.config/mailbadge/mailbadge-host`]);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});

describe('Node.js version', () => {
  it('accepts 20.19 and newer only', () => {
    expect(newEnough('v20.19.0')).toBe(true);
    expect(newEnough('v22.1.0')).toBe(true);
    expect(newEnough('v20.18.3')).toBe(false);
    expect(newEnough('v18.20.4')).toBe(false);
  });
});
