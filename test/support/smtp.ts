import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on loopback for the tests: it keeps every message it accepts, parsed, and can be
 * told to refuse the next n messages (or all of them) with a temporary error.
 */
export interface TestSmtp {
  url: string;
  messages: ParsedMail[];
  /** Refuse the next `n` messages; Infinity refuses until told otherwise. */
  refuse(n: number): void;
  /** Take this long over each message from now on (a slow server, to stop a sender mid-queue). */
  slow(ms: number): void;
  refusals: number;
  /** The addresses of the messages whose subject matches, sorted: for exact-recipient checks. */
  addressesFor(subject: RegExp): string[];
  close(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  let toRefuse = 0;
  let delayMs = 0;
  const state = { refusals: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (toRefuse > 0) {
          toRefuse -= 1;
          state.refusals += 1;
          const error = Object.assign(new Error('451 try again later'), { responseCode: 451 });
          callback(error);
          return;
        }
        simpleParser(Buffer.concat(chunks)).then(
          (parsed) => {
            messages.push(parsed);
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  // A sender killed mid-conversation resets its socket; the server reports that as an 'error' event,
  // which unheard would end the test process. A lost connection is the sender's fault, not the server's.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') console.error('test SMTP server:', error);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuse(n) {
      toRefuse = n;
    },
    slow(ms) {
      delayMs = ms;
    },
    get refusals() {
      return state.refusals;
    },
    addressesFor(subject) {
      return messages
        .filter((m) => subject.test(m.subject ?? ''))
        .flatMap((m) => (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address ?? '')))
        .sort();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
