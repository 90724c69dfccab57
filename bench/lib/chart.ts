// The latency distributions of the live run as one SVG: a row per contender, INBOX and other folders as two lanes,
// every message a dot on a log time axis, with p50 and p95 marked. Written by a full run into docs/images/.
import type { Results } from './results';

const WIDTH = 1100;
const LEFT = 440;
const RIGHT = 40;
const LANE = 16;
const ROW_GAP = 10;
const TOP = 64;
const MIN_MS = 10;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** −1 … 1, spread evenly (the fractional part of i times the golden ratio). */
function jitter(i: number): number {
  return (((i * 0.618033988749895) % 1) * 2) - 1;
}

export function latencyChart(live: NonNullable<Results['live']>, caption: string): string {
  const all = live.contenders.flatMap((c) => [...c.latency.inboxMs, ...c.latency.otherMs]);
  const maxMs = Math.max(1_000, ...all);
  const decades = Math.ceil(Math.log10(maxMs / MIN_MS));
  const x = (ms: number) => LEFT + ((WIDTH - LEFT - RIGHT) * Math.log10(Math.max(ms, MIN_MS) / MIN_MS)) / decades;
  const rowHeight = 2 * LANE + ROW_GAP;
  const height = TOP + live.contenders.length * rowHeight + 30;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="t d" font-family="system-ui, sans-serif" font-size="12">`,
    `<title id="t">New mail → reported, per contender</title>`,
    `<desc id="d">${escape(caption)}</desc>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="22" font-size="14" font-weight="600" fill="#111">New mail → reported (log scale): one dot per message, bar from p50 to p95</text>`,
    `<text x="16" y="40" fill="#1f6fd1">● INBOX</text><text x="80" y="40" fill="#d9730d">● other folders</text>`,
    `<text x="200" y="40" fill="#444">${escape(caption)}</text>`,
  ];
  for (let d = 0; d <= decades; d++) {
    const ms = MIN_MS * 10 ** d;
    const gx = x(ms);
    parts.push(`<line x1="${gx}" y1="${TOP - 4}" x2="${gx}" y2="${height - 24}" stroke="#ddd"/>`);
    parts.push(`<text x="${gx}" y="${height - 10}" text-anchor="middle" fill="#333">${ms < 1000 ? `${ms} ms` : `${ms / 1000} s`}</text>`);
  }
  live.contenders.forEach((c, row) => {
    const y0 = TOP + row * rowHeight;
    parts.push(`<text x="${LEFT - 8}" y="${y0 + LANE + 4}" text-anchor="end" fill="#111">${escape(c.label)}</text>`);
    const lanes: [number[], number, string][] = [
      [c.latency.inboxMs, c.latency.unreportedInbox, '#1f6fd1'],
      [c.latency.otherMs, c.latency.unreportedOther, '#d9730d'],
    ];
    lanes.forEach(([values, unreported, color], lane) => {
      const cy = y0 + lane * LANE + LANE / 2;
      if (values.length) {
        const p50 = x(pct(values, 50));
        const p95 = x(pct(values, 95));
        parts.push(`<rect x="${p50}" y="${cy - 5}" width="${Math.max(2, p95 - p50)}" height="10" fill="${color}" opacity="0.25"/>`);
        parts.push(`<line x1="${p50}" y1="${cy - 6}" x2="${p50}" y2="${cy + 6}" stroke="${color}" stroke-width="2"/>`);
        // A fixed pseudo-random spread, so dots at the same time stay visible and the chart is reproducible.
        values.forEach((ms, i) => parts.push(`<circle cx="${x(ms).toFixed(1)}" cy="${(cy + jitter(i) * 5).toFixed(1)}" r="1.6" fill="${color}" opacity="0.7"/>`));
      }
      if (unreported) parts.push(`<text x="${WIDTH - RIGHT}" y="${cy + 4}" text-anchor="end" fill="${color}">${unreported} unreported</text>`);
    });
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
