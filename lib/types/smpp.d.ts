// The parts of the `smpp` package (0.5.1, plain JavaScript without types) the courier and the tests' SMSC use.
// Names follow the package and the SMPP specification: a PDU carries its parameters as fields of the same names.
declare module "smpp" {
  import type { EventEmitter } from "node:events";
  import type { Server as NetServer, Socket } from "node:net";

  /** A decoded short_message or message_payload (a string given to a PDU is encoded by its data_coding). */
  export type DecodedMessage = { message: string | Buffer; udh?: Buffer[] };

  export class PDU {
    constructor(command: string, options?: Record<string, unknown>);
    command: string;
    command_id: number;
    command_status: number;
    sequence_number: number;
    isResponse(): boolean;
    response(options?: Record<string, unknown>): PDU;
    // Every other field is a parameter of the command (system_id, destination_addr, data_coding, short_message, …).
    [parameter: string]: unknown;
  }

  export class Session extends EventEmitter {
    socket: Socket;
    send(pdu: PDU, responseCallback?: (pdu: PDU) => void, sendCallback?: (pdu: PDU) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    bind_transmitter(options: Record<string, unknown>, responseCallback?: (pdu: PDU) => void): boolean;
    submit_sm(options: Record<string, unknown>, responseCallback?: (pdu: PDU) => void): boolean;
    enquire_link(options: Record<string, unknown>, responseCallback?: (pdu: PDU) => void): boolean;
    unbind(options: Record<string, unknown>, responseCallback?: (pdu: PDU) => void): boolean;
  }

  export class Server extends NetServer {
    sessions: Session[];
  }

  export function connect(options: { host: string; port: number }): Session;
  export function createServer(listener: (session: Session) => void): Server;

  /** The GSM 03.38 coder behind data_coding 0: one octet per septet, the escape before extension characters. */
  export const gsmCoder: {
    encode(text: string, table: number): Buffer;
    decode(octets: Buffer, table: number): string;
  };
  /** Command status names (ESME_ROK, ESME_RTHROTTLED, …) to their codes. */
  export const errors: Record<string, number>;
  export const ESME_ROK: number;
  export const ESME_RBINDFAIL: number;
  export const ESME_RTHROTTLED: number;
  export const ESME_RINVDSTADR: number;
}
