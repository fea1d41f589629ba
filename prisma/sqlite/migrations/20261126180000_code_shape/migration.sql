-- The step-1 draft of sign-up was called "Registration", which read like the account itself.
ALTER TABLE "Registration" RENAME TO "SignUpDraft";

-- A table of its own for taking SQLite's write lock at the start of a transaction (lib/server/db/sqlite-serialized.ts),
-- instead of borrowing _prisma_migrations, which a database made with `db push` does not have.
CREATE TABLE "_sqlite_write_lock" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT
);
