// Where each browser looks for native-messaging hosts and how to tell it is installed, per OS (pure: tests pass any OS).
import { posix, win32 } from 'node:path';
import { HostError } from '../errors';

export const BROWSERS = ['chrome', 'chromium', 'edge', 'brave', 'vivaldi', 'firefox'] as const;
export type Browser = (typeof BROWSERS)[number];

export type Platform = 'linux' | 'darwin' | 'win32';

/** The machine a plan is made for: its OS, the user's home and environment. Tests make up Windows and macOS ones. */
export interface Place {
  platform: Platform;
  home: string;
  env: Record<string, string | undefined>;
}

export function currentPlace(home: string, env: NodeJS.ProcessEnv = process.env): Place {
  const platform: Platform = process.platform === 'win32' || process.platform === 'darwin' ? process.platform : 'linux';
  return { platform, home, env };
}

export function pathsFor(platform: Platform): typeof posix {
  return platform === 'win32' ? win32 : posix;
}

// The per-user locations each browser documents (see shared/native-messaging.md).
const LINUX_DIRS: Record<Browser, string> = {
  chrome: '.config/google-chrome/NativeMessagingHosts',
  chromium: '.config/chromium/NativeMessagingHosts',
  edge: '.config/microsoft-edge/NativeMessagingHosts',
  brave: '.config/BraveSoftware/Brave-Browser/NativeMessagingHosts',
  vivaldi: '.config/vivaldi/NativeMessagingHosts',
  firefox: '.mozilla/native-messaging-hosts',
};
const MAC_DIRS: Record<Browser, string> = {
  chrome: 'Library/Application Support/Google/Chrome/NativeMessagingHosts',
  chromium: 'Library/Application Support/Chromium/NativeMessagingHosts',
  edge: 'Library/Application Support/Microsoft Edge/NativeMessagingHosts',
  brave: 'Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts',
  vivaldi: 'Library/Application Support/Vivaldi/NativeMessagingHosts',
  firefox: 'Library/Application Support/Mozilla/NativeMessagingHosts',
};
/** Brave and Vivaldi on Windows read Chrome's key, so one registration serves all three there. */
const WINDOWS_KEYS: Record<Browser, string> = {
  chrome: 'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts',
  chromium: 'HKCU\\Software\\Chromium\\NativeMessagingHosts',
  edge: 'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts',
  brave: 'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts',
  vivaldi: 'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts',
  firefox: 'HKCU\\Software\\Mozilla\\NativeMessagingHosts',
};

export function parseBrowsers(value: string | undefined): Browser[] | undefined {
  if (value === undefined) return undefined;
  if (value === 'all') return [...BROWSERS];
  if ((BROWSERS as readonly string[]).includes(value)) return [value as Browser];
  throw new HostError('BAD_MESSAGE', `Unknown browser "${value}". Use one of: ${BROWSERS.join(', ')}, all.`);
}

/** The directory that holds the host manifest on Linux and macOS. */
export function manifestDir(browser: Browser, place: Place): string {
  const { join } = pathsFor(place.platform);
  if (place.platform === 'darwin') return join(place.home, MAC_DIRS[browser]);
  const relative = LINUX_DIRS[browser];
  // ~/.config honours XDG_CONFIG_HOME (so does the browser); Firefox's ~/.mozilla does not.
  const xdg = place.env.XDG_CONFIG_HOME;
  if (relative.startsWith('.config/') && xdg) return join(xdg, relative.slice('.config/'.length));
  return join(place.home, relative);
}

/** The registry key whose default value names the manifest file, on Windows. */
export function windowsKey(browser: Browser, hostName: string): string {
  return `${WINDOWS_KEYS[browser]}\\${hostName}`;
}

/** Places whose existence shows a browser is installed or has been used: its profile folder or its program. */
export function browserTraces(browser: Browser, place: Place): { dirs: string[]; programs: string[] } {
  const { join, dirname } = pathsFor(place.platform);
  if (place.platform === 'win32') {
    const local = place.env.LOCALAPPDATA ?? join(place.home, 'AppData', 'Local');
    const roaming = place.env.APPDATA ?? join(place.home, 'AppData', 'Roaming');
    const dirs: Record<Browser, string> = {
      chrome: join(local, 'Google', 'Chrome', 'User Data'),
      chromium: join(local, 'Chromium', 'User Data'),
      edge: join(local, 'Microsoft', 'Edge', 'User Data'),
      brave: join(local, 'BraveSoftware', 'Brave-Browser', 'User Data'),
      vivaldi: join(local, 'Vivaldi', 'User Data'),
      firefox: join(roaming, 'Mozilla', 'Firefox'),
    };
    return { dirs: [dirs[browser]], programs: [] };
  }
  if (place.platform === 'darwin') {
    const apps: Record<Browser, string> = {
      chrome: 'Google Chrome.app',
      chromium: 'Chromium.app',
      edge: 'Microsoft Edge.app',
      brave: 'Brave Browser.app',
      vivaldi: 'Vivaldi.app',
      firefox: 'Firefox.app',
    };
    const profile = browser === 'firefox' ? join(place.home, 'Library/Application Support/Firefox') : dirname(manifestDir(browser, place));
    return { dirs: [profile, join('/Applications', apps[browser]), join(place.home, 'Applications', apps[browser])], programs: [] };
  }
  const programs: Record<Browser, string[]> = {
    chrome: ['google-chrome', 'google-chrome-stable'],
    chromium: ['chromium', 'chromium-browser'],
    edge: ['microsoft-edge', 'microsoft-edge-stable'],
    brave: ['brave-browser', 'brave'],
    vivaldi: ['vivaldi', 'vivaldi-stable'],
    firefox: ['firefox', 'firefox-esr'],
  };
  const config = place.env.XDG_CONFIG_HOME || join(place.home, '.config');
  // Recent Firefox keeps new profiles under ~/.config/mozilla, older ones under ~/.mozilla.
  const dirs = browser === 'firefox' ? [join(place.home, '.mozilla', 'firefox'), join(config, 'mozilla', 'firefox')] : [dirname(manifestDir(browser, place))];
  return { dirs, programs: programs[browser] };
}

/** The browsers that leave a trace here; `exists` and `onPath` are the file system's answers (injected for tests). */
export function findBrowsers(place: Place, exists: (path: string) => boolean, onPath: (program: string) => boolean): Browser[] {
  return BROWSERS.filter((browser) => {
    const traces = browserTraces(browser, place);
    return traces.dirs.some(exists) || traces.programs.some(onPath);
  });
}
