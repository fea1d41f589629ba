import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";

// A WebAuthn authenticator in software, for the integration tests: what a phone or a security key answers to the
// portal's ceremonies, byte for byte as WebAuthn §6 lays them out (authenticator data, a "none" attestation in
// CBOR, an ES256 signature over the authenticator data and the client data's hash). Its flags, counter and
// origin can be set wrong on purpose. The browser-side tests use Chromium's own virtual authenticator instead.

type CborValue = number | string | Uint8Array | CborValue[] | Map<CborValue, CborValue> | { [key: string]: CborValue };

/** Just enough CBOR (RFC 8949) for an attestation object and a COSE key: integers, strings, bytes, arrays, maps. */
function cbor(value: CborValue): Buffer {
  const head = (major: number, length: number): Buffer => {
    if (length < 24) return Buffer.from([(major << 5) | length]);
    if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
    if (length < 0x10000) return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff]);
    const out = Buffer.alloc(5);
    out[0] = (major << 5) | 26;
    out.writeUInt32BE(length, 1);
    return out;
  };
  if (typeof value === "number") return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === "string") return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value, "utf8")]);
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), Buffer.from(value)]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cbor)]);
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest();
const b64url = (data: Buffer | Uint8Array) => Buffer.from(data).toString("base64url");
const FLAG = { userPresent: 0x01, userVerified: 0x04, backupEligible: 0x08, backedUp: 0x10, attested: 0x40 } as const;

/** What the test may change about one answer. */
export type Quirks = { origin?: string; rpId?: string; userVerified?: boolean; counter?: number };

export class SoftAuthenticator {
  readonly credentialId = randomBytes(16);
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private counter = 0;

  constructor(private readonly options: { origin: string; rpId: string; synced?: boolean; keepsCounter?: boolean }) {
    const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  get id(): string {
    return b64url(this.credentialId);
  }

  private coseKey(): Buffer {
    const jwk = this.publicKey.export({ format: "jwk" });
    const key = new Map<CborValue, CborValue>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x!, "base64url")],
      [-3, Buffer.from(jwk.y!, "base64url")],
    ]);
    return cbor(key);
  }

  private authenticatorData({ rpId, userVerified, counter, attested }: { rpId: string; userVerified: boolean; counter: number; attested: boolean }): Buffer {
    const synced = this.options.synced ? FLAG.backupEligible | FLAG.backedUp : 0;
    const flags = FLAG.userPresent | (userVerified ? FLAG.userVerified : 0) | synced | (attested ? FLAG.attested : 0);
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    const parts: Buffer[] = [sha256(rpId), Buffer.from([flags]), count];
    if (attested) {
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(this.credentialId.length);
      parts.push(Buffer.alloc(16), idLength, this.credentialId, this.coseKey());
    }
    return Buffer.concat(parts);
  }

  private clientData(type: "webauthn.create" | "webauthn.get", challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), "utf8");
  }

  /** The answer to navigator.credentials.create() for `options` (the JSON the portal hands the browser). */
  create(options: { challenge: string }, quirks: Quirks = {}) {
    const clientDataJSON = this.clientData("webauthn.create", options.challenge, quirks.origin ?? this.options.origin);
    const authData = this.authenticatorData({ rpId: quirks.rpId ?? this.options.rpId, userVerified: quirks.userVerified ?? true, counter: 0, attested: true });
    const attestationObject = cbor({ fmt: "none", attStmt: {}, authData });
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key" as const,
      clientExtensionResults: {},
      response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject), transports: ["internal"] },
    };
  }

  /** The answer to navigator.credentials.get() for `options`; the counter moves on when the authenticator keeps one. */
  get(options: { challenge: string }, quirks: Quirks = {}) {
    if (this.options.keepsCounter) this.counter += 1;
    const counter = quirks.counter ?? (this.options.keepsCounter ? this.counter : 0);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, quirks.origin ?? this.options.origin);
    const authData = this.authenticatorData({ rpId: quirks.rpId ?? this.options.rpId, userVerified: quirks.userVerified ?? true, counter, attested: false });
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), this.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key" as const,
      clientExtensionResults: {},
      response: { clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authData), signature: b64url(signature), userHandle: undefined },
    };
  }
}
