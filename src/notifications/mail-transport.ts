import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type { MailSettings } from './mail-settings.js';

export interface OutgoingMail {
  /** The outbox id: the file name, and the Message-ID's local part. */
  id: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  calendar: string | null;
}

/** Delivers one message: over SMTP, or (no SMTP_URL) as an .eml file under DATA_DIR/mail. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function messageIdFor(id: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)/.exec(from)?.[1] ?? 'practice-audit.localhost';
  return `<${id}@${domain}>`;
}

function message(settings: MailSettings, mail: OutgoingMail): SendMailOptions {
  return {
    from: settings.from,
    to: { name: mail.to.name, address: mail.to.address },
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    // Stable across retries and resends, so a receiver can tell a repeat from a new message.
    messageId: messageIdFor(mail.id, settings.from),
    headers: { 'Auto-Submitted': 'auto-generated' },
    ...(mail.calendar ? { icalEvent: { method: 'REQUEST', filename: 'invitation.ics', content: mail.calendar } } : {}),
  };
}

export function createMailTransport(settings: MailSettings): MailTransport {
  if (settings.smtpUrl) {
    // A server that hangs must not hold a message (and its row) for nodemailer's default ten minutes;
    // the URL's own query parameters (e.g. ?socketTimeout=…) still win.
    const transporter: Transporter = nodemailer.createTransport({ url: settings.smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 });
    return {
      async send(mail) {
        await transporter.sendMail(message(settings, mail));
      },
      close: () => transporter.close(),
    };
  }
  // nodemailer builds the MIME message; it is written whole under a temporary name, then renamed.
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await builder.sendMail(message(settings, mail));
      await mkdir(settings.mailDir, { recursive: true });
      const file = path.join(settings.mailDir, `${mail.id}.eml`);
      await writeFile(`${file}.tmp`, info.message as Buffer);
      await rename(`${file}.tmp`, file);
    },
    close: () => builder.close(),
  };
}
