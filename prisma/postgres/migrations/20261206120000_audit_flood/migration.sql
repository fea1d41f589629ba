-- The audit trail caps rows written for strangers per address group and hour, and counts the rest in
-- "audit-flood" rows (lib/server/security/audit.ts). SQLite stores the enum as text: nothing to migrate there.
ALTER TYPE "AuditEventName" ADD VALUE 'audit-flood';
