import { describe, expect, it } from 'vitest';
import { listHeaders, resolveListSettings, stableMessageId } from './list-headers';

const variant = { title: 'Appeal', text: 'Call 101.', html: null };

describe('list headers', () => {
  it('derives the list address, List-Id and the mailto unsubscribe from the From address by default', () => {
    const list = resolveListSettings({ from: 'Press Office <Press.Office@Newsroom.example>' }, ['a@example.org']);
    expect(list).toMatchObject({ fromAddress: 'Press.Office@Newsroom.example', listAddress: 'Press.Office@Newsroom.example', listId: 'press-office.newsroom.example', unsubscribeUrl: null });
    expect(listHeaders(list, null)).toEqual({
      'List-Id': '<press-office.newsroom.example>',
      'List-Unsubscribe': '<mailto:Press.Office@Newsroom.example?subject=unsubscribe>',
      'Auto-Submitted': 'auto-generated',
      Precedence: 'bulk',
      'X-Auto-Response-Suppress': 'OOF, AutoReply',
    });
  });

  it('gives a Message-ID that a retry repeats and another bulletin never shares', () => {
    const id = stableMessageId('stmt-9-email', variant, 'press@newsroom.example');
    expect(id).toMatch(/^<stmt-9-email\.[0-9a-f]{24}@newsroom\.example>$/);
    expect(stableMessageId('stmt-9-email', { ...variant }, 'press@newsroom.example')).toBe(id);
    expect(stableMessageId('stmt-9-email', { ...variant, text: 'Call 999.' }, 'press@newsroom.example')).not.toBe(id);
    expect(stableMessageId('stmt-10-email', variant, 'press@newsroom.example')).not.toBe(id);
    // id-left stays a dot-atom whatever the hint holds.
    expect(stableMessageId('..a b..c.', variant, 'p@n.example')).toMatch(/^<ab\.c\.[0-9a-f]{24}@n\.example>$/);
  });
});
