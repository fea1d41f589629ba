import "server-only";
import smpp, { type PDU, type Session } from "smpp";
import { errorSummary, log } from "@/lib/server/log";
import { statusName } from "./status";

// One SMPP session per process, bound as a transmitter (the portal sends texts and receives none) and reused by
// every message: an SMSC counts binds, and many refuse a bind per message. It is bound again when it drops, kept
// open with enquire_link, and every wait is short, so a dead SMSC costs the worker ten seconds, never a hang. Its
// socket holds the process open only while an answer is awaited (a script, a test run, ends when its work does).

export type SmscAddress = { host: string; port: number; systemId: string; password: string };

/** The longest wait for a connection or an answer. */
export const SMPP_TIMEOUT_MS = 10_000;
/** How often an idle session asks the SMSC whether it is still there (SMSCs drop binds that stay silent). */
const ENQUIRE_LINK_MS = 30_000;

type Command = "bind_transmitter" | "submit_sm" | "enquire_link" | "unbind";

/** smpp://system_id:password@host:port (env.ts checks the shape) as its parts. */
export function smscAddress(url: string): SmscAddress {
  const parsed = new URL(url);
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: Number(parsed.port),
    systemId: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
}

class SmppSession {
  closed = false;
  private waiting = 0;

  constructor(
    readonly session: Session,
    readonly smsc: string,
  ) {
    // Without an 'error' listener a socket error would throw; the 'close' that follows it ends the session.
    session.on("error", (error: unknown) => log.warn("sms.smpp-error", { smsc, error: errorSummary(error) }));
    // Seen by the next message (boundSession), which binds a new session.
    session.on("close", () => (this.closed = true));
  }

  /** Sends a request and waits for its answer; rejects when the session closes first or the answer is late. */
  request(command: Command, params: Record<string, unknown>): Promise<PDU> {
    return new Promise<PDU>((resolve, reject) => {
      const settle = (outcome: () => void) => {
        clearTimeout(timer);
        this.session.off("close", onClose);
        this.hold(-1);
        outcome();
      };
      const onClose = () => settle(() => reject(new Error(`connection closed before the ${command} answer`)));
      const timer = setTimeout(() => {
        settle(() => reject(new Error(`no ${command} answer within ${SMPP_TIMEOUT_MS / 1000} s`)));
        // A session that stops answering is not trusted with the next message: that one binds afresh.
        this.drop();
      }, SMPP_TIMEOUT_MS);
      this.session.once("close", onClose);
      this.hold(+1);
      const sent = this.session[command](params, (pdu: PDU) => settle(() => resolve(pdu)));
      if (!sent) settle(() => reject(new Error(`connection not writable for ${command}`)));
    });
  }

  drop(): void {
    this.closed = true;
    this.session.destroy();
  }

  /** The socket keeps the process alive only while an answer is awaited. */
  private hold(change: 1 | -1) {
    this.waiting += change;
    if (this.waiting > 0) this.session.socket.ref();
    else this.session.socket.unref();
  }

  /** Answers what an SMSC may ask a transmitter (its own keep-alive, the end of the session) and asks the same. */
  serve(): void {
    this.session.on("enquire_link", (pdu: PDU) => this.session.send(pdu.response()));
    this.session.on("unbind", (pdu: PDU) => {
      this.session.send(pdu.response());
      this.drop();
    });
    const timer = setInterval(() => {
      if (this.closed) return clearInterval(timer);
      this.request("enquire_link", {}).catch(() => this.drop());
    }, ENQUIRE_LINK_MS);
    timer.unref();
  }
}

export type { SmppSession };

/** Connects and binds as a transmitter; rejects on a refused connection, a refused bind or a timeout. */
async function bind(address: SmscAddress): Promise<SmppSession> {
  const bound = new SmppSession(smpp.connect({ host: address.host, port: address.port }), `${address.host}:${address.port}`);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      bound.drop();
      reject(new Error(`no connection within ${SMPP_TIMEOUT_MS / 1000} s`));
    }, SMPP_TIMEOUT_MS);
    bound.session.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
    bound.session.once("close", () => {
      clearTimeout(timer);
      reject(new Error("connection refused or lost"));
    });
  });
  const answer = await bound.request("bind_transmitter", { system_id: address.systemId, password: address.password, interface_version: 0x34 });
  if (answer.command_status !== smpp.ESME_ROK) {
    bound.drop();
    throw new Error(`bind refused: ${statusName(answer.command_status)}`);
  }
  bound.serve();
  log.info("sms.smpp-bound", { smsc: bound.smsc });
  return bound;
}

// On globalThis, as the outbox worker is: Next.js may load this module more than once in one process. One SMSC per
// process (SMS_URL), so the session is not keyed by its address.
const state = globalThis as unknown as { miSmppSession?: Promise<SmppSession> };

/**
 * This process's bound session to the SMSC at `address`, bound now if there is none or it dropped. Senders at the
 * same moment share one bind and its outcome; a failed bind is forgotten, so the next message tries again.
 */
export async function boundSession(address: SmscAddress): Promise<SmppSession> {
  const attempt = state.miSmppSession;
  if (attempt) {
    const session = await attempt;
    if (!session.closed) return session;
    // Dropped: bind again, unless another sender has already started to.
    if (state.miSmppSession !== attempt) return boundSession(address);
  }
  const fresh = bind(address);
  state.miSmppSession = fresh;
  fresh.catch(() => {
    if (state.miSmppSession === fresh) state.miSmppSession = undefined;
  });
  return fresh;
}

/** Ends the session politely (unbind, then close): for a process shutting down, and for tests. */
export async function closeSmppSession(): Promise<void> {
  const existing = await state.miSmppSession?.catch(() => undefined);
  state.miSmppSession = undefined;
  if (!existing || existing.closed) return;
  await existing.request("unbind", {}).catch(() => undefined);
  existing.drop();
}
