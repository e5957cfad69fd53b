// RSS 2.0 and Atom 1.0 feeds to observed items. Everything in a feed is attacker-reachable text:
// it is parsed as data (no entity expansion beyond XML's own), and only plain text leaves here.
import { XMLParser } from 'fast-xml-parser';
import { createHash } from 'node:crypto';
import { ChannelError, type ObservedItem } from '../types';
import { decodeEntities, htmlToText } from '../html-text';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  // External entities and DTD tricks are not processed: a feed is data, never instructions.
  processEntities: false,
  htmlEntities: false,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

type Node = Record<string, unknown>;

function text(v: unknown): string {
  if (typeof v === 'string') return decodeEntities(v);
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && '#text' in v) return text((v as Node)['#text']);
  return '';
}

function isoDate(v: string): string | null {
  const t = Date.parse(v);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

function stableId(...parts: string[]): string {
  return `h:${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)}`;
}

export interface ParsedFeed {
  readonly format: 'rss' | 'atom';
  readonly items: ObservedItem[];
}

export function parseFeed(xml: string): ParsedFeed {
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (err) {
    throw new ChannelError({ kind: 'BAD_RESPONSE', message: `The feed is not well-formed XML (${(err as Error).message.slice(0, 100)}).` });
  }
  const rss = doc['rss'] as Node | undefined;
  if (rss && typeof rss === 'object') {
    const channel = (rss['channel'] ?? {}) as Node;
    const items = ((channel['item'] as Node[] | undefined) ?? []).map((it): ObservedItem => {
      const title = htmlToText(text(it['title']));
      const description = text(it['content:encoded']) || text(it['description']);
      const link = text((it['link'] as unknown[] | undefined)?.[0]);
      const guid = text(it['guid']);
      const pub = text(it['pubDate']);
      const body = htmlToText(description);
      return {
        channelItemId: guid || link || stableId(title, pub, body),
        publishedAt: pub ? isoDate(pub) : null,
        text: body ? `${title}\n${body}` : title,
        html: description || null,
        url: link || null,
        raw: it,
      };
    });
    return { format: 'rss', items };
  }
  const feed = doc['feed'] as Node | undefined;
  if (feed && typeof feed === 'object') {
    const items = ((feed['entry'] as Node[] | undefined) ?? []).map((e): ObservedItem => {
      const title = htmlToText(text(e['title']));
      const content = text(e['content']) || text(e['summary']);
      const links = (e['link'] as Node[] | undefined) ?? [];
      const alternate = links.find((l) => (l['@rel'] ?? 'alternate') === 'alternate') ?? links[0];
      const href = alternate ? String(alternate['@href'] ?? '') : '';
      const when = text(e['published']) || text(e['updated']);
      const body = htmlToText(content);
      return {
        channelItemId: text(e['id']) || href || stableId(title, when, body),
        publishedAt: when ? isoDate(when) : null,
        text: body ? `${title}\n${body}` : title,
        html: content || null,
        url: href || null,
        raw: e,
      };
    });
    return { format: 'atom', items };
  }
  throw new ChannelError({ kind: 'BAD_RESPONSE', message: 'That address does not serve an RSS or Atom feed.' });
}
