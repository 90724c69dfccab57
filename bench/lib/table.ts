// The results as tables, for the terminal and for docs/performance.md: the live run as contenders × figures
// (each with its ratio to the naive client), every other section as one line per figure.
import type { Results, Row } from './results';

export interface Table {
  title: string;
  headers: string[];
  rows: string[][];
}

type Figures = NonNullable<Results['live']>['contenders'][number];
const NAIVE = 'naive-headers';

const seconds = (ms: number | null | undefined): string => (ms === null || ms === undefined || !Number.isFinite(ms) ? '–' : ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(0)} s`);
const number = (value: number | null | undefined, digits = 1): string => (value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));
const ratio = (value: number | null | undefined, base: number | null | undefined): string => {
  if (value === null || value === undefined || base === null || base === undefined || !Number.isFinite(value) || !Number.isFinite(base) || base === 0) return '';
  const r = value / base;
  return ` ×${r >= 10 ? r.toFixed(0) : r >= 0.1 ? r.toFixed(2) : r.toPrecision(1)}`;
};

function pct(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function latencyCell(values: number[], unreported: number, base?: number[]): string {
  if (values.length === 0) return unreported ? `none of ${unreported}` : '–';
  const text = `${seconds(pct(values, 50))} / ${seconds(pct(values, 95))} / ${seconds(Math.max(...values))}`;
  return `${text}${base ? ratio(pct(values, 50), pct(base, 50)) : ''}${unreported ? ` (+${unreported} unreported)` : ''}`;
}

export function liveTables(live: NonNullable<Results['live']>): Table[] {
  const naive = live.contenders.find((c) => c.id === NAIVE);
  const latency: Table = {
    title: `New mail → reported (p50 / p95 / max; ×ratio of p50 to the naive client), ${live.messages} messages over 20 folders (${live.latencyRotations.list + live.latencyRotations.inbox} unforced index-log rotations meanwhile); busy scenario: max staleness over ${live.contenders[0]?.busy.changes ?? live.busyChanges} changes in ${Math.round(live.seconds.busy)} s with ${live.rotations.list} list-index and ${live.rotations.inbox} INBOX-index rotations`,
    headers: ['contender', 'INBOX', 'other folders', 'busy: max stale INBOX', 'busy: max stale other', 'busy: unreported'],
    rows: live.contenders.map((c: Figures) => [
      c.label,
      latencyCell(c.latency.inboxMs, c.latency.unreportedInbox, naive?.latency.inboxMs),
      latencyCell(c.latency.otherMs, c.latency.unreportedOther, naive?.latency.otherMs),
      `${seconds(c.busy.maxInboxMs)}${ratio(c.busy.maxInboxMs, naive?.busy.maxInboxMs)}`,
      `${seconds(c.busy.maxOtherMs)}${ratio(c.busy.maxOtherMs, naive?.busy.maxOtherMs)}`,
      `${c.busy.unreported} of ${c.busy.changes}`,
    ]),
  };
  const cost: Table = {
    title: `Cost of watching 20 folders (×ratio to the naive client); idle over ${Math.round(live.seconds.idle)} s`,
    headers: ['contender', 'connections held', 'connections opened / h', 'idle bytes / h', 'bytes per new mail', 'RSS MB', 'CPU idle %', 'CPU busy %'],
    rows: live.contenders.map((c: Figures) => [
      c.label,
      `${c.connections.held}${ratio(c.connections.held, naive?.connections.held)}`,
      `${number(c.connections.openedPerHour, 0)}${ratio(c.connections.openedPerHour, naive?.connections.openedPerHour)}`,
      `${bytes(c.bytes.idlePerHour)}${ratio(c.bytes.idlePerHour, naive?.bytes.idlePerHour)}`,
      `${bytes(c.bytes.perNewMail)}`,
      `${number(c.rssMb.median)}${ratio(c.rssMb.median, naive?.rssMb.median)}`,
      `${number(c.cpuPercent.idle, 2)}${ratio(c.cpuPercent.idle, naive?.cpuPercent.idle)}`,
      `${number(c.cpuPercent.busy, 2)}`,
    ]),
  };
  return [latency, cost];
}

function bytes(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return value >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(1)} MB` : value >= 1024 ? `${(value / 1024).toFixed(1)} KB` : `${value.toFixed(0)} B`;
}

/** Every row of the other sections; a figure the naive client also has in that section gets its ratio. */
export function sectionTable(rows: Row[], section: Row['section']): Table {
  const mine = rows.filter((r) => r.section === section);
  const naive = (metric: string) => mine.find((r) => r.subject === NAIVE && r.metric === metric)?.value;
  return {
    title: section,
    headers: ['who', 'metric', 'value', 'unit', 'note'],
    rows: mine.map((r) => [r.label, r.metric, `${number(r.value, r.unit === '×' ? 2 : 1)}${r.subject === NAIVE ? '' : ratio(r.value, naive(r.metric))}`, r.unit, r.note ?? '']),
  };
}

export function renderText(table: Table): string {
  const widths = table.headers.map((h, i) => Math.max(h.length, ...table.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [`== ${table.title}`, line(table.headers), ...table.rows.map(line)].join('\n');
}

export function renderMarkdown(table: Table): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `**${table.title}**`,
    '',
    `| ${table.headers.join(' | ')} |`,
    `|${table.headers.map(() => ' --- ').join('|')}|`,
    ...table.rows.map((r) => `| ${r.map(escape).join(' | ')} |`),
  ].join('\n');
}
