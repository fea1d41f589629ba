import type { AddressInfo } from "node:net";
import smpp, { type DecodedMessage, type PDU, type Session } from "smpp";

// An SMSC on a loopback port, made with the smpp package's server: the portal binds to it and submits texts over
// real SMPP, as it would to an SMS aggregator, and tests read what arrived (decoded by its data_coding). It can be
// told to misbehave as real ones do: refuse a bind, throttle, refuse a number, drop connections, go away and
// come back on the same port.

export type ReceivedSms = {
  /** The destination as submitted (digits, no "+") and as E.164, for matching. */
  destination: string;
  to: string;
  from: string;
  sourceTon: number;
  destTon: number;
  destNpi: number;
  dataCoding: number;
  text: string;
  /** validity_period: until when the SMSC may try to deliver it, or null for its own default. */
  validUntil: Date | null;
  registeredDelivery: number;
};

export type TestSmsc = {
  /** smpp://system_id:password@127.0.0.1:port, for SMS_URL. */
  url: string;
  port: number;
  /** Every text accepted (ESME_ROK) since the last clear(), oldest first. */
  messages(): ReceivedSms[];
  /** How many submit_sm arrived since the last clear(), answered or refused. */
  submissions(): number;
  /** How many binds were accepted since the SMSC started. */
  binds(): number;
  /** The newest text accepted for `to` (E.164), if any. */
  latestSms(to: string): ReceivedSms | undefined;
  /** The oldest text for `to` not returned by an earlier call, waiting up to timeoutMs for it. */
  waitForSms(to: string, options?: { timeoutMs?: number }): Promise<ReceivedSms>;
  /** Answer the next `count` submit_sm with ESME_RTHROTTLED (0x58). */
  throttle(count: number): void;
  /** Answer every submit_sm to `to` (E.164) with ESME_RINVDSTADR (0x0B), as for a number that does not exist. */
  refuseNumber(to: string): void;
  /** Forgets every bind while keeping the connections: their texts are answered ESME_RINVBNDSTS (0x04). */
  forgetBinds(): void;
  /** Ends every open session at once, as a network cut or an SMSC restart does. */
  dropConnections(): void;
  /** Stops listening and ends every session (the SMSC is down) until start(). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  clear(): void;
  close(): Promise<void>;
};

type Options = {
  /** Listens here when given (the e2e app is told it in advance), else on a free port. */
  port?: number;
  systemId?: string;
  password?: string;
  /** Numbers refused from the start (ESME_RINVDSTADR), as E.164. */
  refuse?: (to: string) => boolean;
  /** Called with every accepted text (the e2e runner writes them to files). */
  onSms?: (sms: ReceivedSms) => void;
};

function decoded(field: unknown): string {
  if (field && typeof field === "object" && "message" in field) {
    const { message } = field as DecodedMessage;
    return typeof message === "string" ? message : message.toString("latin1");
  }
  return "";
}

export async function startSmsc({ port: listenPort = 0, systemId = "mi-portal", password = "s3cret", refuse = () => false, onSms }: Options = {}): Promise<TestSmsc> {
  let received: ReceivedSms[] = [];
  let claimed = new Set<ReceivedSms>();
  let submissions = 0;
  let binds = 0;
  let throttled = 0;
  const refused = new Set<string>();
  let waiters: { to: string; resolve: (sms: ReceivedSms) => void }[] = [];
  const sessions = new Set<Session>();
  // A session's bind counts while its generation is the current one (forgetBinds starts a new one).
  let generation = 0;

  const accept = (sms: ReceivedSms) => {
    received.push(sms);
    onSms?.(sms);
    const waiter = waiters.find((w) => w.to === sms.to);
    if (!waiter) return;
    waiters = waiters.filter((w) => w !== waiter);
    claimed.add(sms);
    waiter.resolve(sms);
  };

  const serve = (session: Session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
    session.on("error", () => undefined);
    let bound: number | null = null;
    session.on("bind_transmitter", (pdu: PDU) => {
      if (pdu.system_id !== systemId || pdu.password !== password) {
        session.send(pdu.response({ command_status: smpp.ESME_RBINDFAIL }));
        session.close();
        return;
      }
      bound = generation;
      binds += 1;
      session.send(pdu.response({ system_id: "test-smsc" }));
    });
    session.on("enquire_link", (pdu: PDU) => session.send(pdu.response()));
    session.on("unbind", (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
    session.on("submit_sm", (pdu: PDU) => {
      if (bound !== generation) return session.send(pdu.response({ command_status: smpp.errors.ESME_RINVBNDSTS }));
      submissions += 1;
      const destination = String(pdu.destination_addr);
      const to = `+${destination}`;
      if (refused.has(to) || refuse(to)) return session.send(pdu.response({ command_status: smpp.ESME_RINVDSTADR }));
      if (throttled > 0) {
        throttled -= 1;
        return session.send(pdu.response({ command_status: smpp.ESME_RTHROTTLED }));
      }
      const payload = pdu.message_payload ?? pdu.short_message;
      accept({
        destination,
        to,
        from: String(pdu.source_addr),
        sourceTon: Number(pdu.source_addr_ton),
        destTon: Number(pdu.dest_addr_ton),
        destNpi: Number(pdu.dest_addr_npi),
        dataCoding: Number(pdu.data_coding),
        text: decoded(payload),
        validUntil: pdu.validity_period instanceof Date ? pdu.validity_period : null,
        registeredDelivery: Number(pdu.registered_delivery),
      });
      session.send(pdu.response({ message_id: `m${submissions}` }));
    });
  };

  const server = smpp.createServer(serve);
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  const endSessions = () => {
    for (const session of sessions) session.destroy();
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      endSessions();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });

  await listen(listenPort);
  const port = (server.address() as AddressInfo).port;

  return {
    url: `smpp://${encodeURIComponent(systemId)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    port,
    messages: () => [...received],
    submissions: () => submissions,
    binds: () => binds,
    latestSms: (to) => received.filter((sms) => sms.to === to).at(-1),
    waitForSms(to, { timeoutMs = 5_000 } = {}) {
      const ready = received.find((sms) => sms.to === to && !claimed.has(sms));
      if (ready) {
        claimed.add(ready);
        return Promise.resolve(ready);
      }
      return new Promise((resolve, reject) => {
        const waiter = {
          to,
          resolve: (sms: ReceivedSms) => {
            clearTimeout(timer);
            resolve(sms);
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          reject(new Error(`No SMS to ${to} (received for: ${received.map((sms) => sms.to).join(", ") || "none"})`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    throttle(count) {
      throttled = count;
    },
    refuseNumber(to) {
      refused.add(to);
    },
    forgetBinds() {
      generation += 1;
    },
    dropConnections: endSessions,
    stop,
    start: () => (server.listening ? Promise.resolve() : listen(port)),
    clear() {
      received = [];
      claimed = new Set();
      submissions = 0;
    },
    close: stop,
  };
}

/** The one-time code in an SMS text: its first run of exactly 6 digits (the texts put it first). */
export function codeFromSms(text: string): string {
  const code = /(?<!\d)\d{6}(?!\d)/.exec(text)?.[0];
  if (!code) throw new Error(`No 6-digit code in the SMS: ${text}`);
  return code;
}
