// Which database DATABASE_URL names, and how to reach a PostgreSQL one. Plain TypeScript with no imports, read by
// lib/server/config/env.ts, the database client, prisma.config.ts and the scripts: the one place that knows the
// two kinds of URL. No `import "server-only"` here, unlike the rest of lib/server: the Prisma CLI
// (prisma.config.ts) and Playwright's config load this file outside Next.js, where that marker throws. It holds
// no secret and does no I/O.

export type DatabaseKind = "sqlite" | "postgres";

/** "sqlite" for a file: URL, "postgres" for postgres:// or postgresql://, null for anything else. */
export function databaseKind(url: string): DatabaseKind | null {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(?:ql)?:\/\//i.test(url)) return "postgres";
  return null;
}

/** The SQLite file a file: URL names, as given (relative to the working directory, like Prisma reads it). */
export function sqliteFile(url: string): string {
  return url.slice("file:".length);
}

export type PostgresConnection = {
  host: string;
  port: number;
  user?: string;
  password?: string;
  database: string;
  ssl?: boolean;
  application_name?: string;
};

/**
 * A postgres:// URL as separate fields, which is how the pg driver is given it: @prisma/adapter-pg derives its
 * shadow database from these fields, and from a connection string it would silently use the real database.
 * `?host=/run/postgresql` names a socket folder; `?sslmode=require` (or verify-*) turns TLS on.
 */
export function postgresConnection(url: string): PostgresConnection {
  const parsed = new URL(url);
  const params = parsed.searchParams;
  const sslmode = params.get("sslmode");
  const connection: PostgresConnection = {
    host: params.get("host") ?? (decodeURIComponent(parsed.hostname) || "localhost"),
    port: Number(params.get("port") ?? parsed.port) || 5432,
    database: decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "postgres",
  };
  if (parsed.username) connection.user = decodeURIComponent(parsed.username);
  if (parsed.password) connection.password = decodeURIComponent(parsed.password);
  if (sslmode && /^(require|verify-ca|verify-full)$/.test(sslmode)) connection.ssl = true;
  const name = params.get("application_name");
  if (name) connection.application_name = name;
  return connection;
}
