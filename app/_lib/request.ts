import { cookies, headers } from "next/headers";
import { cookieOptions } from "@/lib/cookies";

// Next.js request plumbing kept in one spot, so lib/ only ever sees plain values.
export async function readCookie(name: string): Promise<string | undefined> {
  return (await cookies()).get(name)?.value;
}

export async function writeCookie(name: string, value: string, expires?: Date): Promise<void> {
  (await cookies()).set(name, value, { ...cookieOptions, ...(expires ? { expires } : {}) });
}

export async function clearCookie(name: string): Promise<void> {
  (await cookies()).set(name, "", { ...cookieOptions, maxAge: 0 });
}

export async function acceptLanguage(): Promise<string | null> {
  return (await headers()).get("accept-language");
}
