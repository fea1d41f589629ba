import "server-only";

// The data's types, for the rest of lib/. Both databases' clients are generated from the same models
// (prisma/models.prisma), so their types are the same; they are taken from one of them here, and nothing outside
// lib/server/db/ imports a generated client.
export type { Account } from "@/generated/sqlite/client";
export type { AuditEventName, CodePurpose, MessageChannel, OutboxKind } from "@/generated/sqlite/enums";
import type { Prisma } from "@/generated/sqlite/client";

/** The client a `db.$transaction(async (tx) => …)` callback gets. */
export type TransactionClient = Prisma.TransactionClient;
