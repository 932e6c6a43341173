import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { onCleanup } from '../../support/cleanup';

// No test-runner import: the benchmark uses this server too.

export interface Received {
  raw: Buffer;
  mail: ParsedMail;
}

export interface TestSmtp {
  port: number;
  received: Received[];
  /** The next `count` messages get this SMTP reply instead of being accepted. */
  refuseNext(count: number, code: number, message: string): void;
  /** Holds each message this long before answering (a slow server, to kill a worker mid-batch). */
  delayMs: number;
  /** Stops listening (the server is "down"); `start` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Resolves once `count` messages have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
}

export interface TestSmtpOptions {
  /** Require this login (over plain SMTP, as a local relay may). */
  auth?: { username: string; password: string };
  /** Parse and keep every message (off for the benchmark's thousands: it only counts them). */
  parse?: boolean;
}

/** A real SMTP server (nodemailer's smtp-server) on a free loopback port, closed after the file. */
export async function startTestSmtp(options: TestSmtpOptions = {}): Promise<TestSmtp> {
  const received: Received[] = [];
  const refusals: { code: number; message: string }[] = [];
  const parse = options.parse ?? true;
  let port = 0;
  let server: SMTPServer | null = null;
  let parsing = Promise.resolve();

  const make = () =>
    new SMTPServer({
      disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !options.auth,
      allowInsecureAuth: true,
      logger: false,
      // Going down drops open connections at once (with a 421), as a failing server would.
      closeTimeout: 10,
      size: 20 * 1024 * 1024,
      onAuth(auth, _session, callback) {
        if (auth.username === options.auth?.username && auth.password === options.auth?.password) {
          callback(null, { user: auth.username });
        } else {
          callback(Object.assign(new Error('Invalid login'), { responseCode: 535 }));
        }
      },
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const refusal = refusals.shift();
          const answer = async () => {
            if (fixture.delayMs > 0) await new Promise((r) => setTimeout(r, fixture.delayMs));
            if (refusal) {
              callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
              return;
            }
            const raw = Buffer.concat(chunks);
            // Parsed one at a time, so `received` keeps the order of arrival (a big message
            // takes longer to parse than a small one that came after it).
            const parsed = (parsing = parsing.then(async () => {
              const mail = parse
                ? await simpleParser(raw, { keepCidLinks: true })
                : (null as unknown as ParsedMail);
              received.push(parse ? { raw, mail } : { raw: Buffer.alloc(0), mail });
            }));
            await parsed;
            callback();
          };
          answer().catch((error: Error) => callback(error));
        });
      },
    });

  const listen = async () => {
    server = make();
    // A client that vanishes mid-message (a killed worker) is the server's everyday life.
    server.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      server!.server.once('error', reject);
      server!.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server.server.address() as AddressInfo).port;
  };
  const close = async () => {
    const current = server;
    server = null;
    if (!current) return;
    await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  await listen();
  const fixture: TestSmtp = {
    get port() {
      return port;
    },
    received,
    delayMs: 0,
    refuseNext(count, code, message) {
      for (let i = 0; i < count; i++) refusals.push({ code, message });
    },
    stop: close,
    start: listen,
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`Expected ${count} messages, got ${received.length}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      return received;
    },
  };
  onCleanup(close);
  return fixture;
}
