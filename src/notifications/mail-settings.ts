/** Mail, reminders and links (README, "Notifications"). Read from the same environment as the rest. */
export interface MailSettings {
  /** smtp:// or smtps:// URL of the mail server; null: every message is written as an .eml file. */
  smtpUrl: string | null;
  /** The From address, e.g. `Practice Audit <practice-audit@council.example>`. */
  from: string;
  /** Where the web app is, for links in messages; no trailing slash. */
  publicUrl: string;
  /** Where .eml files go when there is no SMTP_URL. */
  mailDir: string;
  /** Tries before a message is marked FAILED. */
  maxAttempts: number;
  /** Wait before the first retry; doubled for each later one (capped at 6 hours). */
  retryBaseMs: number;
  /** How often the sender looks for messages due; 0: only when asked (tests). */
  pollMs: number;
  /** How often the scheduler looks for reminders due; 0: only when asked (tests). */
  reminderPollMs: number;
  /** Working days before a deadline that the first reminder goes out. */
  reminderLeadDays: number;
  /** A reminder whose time passed longer ago than this (service down) lapses instead of going out late. */
  reminderGraceDays: number;
}

export class MailSettingsError extends Error {}

export function loadMailSettings(env: NodeJS.ProcessEnv, port: number, dataDir: string): MailSettings {
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\//i.test(smtpUrl)) throw new MailSettingsError(`SMTP_URL must be an smtp:// or smtps:// URL, not ${smtpUrl.replace(/\/\/[^@]*@/, '//…@')}`);
  const publicUrl = (env.PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\//i.test(publicUrl)) throw new MailSettingsError(`PUBLIC_URL must be an http(s):// URL, not ${publicUrl}`);
  return {
    smtpUrl,
    from: env.MAIL_FROM?.trim() || 'Practice Audit <practice-audit@localhost>',
    publicUrl,
    mailDir: `${dataDir}/mail`,
    maxAttempts: count(env.MAIL_MAX_ATTEMPTS, 'MAIL_MAX_ATTEMPTS', 6, 1, 100),
    retryBaseMs: count(env.MAIL_RETRY_BASE_MS, 'MAIL_RETRY_BASE_MS', 60_000, 0, 86_400_000),
    pollMs: count(env.MAIL_POLL_MS, 'MAIL_POLL_MS', 2_000, 0, 3_600_000),
    reminderPollMs: count(env.REMINDER_POLL_MS, 'REMINDER_POLL_MS', 60_000, 0, 86_400_000),
    reminderLeadDays: count(env.REMINDER_LEAD_WORKING_DAYS, 'REMINDER_LEAD_WORKING_DAYS', 2, 1, 20),
    reminderGraceDays: count(env.REMINDER_GRACE_DAYS, 'REMINDER_GRACE_DAYS', 7, 1, 365),
  };
}

function count(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new MailSettingsError(`${name} must be a whole number from ${min} to ${max}, not ${value}`);
  return n;
}
