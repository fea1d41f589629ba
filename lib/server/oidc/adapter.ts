import "server-only";
import { errors, type Adapter, type AdapterPayload } from "oidc-provider";
import { db } from "@/lib/server/db/client";
import { occasionalSweep } from "@/lib/server/ops/sweep";
import { readClientMetadata } from "./clients";

// oidc-provider keeps everything it must remember between requests (sessions, interactions, grants, codes,
// tokens) through this adapter, one instance per model name, so all of it lives in the database (OidcArtifact)
// and any instance behind the load balancer can finish what another began. Clients are read from OidcClient,
// where `npm run oidc:client` writes them; the provider never registers one itself.

// Expired rows are never honoured (find() checks expiresAt); they are deleted hourly, by whichever write comes by.
const sweepExpired = occasionalSweep({ name: "oidc-artifacts", everyMs: 60 * 60 * 1000, sweep: (now) => db.oidcArtifact.deleteMany({ where: { expiresAt: { lte: now } } }) });

function parsePayload(row: { payload: string; consumedAt: Date | null }): AdapterPayload {
  const payload = JSON.parse(row.payload) as AdapterPayload;
  // consume() writes only the column (one atomic update); the provider reads it as the payload's `consumed`.
  if (row.consumedAt) payload.consumed = Math.floor(row.consumedAt.getTime() / 1000);
  return payload;
}

/**
 * Deletes a grant (revoked: a reused code or refresh token, the revocation endpoint): when it was the account's last
 * grant for that app, the app leaves "Apps with access" too, so the page never lists an app that has nothing.
 */
async function destroyGrant(grantId: string): Promise<void> {
  const grant = await db.oidcArtifact.findUnique({ where: { kind_id: { kind: "Grant", id: grantId } }, select: { accountId: true, clientId: true } });
  await db.oidcArtifact.deleteMany({ where: { kind: "Grant", id: grantId } });
  const { accountId, clientId } = grant ?? {};
  if (!accountId || !clientId) return;
  const others = await db.oidcArtifact.count({ where: { kind: "Grant", accountId, clientId } });
  if (others === 0) await db.appAccess.deleteMany({ where: { accountId, clientId } });
}

export class PrismaAdapter implements Adapter {
  constructor(private readonly kind: string) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    if (this.kind === "Client") throw new Error("clients are registered with `npm run oidc:client`, not by the provider");
    const now = new Date();
    const expiresAt = expiresIn ? new Date(now.getTime() + expiresIn * 1000) : null;
    const columns = {
      payload: JSON.stringify(payload),
      grantId: payload.grantId ?? null,
      uid: payload.uid ?? null,
      userCode: payload.userCode ?? null,
      accountId: payload.accountId ?? null,
      clientId: payload.clientId ?? null,
      expiresAt,
    };
    await db.oidcArtifact.upsert({ where: { kind_id: { kind: this.kind, id } }, create: { kind: this.kind, id, ...columns }, update: columns });
    await this.noteAppUse(payload, now);
    sweepExpired(now);
  }

  /**
   * The account page's "Apps with access": a grant (the person's consent) makes or refreshes the row; each access
   * token the app gets marks it used.
   */
  private async noteAppUse(payload: AdapterPayload, now: Date): Promise<void> {
    const { accountId, clientId } = payload;
    if (!accountId || !clientId) return;
    if (this.kind === "Grant") {
      const scopes = (payload.openid as { scope?: string } | undefined)?.scope ?? "";
      await db.appAccess.upsert({
        where: { accountId_clientId: { accountId, clientId } },
        create: { accountId, clientId, scopes, firstUsedAt: now, lastUsedAt: now },
        update: { scopes },
      });
    } else if (this.kind === "AccessToken") {
      await db.appAccess.updateMany({ where: { accountId, clientId }, data: { lastUsedAt: now } });
    }
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (this.kind === "Client") return readClientMetadata(id);
    const row = await db.oidcArtifact.findUnique({ where: { kind_id: { kind: this.kind, id } } });
    if (!row || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return undefined;
    return parsePayload(row);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const row = await db.oidcArtifact.findFirst({ where: { kind: this.kind, uid } });
    if (!row || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return undefined;
    return parsePayload(row);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const row = await db.oidcArtifact.findFirst({ where: { kind: this.kind, userCode } });
    if (!row || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return undefined;
    return parsePayload(row);
  }

  /**
   * Marks a code or refresh token used, once: the provider checks `consumed` before it calls this, but two
   * instances can both read "unused" for the same code. Only the request whose update finds it unused goes on; the
   * other is a reuse, so it revokes the whole grant (as the provider does for a reuse it sees itself: RFC 6749
   * §4.1.2, RFC 9700 §4.14.2) and fails.
   */
  async consume(id: string): Promise<void> {
    const { count } = await db.oidcArtifact.updateMany({ where: { kind: this.kind, id, consumedAt: null }, data: { consumedAt: new Date() } });
    if (count === 1) return;
    const row = await db.oidcArtifact.findUnique({ where: { kind_id: { kind: this.kind, id } }, select: { grantId: true } });
    if (row?.grantId) {
      await db.oidcArtifact.deleteMany({ where: { grantId: row.grantId } });
      await destroyGrant(row.grantId);
    }
    throw new errors.InvalidGrant(`${this.kind} already used`);
  }

  async destroy(id: string): Promise<void> {
    if (this.kind === "Grant") return destroyGrant(id);
    await db.oidcArtifact.deleteMany({ where: { kind: this.kind, id } });
  }

  /** This model's codes or tokens of one grant (the provider calls it on each model's adapter in turn). */
  async revokeByGrantId(grantId: string): Promise<void> {
    await db.oidcArtifact.deleteMany({ where: { kind: this.kind, grantId } });
  }
}
