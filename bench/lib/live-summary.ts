// Turns what the live run recorded (reports, relay counters, process samples) into each contender's figures.
import type { Entrant } from './contenders';
import { median, percentile } from './stats';
import { delays } from './staleness';

export interface LiveTimeline {
  /** bytes and activeMs leave out the renewals of NOTIFY sessions between segments. */
  latency: { from: number; to: number; bytes: Record<string, number>; activeMs: number; rotations: { list: number; inbox: number } };
  idle: { from: number; to: number; bytesAtStart: Record<string, number>; bytesAtEnd: Record<string, number>; openedAtStart: Record<string, number>; openedAtEnd: Record<string, number>; cpu: Record<string, { cpuMs: number; wallMs: number }> };
  busy: { from: number; to: number; end: number; changes: number; rotations: { list: number; inbox: number }; cpu: Record<string, { cpuMs: number; wallMs: number }> };
}

export interface ContenderFigures {
  id: string;
  label: string;
  site: string;
  push: 'all' | 'inbox' | 'none';
  latency: { inboxMs: number[]; otherMs: number[]; unreportedInbox: number; unreportedOther: number };
  busy: { changes: number; p50Ms: number; p95Ms: number; maxMs: number; maxInboxMs: number; maxOtherMs: number; unreported: number; perFolderMaxMs: Record<string, number> };
  connections: { held: number; openedPerHour: number };
  bytes: { idlePerHour: number; perNewMail: number };
  rssMb: { median: number; max: number };
  cpuPercent: { idle: number; busy: number };
}

export interface LiveResult {
  messages: number;
  seconds: { latency: number; idle: number; busy: number };
  busyChanges: number;
  rotations: { list: number; inbox: number };
  /** Rotations Dovecot did by itself during the latency run (should be none: they would delay NOTIFY). */
  latencyRotations: { list: number; inbox: number };
  contenders: ContenderFigures[];
}

const HOUR_MS = 3_600_000;

export function summarizeLive(entrants: Entrant[], timeline: LiveTimeline): LiveResult {
  const contenders = entrants.map((entrant): ContenderFigures => {
    const { def, running, site } = entrant;
    const id = def.id;
    // Latency: the new mail of the latency run, reported any time until the idle window ends (slow pollers too).
    const latency = delays(site.model.changes, running.reports, { from: timeline.latency.from, to: timeline.latency.to, end: timeline.idle.to });
    const reported = (inbox: boolean) => latency.filter((d) => (d.folder === 'INBOX') === inbox && !d.censored).map((d) => d.ms);
    const unreported = (inbox: boolean) => latency.filter((d) => (d.folder === 'INBOX') === inbox && d.censored).length;
    // Staleness: every change of the busy scenario, until the grace period after it ends.
    const busy = delays(site.model.changes, running.reports, { from: timeline.busy.from, to: timeline.busy.to, end: timeline.busy.end });
    const perFolderMaxMs: Record<string, number> = {};
    for (const d of busy) perFolderMaxMs[d.folder] = Math.max(perFolderMaxMs[d.folder] ?? 0, d.ms);
    const busyMs = busy.map((d) => d.ms);
    const maxOf = (values: number[]) => (values.length ? Math.max(...values) : 0);
    const idleMs = timeline.idle.to - timeline.idle.from;
    const idleBytes = timeline.idle.bytesAtEnd[id]! - timeline.idle.bytesAtStart[id]!;
    const latencyMs = timeline.latency.activeMs;
    const latencyBytes = timeline.latency.bytes[id]!;
    const messages = latency.length;
    const cpu = (window: { cpuMs: number; wallMs: number } | undefined) => (window ? (100 * window.cpuMs) / window.wallMs : Number.NaN);
    return {
      id,
      label: def.label,
      site: def.site,
      push: def.push,
      latency: { inboxMs: reported(true), otherMs: reported(false), unreportedInbox: unreported(true), unreportedOther: unreported(false) },
      busy: {
        changes: busy.length,
        p50Ms: percentile(busyMs, 50),
        p95Ms: percentile(busyMs, 95),
        maxMs: maxOf(busyMs),
        maxInboxMs: maxOf(busy.filter((d) => d.folder === 'INBOX').map((d) => d.ms)),
        maxOtherMs: maxOf(busy.filter((d) => d.folder !== 'INBOX').map((d) => d.ms)),
        unreported: busy.filter((d) => d.censored).length,
        perFolderMaxMs,
      },
      connections: {
        held: running.meter.peak(),
        openedPerHour: ((timeline.idle.openedAtEnd[id]! - timeline.idle.openedAtStart[id]!) * HOUR_MS) / idleMs,
      },
      bytes: {
        idlePerHour: (idleBytes * HOUR_MS) / idleMs,
        // What the new mail cost beyond watching: the latency run's bytes minus the idle rate over the same time.
        perNewMail: messages ? Math.max(0, latencyBytes - (idleBytes / idleMs) * latencyMs) / messages : Number.NaN,
      },
      rssMb: { median: median(running.rssSamples), max: maxOf(running.rssSamples) },
      cpuPercent: { idle: cpu(timeline.idle.cpu[id]), busy: cpu(timeline.busy.cpu[id]) },
    };
  });
  return {
    messages: contenders[0] ? contenders[0].latency.inboxMs.length + contenders[0].latency.otherMs.length + contenders[0].latency.unreportedInbox + contenders[0].latency.unreportedOther : 0,
    seconds: { latency: (timeline.latency.to - timeline.latency.from) / 1000, idle: (timeline.idle.to - timeline.idle.from) / 1000, busy: (timeline.busy.to - timeline.busy.from) / 1000 },
    busyChanges: timeline.busy.changes,
    rotations: timeline.busy.rotations,
    latencyRotations: timeline.latency.rotations,
    contenders,
  };
}
