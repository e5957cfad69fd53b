// A press bulletin as raw RFC 822 bytes (unique Message-ID each time), so mailbox tests can
// compare exactly what went in with what a reader gets back.
import MailComposer from 'nodemailer/lib/mail-composer';

let counter = 0;

export async function composeRaw(subject: string, body: string): Promise<Buffer> {
  counter += 1;
  const composer = new MailComposer({
    from: 'Metropolitan Police Press Bureau <press@met.example>',
    to: 'bulletin@lists.newsroom.example',
    subject,
    text: body,
    messageId: `<bulletin-${counter}-${Date.now()}@met.example>`,
    date: new Date('2019-07-19T22:00:00Z'),
  });
  return composer.compile().build();
}
