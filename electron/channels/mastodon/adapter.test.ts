import { describe, expect, it } from 'vitest';
import { idempotencyKey, statusText } from './adapter';
import { scopeProblem } from './scopes';

describe('Mastodon status text as a reader sees it', () => {
  it('joins the link a real instance splits into invisible spans back into the URL', () => {
    const content =
      '<p>Road closed.<br />Details: <a href="https://news.example.org/a1-closure" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="ellipsis">news.example.org/a1-clo</span><span class="invisible">sure</span></a></p><p>Updates follow.</p>';
    expect(statusText({ content, spoilerText: '' })).toBe('Road closed.\nDetails: https://news.example.org/a1-closure\nUpdates follow.');
  });

  it('puts the content warning first, as the composer variant renders it', () => {
    expect(statusText({ content: '<p>Text &amp; more</p>', spoilerText: 'Distressing' })).toBe('Distressing\nText & more');
  });
});

describe('the Idempotency-Key', () => {
  it('is the same for the same outbox hint and differs between hints', () => {
    expect(idempotencyKey('row-1')).toBe(idempotencyKey('row-1'));
    expect(idempotencyKey('row-1')).not.toBe(idempotencyKey('row-2'));
    expect(idempotencyKey('x'.repeat(5000))).toMatch(/^control-room-[0-9a-f]{40}$/);
  });
});

describe('token scopes', () => {
  it('accepts read write (whole or granular) and an instance that does not say', () => {
    expect(scopeProblem(['read', 'write'])).toBeNull();
    expect(scopeProblem(['read:statuses', 'read:accounts', 'write:statuses', 'profile'])).toBeNull();
    expect(scopeProblem(null)).toBeNull();
  });

  it('refuses admin scopes by name, other scopes, and a token that cannot post', () => {
    expect(scopeProblem(['read', 'write', 'admin:read:accounts'])).toContain('admin scopes (admin:read:accounts)');
    expect(scopeProblem(['read', 'write', 'crypto'])).toContain('(crypto)');
    expect(scopeProblem(['read', 'write', 'follow', 'push'])).toBeNull(); // within read write; push is the form's default
    expect(scopeProblem(['read'])).toContain('cannot post or delete');
    expect(scopeProblem(['write'])).toContain('cannot read');
  });
});
