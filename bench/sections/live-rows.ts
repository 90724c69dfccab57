// Every figure of the live run as a row of results.json (the tables and the chart read the structured part).
import type { LiveResult } from '../lib/live-summary';
import type { RowSink } from '../lib/results';
import { percentile } from '../lib/stats';

export function liveRows(live: LiveResult, rows: RowSink): void {
  for (const c of live.contenders) {
    const add = (metric: string, value: number, unit: string, note?: string) => rows.add('live', c.id, c.label, metric, value, unit, note);
    for (const [lane, values, unreported] of [['INBOX', c.latency.inboxMs, c.latency.unreportedInbox], ['other folders', c.latency.otherMs, c.latency.unreportedOther]] as const) {
      add(`new mail → reported, ${lane}, p50`, percentile(values, 50), 'ms', `${values.length} reported, ${unreported} not reported before the idle window ended`);
      add(`new mail → reported, ${lane}, p95`, percentile(values, 95), 'ms');
      add(`new mail → reported, ${lane}, max`, values.length ? Math.max(...values) : Number.NaN, 'ms');
    }
    add('busy: max staleness, INBOX', c.busy.maxInboxMs, 'ms', `${c.busy.changes} changes, ${c.busy.unreported} never reported (counted until the end)`);
    add('busy: max staleness, other folders', c.busy.maxOtherMs, 'ms');
    add('busy: staleness p95', c.busy.p95Ms, 'ms');
    add('connections held', c.connections.held, 'count', 'most open at once');
    add('connections opened per hour', c.connections.openedPerHour, '/h', 'while idle');
    add('bytes per hour idle', c.bytes.idlePerHour, 'B/h');
    add('bytes per new mail', c.bytes.perNewMail, 'B', 'latency run bytes minus the idle rate, per message');
    add('RSS median', c.rssMb.median, 'MB', 'while idle');
    add('RSS max', c.rssMb.max, 'MB');
    add('CPU idle', c.cpuPercent.idle, '%', 'of one core');
    add('CPU busy', c.cpuPercent.busy, '%');
  }
}
