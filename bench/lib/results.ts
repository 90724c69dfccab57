// The shape of bench/results.json, as a zod schema: the bench writes it, the test in the suite checks a --quick
// run against it (shape only, never figures), and docs/performance.md is generated from it.
import { z } from 'zod';

export const SECTIONS = ['live', 'checks', 'cold-start', 'mark-read', 'scale', 'memory', 'extension', 'bundle'] as const;
export type Section = (typeof SECTIONS)[number];

/** One figure. `value` is null when it could not be measured in this run (the note says why). */
export const Row = z.object({
  section: z.enum(SECTIONS),
  /** Who or what was measured: a contender id ("mailbadge", "naive-headers") or an approach. */
  subject: z.string().min(1),
  label: z.string().min(1),
  metric: z.string().min(1),
  value: z.number().nullable(),
  unit: z.string(),
  note: z.string().optional(),
});
export type Row = z.infer<typeof Row>;

const Figures = z.object({
  id: z.string(),
  label: z.string(),
  site: z.string(),
  push: z.enum(['all', 'inbox', 'none']),
  latency: z.object({ inboxMs: z.array(z.number()), otherMs: z.array(z.number()), unreportedInbox: z.number(), unreportedOther: z.number() }),
  busy: z.object({
    changes: z.number(),
    p50Ms: z.number().nullable(),
    p95Ms: z.number().nullable(),
    maxMs: z.number(),
    maxInboxMs: z.number(),
    maxOtherMs: z.number(),
    unreported: z.number(),
    perFolderMaxMs: z.record(z.string(), z.number()),
  }),
  connections: z.object({ held: z.number(), openedPerHour: z.number() }),
  bytes: z.object({ idlePerHour: z.number(), perNewMail: z.number().nullable() }),
  rssMb: z.object({ median: z.number().nullable(), max: z.number() }),
  cpuPercent: z.object({ idle: z.number().nullable(), busy: z.number().nullable() }),
});

export const Results = z.object({
  schema: z.literal(1),
  at: z.string(),
  quick: z.boolean(),
  seconds: z.number(),
  machine: z.object({ cpus: z.number(), cpuModel: z.string(), memoryGb: z.number(), os: z.string(), kernel: z.string(), loadAverage: z.array(z.number()) }),
  versions: z.object({ node: z.string(), dovecot: z.string(), imapflow: z.string(), chromium: z.string(), host: z.string() }),
  settings: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.array(z.string())])),
  sections: z.array(z.enum(SECTIONS)),
  /** Sections that threw, with the error: their figures are missing (the run then exits non-zero). */
  failures: z.array(z.string()).default([]),
  rows: z.array(Row).min(1),
  live: z
    .object({
      messages: z.number(),
      seconds: z.object({ latency: z.number(), idle: z.number(), busy: z.number() }),
      busyChanges: z.number(),
      rotations: z.object({ list: z.number(), inbox: z.number() }),
      latencyRotations: z.object({ list: z.number(), inbox: z.number() }),
      contenders: z.array(Figures).min(1),
    })
    .optional(),
});
export type Results = z.infer<typeof Results>;

/** Collects rows as the sections run. */
export class RowSink {
  readonly rows: Row[] = [];

  add(section: Row['section'], subject: string, label: string, metric: string, value: number, unit: string, note?: string): void {
    this.rows.push({ section, subject, label, metric, value: Number.isFinite(value) ? value : null, unit, ...(note ? { note } : {}) });
  }
}
