import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, statementContentHash } from './content-hash';
import type { StatementContent } from './types';

const contentArb: fc.Arbitrary<StatementContent> = fc.record({
  title: fc.string(),
  variants: fc.record(
    {
      x: fc.record({ text: fc.string() }),
      bluesky: fc.record({ text: fc.string() }),
      mastodon: fc.record({ text: fc.string() }),
      website: fc.record({ title: fc.string(), html: fc.string() }),
      email: fc.record({ subject: fc.string(), text: fc.string(), html: fc.string() }),
    },
    { requiredKeys: [] },
  ),
});

/** Every string field of a content, with a setter, so a property can change exactly one. */
function fields(c: StatementContent): { get: () => string; set: (s: string) => StatementContent }[] {
  const out: { get: () => string; set: (s: string) => StatementContent }[] = [{ get: () => c.title, set: (title) => ({ ...c, title }) }];
  for (const [channel, variant] of Object.entries(c.variants) as [keyof StatementContent['variants'], Record<string, string>][]) {
    for (const key of Object.keys(variant)) {
      out.push({ get: () => variant[key] ?? '', set: (s) => ({ ...c, variants: { ...c.variants, [channel]: { ...variant, [key]: s } } }) });
    }
  }
  return out;
}

describe('statementContentHash', () => {
  it('changes when any byte of any field changes (property)', () => {
    fc.assert(
      fc.property(contentArb, fc.nat(), fc.nat(), fc.string({ minLength: 1, maxLength: 3 }), (content, pick, at, insert) => {
        const all = fields(content);
        const field = all[pick % all.length];
        if (!field) return;
        const original = field.get();
        const position = original.length === 0 ? 0 : at % (original.length + 1);
        const changed = original.slice(0, position) + insert + original.slice(position);
        expect(statementContentHash(field.set(changed))).not.toBe(statementContentHash(content));
        if (original.length > 0) {
          // Replacing one character (not only inserting) breaks it too.
          const i = at % original.length;
          const replaced = original.slice(0, i) + (original[i] === 'a' ? 'b' : 'a') + original.slice(i + 1);
          expect(statementContentHash(field.set(replaced))).not.toBe(statementContentHash(content));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on key order, and tells a missing channel from an empty one', () => {
    const a: StatementContent = { title: 't', variants: { x: { text: 'hi' }, email: { subject: 's', text: 'b', html: '' } } };
    const b: StatementContent = { variants: { email: { html: '', text: 'b', subject: 's' }, x: { text: 'hi' } }, title: 't' };
    expect(statementContentHash(a)).toBe(statementContentHash(b));
    expect(statementContentHash({ title: 't', variants: {} })).not.toBe(statementContentHash({ title: 't', variants: { x: { text: '' } } }));
    expect(statementContentHash(a)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('does not normalise Unicode: composed and decomposed text hash differently', () => {
    const composed = statementContentHash({ title: 'caf\u00e9', variants: {} });
    expect(statementContentHash({ title: 'cafe\u0301', variants: {} })).not.toBe(composed);
    expect(canonicalJson({ b: 1, a: [true, null, 'x'] })).toBe('{"a":[true,null,"x"],"b":1}');
  });
});

describe('statementContentHash with images', () => {
  const content: StatementContent = { title: 'Appeal', variants: { x: { text: 'Have you seen this man?' } } };
  const image = { sha256: 'a'.repeat(64), alt: 'CCTV still of a man in a red coat' };

  it('hashes a statement without images exactly as before images existed (the ledger depends on it)', () => {
    // Recorded from the code before images were added: these bytes are in existing ledgers.
    expect(statementContentHash(content)).toBe('sha256:' + createHash('sha256').update('{"kind":"control-room.statement.v1","title":"Appeal","variants":{"x":{"text":"Have you seen this man?"}}}').digest('hex'));
    expect(statementContentHash({ ...content, images: [] })).toBe(statementContentHash(content));
  });

  it('changes when an image is added, swapped, reordered or its alt text changes', () => {
    const other = { sha256: 'b'.repeat(64), alt: 'A map of the area' };
    const withImage = statementContentHash({ ...content, images: [image] });
    const hashes = [
      statementContentHash(content),
      withImage,
      statementContentHash({ ...content, images: [{ ...image, sha256: 'c'.repeat(64) }] }),
      statementContentHash({ ...content, images: [{ ...image, alt: 'CCTV still of a man in a blue coat' }] }),
      statementContentHash({ ...content, images: [image, other] }),
      statementContentHash({ ...content, images: [other, image] }),
    ];
    expect(new Set(hashes).size).toBe(hashes.length);
  });
});
