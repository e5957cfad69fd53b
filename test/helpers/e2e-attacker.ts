// Posting as the attacker, for the end-to-end tests: the compromised-integration credentials the
// demo newsroom prints (`serve --json`), used straight against the demo channel servers, exactly as
// a hijacked newsroom tool would: twitter-api-v2 (through the base-URL plugin) for X, the WordPress
// REST API with an application password for the website, SMTP submission for the bulletin.
import { createTransport } from 'nodemailer';
import { TwitterApi } from 'twitter-api-v2';
import { createXBaseUrlPlugin } from '../../electron/channels/x/base-url-plugin';
import type { DemoInfo } from '../../electron/demo/newsroom';

export interface Attacker {
  tweet(text: string): Promise<string>;
  webPost(title: string, html: string): Promise<string>;
  bulletin(subject: string, html: string, text: string): Promise<string>;
  close(): void;
}

export function attackerOf(demo: DemoInfo): Attacker {
  const x = new TwitterApi({ ...demo.x.attacker }, { plugins: [createXBaseUrlPlugin(demo.x.url)] });
  const password = demo.website.attacker.applicationPassword.replace(/\s+/g, '');
  const wpAuth = `Basic ${Buffer.from(`${demo.website.attacker.username}:${password}`).toString('base64')}`;
  const mail = createTransport({
    host: demo.email.smtp.host,
    port: demo.email.smtp.port,
    secure: false,
    ignoreTLS: true,
    auth: { user: demo.email.attacker.username, pass: demo.email.attacker.password },
  });
  return {
    tweet: async (text) => (await x.v2.tweet(text)).data.id,
    webPost: async (title, html) => {
      const res = await fetch(`${demo.website.url}/wp-json/wp/v2/posts`, {
        method: 'POST',
        headers: { authorization: wpAuth, 'content-type': 'application/json' },
        body: JSON.stringify({ title, content: html, status: 'publish' }),
      });
      if (!res.ok) throw new Error(`the demo website refused the post: HTTP ${res.status} ${await res.text()}`);
      return String(((await res.json()) as { id: number }).id);
    },
    bulletin: async (subject, html, text) =>
      (await mail.sendMail({ from: demo.email.from, to: [...demo.email.subscribers], subject, html, text })).messageId,
    close: () => mail.close(),
  };
}
