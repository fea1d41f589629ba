-- A message may be queued before it is written: its composer writes it when it is due (lib/server/courier/outbox.ts).
ALTER TABLE "OutboxMessage" ADD COLUMN "composeFrom" TEXT;
