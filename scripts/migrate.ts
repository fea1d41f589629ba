// `npm run db:migrate` (and `npm run dev` before serving): applies pending migrations to DATABASE_URL, creating
// the SQLite file and its folder when missing.
import { migrateDatabase } from "./database";
import { loadEnv } from "./load-env";

void loadEnv().then(async (env) => {
  if (!(await migrateDatabase(env.DATABASE_URL))) {
    console.error("Database migration failed.");
    process.exitCode = 1;
  }
});
