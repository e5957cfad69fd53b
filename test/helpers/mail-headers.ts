// Every header of a delivered message, as raw lines and as decoded text, for tests that must prove
// a copy names nobody but its own recipient: an address can hide in a folded line, an
// encoded-word or a percent-encoded unsubscribe URL, so each header is searched in every form.
import { simpleParser } from 'mailparser';

export interface HeaderView {
  /** Lower-cased field name. */
  readonly key: string;
  /** The raw line, folding included. */
  readonly line: string;
  /** What the line can say to a reader: raw, unfolded, percent-decoded, and mailparser's decoded value. */
  readonly forms: readonly string[];
}

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export async function headersOf(source: string | Buffer): Promise<{ headers: readonly HeaderView[]; value: (key: string) => string | null }> {
  const mail = await simpleParser(source, { skipImageLinks: true, skipTextToHtml: true });
  const headers = mail.headerLines.map(({ key, line }) => {
    const unfolded = line.replace(/\r?\n[ \t]+/g, ' ');
    const parsed = mail.headers.get(key);
    return { key, line, forms: [line, unfolded, percentDecoded(unfolded), JSON.stringify(parsed ?? null)] };
  });
  const value = (key: string): string | null => {
    const found = headers.find((h) => h.key === key.toLowerCase());
    return found ? found.line.slice(found.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim() : null;
  };
  return { headers, value };
}

/** The headers (and their forms) that mention any of `addresses`, case-insensitively: [] when none do. */
export function mentions(headers: readonly HeaderView[], addresses: readonly string[]): string[] {
  const wanted = addresses.map((a) => a.toLowerCase());
  return headers.filter((h) => h.forms.some((f) => wanted.some((a) => f.toLowerCase().includes(a)))).map((h) => h.line);
}
