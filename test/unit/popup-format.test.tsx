// Pure helpers behind the popup: account colours, relative dates, folder grouping and the preview limit.
import { describe, expect, it } from 'vitest';
import { accountColor, formatWhen } from '../../components/popup/format';
import { folderGroups } from '../../components/popup/folders';
import type { AccountView, Preview } from '../../lib/protocol';

const NOW = new Date('2026-11-25T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

describe('account colour', () => {
  it('is the same for the same name and differs between names', () => {
    expect(accountColor('Work')).toBe(accountColor('Work'));
    expect(accountColor('Work')).not.toBe(accountColor('Home'));
    expect(accountColor('Work')).toMatch(/^hsl\(\d+ 65% 45%\)$/);
  });
});

describe('message dates', () => {
  it('are relative within a week, in the given language', () => {
    expect(formatWhen(ago(10_000), NOW, 'en')).toBe('now');
    expect(formatWhen(ago(5 * 60_000), NOW, 'en')).toMatch(/^5 min\.? ago$/);
    expect(formatWhen(ago(3 * 3_600_000), NOW, 'en')).toMatch(/^3 hr\.? ago$/);
    expect(formatWhen(ago(26 * 3_600_000), NOW, 'en')).toBe('yesterday');
    expect(formatWhen(ago(26 * 3_600_000), NOW, 'de')).toBe('gestern');
  });

  it('are absolute beyond a week', () => {
    expect(formatWhen('2026-11-10T09:00:00Z', NOW, 'en-US')).toBe('Nov 10, 2026');
  });

  it('are empty when missing or unreadable', () => {
    expect(formatWhen('', NOW, 'en')).toBe('');
    expect(formatWhen('not a date', NOW, 'en')).toBe('');
  });
});

function preview(folder: string, uid: number, minutesAgo: number): Preview {
  return { folder, uid, from: 'A', fromAddress: 'a@example.test', subject: `${folder} ${uid}`, date: ago(minutesAgo * 60_000), snippet: '', seen: false, flagged: false };
}

describe('folder groups', () => {
  const account = {
    name: 'Demo', host: 'h', port: 993, security: 'tls', user: 'u', folders: ['INBOX', 'Lists'],
    status: { state: 'ok', at: '' },
    counts: [
      { folder: 'INBOX', unseen: 2, total: 2, uidValidity: '1' },
      { folder: 'Lists', unseen: 2, total: 2, uidValidity: '2' },
    ],
    previews: [
      { folder: 'Lists', uidValidity: '2', previews: [preview('Lists', 8, 1), preview('Lists', 7, 30)] },
      { folder: 'INBOX', uidValidity: '1', previews: [preview('INBOX', 4, 10), preview('INBOX', 3, 20)] },
    ],
  } satisfies AccountView;

  it('keeps the settings order of folders and the newest previews across them up to the limit', () => {
    const groups = folderGroups(account, 3);
    expect(groups.map((g) => g.folder)).toEqual(['INBOX', 'Lists']);
    expect(groups[0]!.previews.map((p) => p.uid)).toEqual([4, 3]);
    expect(groups[1]!.previews.map((p) => p.uid)).toEqual([8]);
    expect(groups[1]!.uidValidity).toBe('2');
  });

  it('shows no previews for a limit of 0', () => {
    expect(folderGroups(account, 0).flatMap((g) => g.previews)).toEqual([]);
  });
});
