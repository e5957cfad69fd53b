// Holding statements shipped with the app, to be proposed and approved by two supervisors ahead of
// time. Short enough for X with long placeholder values; plain words for a public under pressure.
import type { StatementContent } from './types';

export interface HoldingTemplate {
  readonly id: string;
  readonly name: string;
  readonly content: StatementContent;
}

export const holdingTemplates: readonly HoldingTemplate[] = [
  {
    id: 'holding-unauthorised-access',
    name: 'Unauthorised access to our accounts',
    content: {
      title: 'Holding statement: unauthorised access',
      variants: {
        x: { text: 'Our account has been subject to unauthorised access. Please ignore any messages posted since {time} until we confirm it is back under our control.' },
        bluesky: { text: 'Our account has been subject to unauthorised access. Please ignore any messages posted since {time} until we confirm it is back under our control.' },
        mastodon: { text: 'Our account has been subject to unauthorised access. Please ignore any messages posted since {time} until we confirm it is back under our control.' },
        website: {
          title: 'Unauthorised access to our accounts',
          html:
            '<p>Our {channels} have been subject to unauthorised access.</p>' +
            '<p>Please <strong>ignore any messages posted since {time} on {date}</strong> until we confirm they are back under our control. Do not click links in those messages or share them.</p>' +
            '<p>We will post an update here as soon as we can.</p>',
        },
        email: {
          subject: 'Please ignore messages sent since {time}',
          text:
            'Our {channels} have been subject to unauthorised access.\n\n' +
            'Please ignore any messages posted or sent since {time} on {date} until we confirm they are back under our control. ' +
            'Do not click links in those messages or reply to them.\n\nWe will send an update as soon as we can.',
          html:
            '<p>Our {channels} have been subject to unauthorised access.</p>' +
            '<p>Please <strong>ignore any messages posted or sent since {time} on {date}</strong> until we confirm they are back under our control. Do not click links in those messages or reply to them.</p>' +
            '<p>We will send an update as soon as we can.</p>',
        },
      },
    },
  },
  {
    id: 'holding-posts-not-from-us',
    name: 'Posts that did not come from us',
    content: {
      title: 'Holding statement: posts not from us',
      variants: {
        x: { text: 'Posts on this account since {time} did not come from us and are being removed. Please do not share them or click their links. We will update shortly.' },
        bluesky: { text: 'Posts on this account since {time} did not come from us and are being removed. Please do not share them or click their links. We will update shortly.' },
        mastodon: { text: 'Posts on this account since {time} did not come from us and are being removed. Please do not share them or click their links. We will update shortly.' },
        website: {
          title: 'Posts that did not come from us',
          html:
            '<p>Messages published on our {channels} since {time} on {date} did not come from us.</p>' +
            '<p>We are removing them. Please <strong>do not share them</strong> and do not click any links in them.</p>' +
            '<p>We apologise for any offence or alarm they caused and will update here shortly.</p>',
        },
        email: {
          subject: 'Messages since {time} did not come from us',
          text:
            'Messages published on our {channels} since {time} on {date} did not come from us.\n\n' +
            'We are removing them. Please do not share them and do not click any links in them.\n\n' +
            'We apologise for any offence or alarm they caused and will update you shortly.',
          html:
            '<p>Messages published on our {channels} since {time} on {date} did not come from us.</p>' +
            '<p>We are removing them. Please <strong>do not share them</strong> and do not click any links in them.</p>' +
            '<p>We apologise for any offence or alarm they caused and will update you shortly.</p>',
        },
      },
    },
  },
  {
    id: 'holding-posting-paused',
    name: 'Posting paused while we check a security issue',
    content: {
      title: 'Holding statement: posting paused',
      variants: {
        x: { text: 'We have paused posting while we check a security issue. Updates will resume here once it is resolved. In an emergency, always call 999.' },
        bluesky: { text: 'We have paused posting while we check a security issue. Updates will resume here once it is resolved. In an emergency, always call 999.' },
        mastodon: { text: 'We have paused posting while we check a security issue. Updates will resume here once it is resolved. In an emergency, always call 999.' },
        website: {
          title: 'Posting paused while we check a security issue',
          html:
            '<p>Since {time} on {date} we have paused posting on our {channels} while we check a security issue.</p>' +
            '<p>Official updates will resume once it is resolved. Until then, treat any new message that claims to be from us with caution.</p>' +
            '<p><strong>In an emergency, always call 999.</strong></p>',
        },
        email: {
          subject: 'We have paused our updates while we check a security issue',
          text:
            'Since {time} on {date} we have paused posting on our {channels} while we check a security issue.\n\n' +
            'Official updates will resume once it is resolved. Until then, treat any new message that claims to be from us with caution.\n\n' +
            'In an emergency, always call 999.',
          html:
            '<p>Since {time} on {date} we have paused posting on our {channels} while we check a security issue.</p>' +
            '<p>Official updates will resume once it is resolved. Until then, treat any new message that claims to be from us with caution.</p>' +
            '<p><strong>In an emergency, always call 999.</strong></p>',
        },
      },
    },
  },
];
