// Pure formatting for the popup: a stable colour per account and short, localised dates.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** The same name always gets the same hue, so an account is recognisable at a glance across sessions. */
export function accountColor(name: string): string {
  let hash = 0;
  for (const char of name) hash = (Math.imul(hash, 31) + char.codePointAt(0)!) >>> 0;
  return `hsl(${hash % 360} 65% 45%)`;
}

/** "5 min ago", "yesterday" within a week, the date itself beyond; '' for a missing or unreadable date. */
export function formatWhen(iso: string, now: Date, locale: string): string {
  const date = parseDate(iso);
  if (!date) return '';
  const diff = date.getTime() - now.getTime();
  const distance = Math.abs(diff);
  if (distance >= WEEK) return dateFormatter(locale).format(date);
  const relative = relativeFormatter(locale);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', DAY],
    ['hour', HOUR],
    ['minute', MINUTE],
  ];
  for (const [unit, size] of units) {
    if (distance >= size) return relative.format(Math.trunc(diff / size), unit);
  }
  return relative.format(0, 'second');
}

/** The full date and time, for a tooltip next to the short form. */
export function formatFull(iso: string, locale: string): string {
  const date = parseDate(iso);
  return date ? fullFormatter(locale).format(date) : '';
}

/**
 * Builds the formatters the rows use before there are rows: the first Intl.RelativeTimeFormat in the extension's
 * renderer process costs some 15 ms (its locale data loads), which main.tsx then spends while it waits for storage
 * instead of in the first render; later popups find them cheap (~1 ms for all three).
 */
export function prepareFormatters(locale: string): void {
  relativeFormatter(locale);
  dateFormatter(locale);
  fullFormatter(locale);
}

const relativeFormatter = (locale: string) => formatter(`r ${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' }));
const dateFormatter = (locale: string) => formatter(`d ${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }));
const fullFormatter = (locale: string) => formatter(`f ${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }));

/** Building an Intl formatter costs far more than using one; a popup of 50 messages would build 100 of them. */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function formatter<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let found = formatters.get(key) as T | undefined;
  if (!found) formatters.set(key, (found = make()));
  return found;
}

function parseDate(iso: string): Date | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
