import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/server/security/audit";
import { epochMs, sql, testDatabaseKind, timestampLike } from "../support/database";
import { databaseUrl } from "../support/integration-context";

// The audit trail is append-only in the database itself (triggers in the migrations of both databases), whatever
// connection asks: an operator's SQL session here, not the app's Prisma client. The one change allowed is the one
// account deletion makes: a row losing its address group, and nothing else changing with it.

type Row = { id: string; at: unknown; event: string; outcome: string; accountId: string | null; ipGroup: string | null };

async function auditRow(ipGroup: string | null = "203.0.113.0"): Promise<Row> {
  const accountId = `append-only-${randomUUID()}`;
  await recordAudit({ by: "owner", event: "sign_in", outcome: "ok", accountId, ipGroup }, new Date("2026-11-25T10:00:00.000Z"));
  const rows = await sql<Row>(databaseUrl(), 'SELECT "id", "at", "event", "outcome", "accountId", "ipGroup" FROM "AuditEvent" WHERE "accountId" = ?', accountId);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

async function reread(id: string): Promise<Row | undefined> {
  return (await sql<Row>(databaseUrl(), 'SELECT "id", "at", "event", "outcome", "accountId", "ipGroup" FROM "AuditEvent" WHERE "id" = ?', id))[0];
}
const refused = /AuditEvent is append-only/;

describe("AuditEvent at the database level", () => {
  it("refuses an UPDATE of any column but ipGroup, and leaves the row as it was", async () => {
    const row = await auditRow();
    const changes: [string, unknown][] = [
      ['"outcome" = ?', "forged"],
      ['"event" = ?', "lockout"],
      ['"accountId" = ?', "someone-else"],
      ['"accountId" = ?', null],
      ['"at" = ?', timestampLike(row.at, new Date("2020-01-01T00:00:00.000Z"))],
      ['"id" = ?', `${row.id}-moved`],
      // ipGroup may only be emptied, not rewritten.
      ['"ipGroup" = ?', "198.51.100.0"],
    ];
    for (const [set, value] of changes) {
      await expect(sql(databaseUrl(), `UPDATE "AuditEvent" SET ${set} WHERE "id" = ?`, value, row.id), set).rejects.toThrow(refused);
    }
    // Emptying ipGroup together with another change is still a change.
    await expect(sql(databaseUrl(), `UPDATE "AuditEvent" SET "ipGroup" = NULL, "outcome" = 'forged' WHERE "id" = ?`, row.id)).rejects.toThrow(refused);
    const after = await reread(row.id);
    expect({ ...after, at: epochMs(after?.at) }).toEqual({ ...row, at: epochMs(row.at) });
  });

  it("allows emptying ipGroup, and nothing else changes", async () => {
    const row = await auditRow();
    await sql(databaseUrl(), 'UPDATE "AuditEvent" SET "ipGroup" = NULL WHERE "id" = ?', row.id);
    const after = await reread(row.id);
    expect({ ...after, at: epochMs(after?.at) }).toEqual({ ...row, at: epochMs(row.at), ipGroup: null });
  });

  it("refuses DELETE, of one row or of all", async () => {
    const row = await auditRow();
    await expect(sql(databaseUrl(), 'DELETE FROM "AuditEvent" WHERE "id" = ?', row.id)).rejects.toThrow(refused);
    await expect(sql(databaseUrl(), 'DELETE FROM "AuditEvent"')).rejects.toThrow(refused);
    expect(await reread(row.id)).toBeDefined();
    expect(await sql(databaseUrl(), 'SELECT COUNT(*) AS "n" FROM "AuditEvent" WHERE "id" = ?', row.id)).toEqual([{ n: 1 }]);
  });

  it.skipIf(testDatabaseKind() !== "postgres")("refuses TRUNCATE on PostgreSQL, which skips row triggers", async () => {
    const row = await auditRow();
    await expect(sql(databaseUrl(), 'TRUNCATE "AuditEvent"')).rejects.toThrow(refused);
    expect(await reread(row.id)).toBeDefined();
  });
});
