import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// Every Prisma CLI command goes through the driver adapter and the WASM schema engine: the native engine
// binaries cannot be downloaded on these machines (see README, "Toolchain").
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  adapter: async () => new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? "file:./data/mi.db" }),
});
