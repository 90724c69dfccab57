// Registers the host with browsers and removes it again: a plan of files and registry keys, then carried out.
import { existsSync } from 'node:fs';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EXTENSION_ID, GECKO_ID, NATIVE_HOST_NAME } from '../../lib/extension-identity';
import { writeFileAtomic } from '../config';
import { ensurePrivateDir } from '../private-dir';
import { launcherPath, launcherText, type LauncherSpec } from './launcher';
import { manifestDir, pathsFor, windowsKey, type Browser, type Place } from './locations';
import type { Registry } from './registry';

export type Step =
  /** `privateDir`: the file lives in the config dir, which must be the user's alone (see private-dir.ts). */
  | { kind: 'write'; path: string; text: string; mode: number; what: string; privateDir?: boolean }
  | { kind: 'remove'; path: string; what: string }
  | { kind: 'registry-set'; key: string; value: string; what: string }
  | { kind: 'registry-delete'; key: string; what: string };

export function manifestFor(browser: Browser, launcher: string): Record<string, unknown> {
  const common = { name: NATIVE_HOST_NAME, description: 'Mailbadge helper (IMAP unread counts)', path: launcher, type: 'stdio' };
  return browser === 'firefox'
    ? { ...common, allowed_extensions: [GECKO_ID] }
    : { ...common, allowed_origins: [`chrome-extension://${EXTENSION_ID}/`] };
}

/** Where a browser's manifest file lives: its own folder, or (Windows) our config dir with a registry key naming it. */
export function manifestLocation(browser: Browser, place: Place, configDir: string, dir?: string): { path: string; key?: string } {
  const { join } = pathsFor(place.platform);
  if (dir) return { path: join(dir, `${NATIVE_HOST_NAME}.json`) };
  if (place.platform === 'win32') return { path: join(configDir, `${NATIVE_HOST_NAME}.${browser}.json`), key: windowsKey(browser, NATIVE_HOST_NAME) };
  return { path: join(manifestDir(browser, place), `${NATIVE_HOST_NAME}.json`) };
}

export interface InstallPlan {
  browsers: Browser[];
  place: Place;
  launcher: LauncherSpec;
  /** Write the manifests into this directory instead of the browsers' own (e.g. `<profile>/NativeMessagingHosts`). */
  dir?: string;
}

export function planInstall({ browsers, place, launcher, dir }: InstallPlan): Step[] {
  const launcherFile = launcherPath(place.platform, launcher.configDir);
  const steps: Step[] = [{ kind: 'write', path: launcherFile, text: launcherText(place.platform, launcher), mode: 0o755, what: 'launcher', privateDir: true }];
  for (const browser of browsers) {
    const location = manifestLocation(browser, place, launcher.configDir, dir);
    const text = JSON.stringify(manifestFor(browser, launcherFile), null, 2) + '\n';
    // Browsers read the manifest as the user; nothing secret is in it.
    steps.push({ kind: 'write', path: location.path, text, mode: 0o644, what: `${browser} manifest` });
    if (location.key) steps.push({ kind: 'registry-set', key: location.key, value: location.path, what: `${browser} registry key` });
  }
  return steps;
}

export interface UninstallPlan {
  browsers: Browser[];
  place: Place;
  configDir: string;
  dir?: string;
  /** Keep the launcher: another browser's registration still points at it. */
  keepLauncher: boolean;
}

export function planUninstall({ browsers, place, configDir, dir, keepLauncher }: UninstallPlan): Step[] {
  const steps: Step[] = [];
  const keys = new Set<string>();
  for (const browser of browsers) {
    const location = manifestLocation(browser, place, configDir, dir);
    steps.push({ kind: 'remove', path: location.path, what: `${browser} manifest` });
    // Brave and Vivaldi share Chrome's key on Windows: delete it once.
    if (location.key && !keys.has(location.key)) {
      keys.add(location.key);
      steps.push({ kind: 'registry-delete', key: location.key, what: `${browser} registry key` });
    }
  }
  if (!keepLauncher) steps.push({ kind: 'remove', path: launcherPath(place.platform, configDir), what: 'launcher' });
  return steps;
}

/** Carries a plan out; returns one line per change made (steps that found nothing to remove say nothing). */
export async function carryOut(steps: Step[], registry: Registry): Promise<string[]> {
  const done: string[] = [];
  for (const step of steps) {
    switch (step.kind) {
      case 'write':
        // Whoever can write the launcher's folder can swap the program the browser runs; a manifest folder is
        // read by the browser as the user, and recursive mkdir would make it (and its parents) 0777 under umask 000.
        if (step.privateDir) await ensurePrivateDir(dirname(step.path));
        else await mkdir(dirname(step.path), { recursive: true, mode: 0o755 });
        await writeFileAtomic(step.path, step.text);
        await chmod(step.path, step.mode);
        done.push(`Wrote the ${step.what}: ${step.path}`);
        break;
      case 'remove':
        if (!existsSync(step.path)) break;
        await rm(step.path);
        done.push(`Removed the ${step.what}: ${step.path}`);
        break;
      case 'registry-set':
        registry.set(step.key, step.value);
        done.push(`Set the ${step.what}: ${step.key}`);
        break;
      case 'registry-delete':
        if (registry.delete(step.key)) done.push(`Deleted the ${step.what}: ${step.key}`);
        break;
    }
  }
  return done;
}

/** The browsers whose registration (manifest file, or registry key on Windows) is present. */
export function registeredBrowsers(browsers: readonly Browser[], place: Place, configDir: string, registry: Registry): Browser[] {
  return browsers.filter((browser) => {
    const location = manifestLocation(browser, place, configDir);
    return location.key ? registry.get(location.key) !== undefined : existsSync(location.path);
  });
}
