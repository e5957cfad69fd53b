// The July 2019 incident as a script, modelled on the press coverage of the Met Police press
// bureau compromise: a "test" press release first, then abuse on X, unauthorised press releases
// on the website (one titled "Free Digga D"), bulletins to email subscribers, and posts on the
// bureau's Mastodon and Bluesky accounts (the demo adds them; the 2019 story had neither), over about 30
// minutes from 23:04. Written for the demo: obviously fake, no real person named, profanity masked.
export type ReplayChannel = 'x' | 'website' | 'email' | 'mastodon' | 'bluesky';

export interface ReplayStep {
  /** Seconds after the attack starts (23:04 in the story). */
  readonly at: number;
  readonly channel: ReplayChannel;
  readonly title?: string;
  readonly text: string;
}

export const incidentStartLabel = '23:04';

export const incidentScript: readonly ReplayStep[] = [
  { at: 0, channel: 'website', title: 'test', text: 'test' },
  { at: 60, channel: 'email', title: 'test', text: 'test' },
  { at: 120, channel: 'x', text: 'test' },
  { at: 180, channel: 'bluesky', text: 'test' },
  { at: 240, channel: 'x', text: 'F*** the police' },
  { at: 270, channel: 'mastodon', text: 'test. is this thing on' },
  { at: 300, channel: 'x', text: 'We are the police… nobody is in charge of this account tonight lol' },
  { at: 330, channel: 'website', title: 'Free Digga D', text: 'We aim to make London the sagest global city. Be the best crime-fighters by any measure. FREE DIGGA D' },
  { at: 360, channel: 'x', text: 'FREE DIGGA D' },
  { at: 375, channel: 'bluesky', text: 'FREE DIGGA D. We are on Bluesky too now' },
  { at: 390, channel: 'x', text: 'who gave us the password again?? 😂' },
  { at: 400, channel: 'mastodon', text: 'FREE DIGGA D. The fediverse gets it too' },
  { at: 420, channel: 'email', title: 'Free Digga D', text: 'FREE DIGGA D. This press release was not written by the Metropolitan Police.' },
  { at: 450, channel: 'x', text: 'F*** the police. Details here: http://free-digga.example/release' },
  { at: 480, channel: 'x', text: 'test test test' },
  { at: 540, channel: 'website', title: 'Missing child appeal — UPDATE', text: 'Ignore the last appeal. Read the real story at http://free-digga.example/appeal' },
  { at: 600, channel: 'x', text: 'This account has been p*nned. Follow for more b*llocks' },
  { at: 720, channel: 'x', text: 'Please ignore the Met Police, it is us now' },
  { at: 780, channel: 'mastodon', text: 'Ignore the appeal. Real story: http://free-digga.example/appeal' },
  { at: 840, channel: 'email', title: 'URGENT: statement', text: 'We are the police. F*** the police. Reply to unsubscribe (you cannot).' },
  { at: 960, channel: 'x', text: 's**t, they are deleting our tweets. Posting faster' },
  { at: 990, channel: 'bluesky', text: 'they deleted the tweets, so here it is again: F*** the police https://free-digga.example/release' },
  { at: 1020, channel: 'x', text: 'F*** the police x2' },
  { at: 1080, channel: 'website', title: 'Statement from the "Commissioner"', text: 'There is no statement. FREE DIGGA D.' },
  { at: 1200, channel: 'x', text: 'still here. still here. still here.' },
  { at: 1380, channel: 'x', text: 'bored now' },
  { at: 1470, channel: 'mastodon', text: 'still here on mastodon too lol' },
  { at: 1560, channel: 'email', title: 'test', text: 'test 2' },
  { at: 1740, channel: 'x', text: 'last one. FREE DIGGA D' },
];

/** Scenario length in seconds. */
export const incidentDurationSeconds = incidentScript[incidentScript.length - 1]!.at;

/** Default compression: about 30 minutes of scenario in about 90 seconds. */
export const defaultReplaySpeed = 20;
