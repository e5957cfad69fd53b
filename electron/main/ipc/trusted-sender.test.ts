import type { WebContents, WebFrameMain } from 'electron';
import { describe, expect, it } from 'vitest';
import { isTrustedSender, type SenderEvent } from './trusted-sender';

const ours = { id: 1 } as unknown as WebContents;
const other = { id: 2 } as unknown as WebContents;
const top = (url: string) => ({ url, parent: null }) as unknown as WebFrameMain;
const child = (url: string) => ({ url, parent: top('app://control-room/index.html') }) as unknown as WebFrameMain;
const event = (sender: WebContents, senderFrame: WebFrameMain | null): SenderEvent => ({ sender, senderFrame });

describe('isTrustedSender', () => {
  it('accepts our window showing our app page', () => {
    expect(isTrustedSender(event(ours, top('app://control-room/index.html')), () => ours)).toBe(true);
  });
  it.each([
    ['another webContents', event(other, top('app://control-room/index.html'))],
    ['a sub-frame (a sandboxed web post)', event(ours, child('app://control-room/index.html'))],
    ['a navigated-away page', event(ours, top('https://evil.example/'))],
    ['a file:// page', event(ours, top('file:///tmp/x.html'))],
    ['a look-alike host', event(ours, top('app://control-room.evil/index.html'))],
    ['a destroyed frame', event(ours, null)],
  ])('refuses %s', (_what, e) => {
    expect(isTrustedSender(e, () => ours)).toBe(false);
  });
  it('refuses everything when the window is gone', () => {
    expect(isTrustedSender(event(ours, top('app://control-room/index.html')), () => null)).toBe(false);
  });
});
