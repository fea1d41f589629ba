import type { Metadata } from "next";
import { messages } from "@/lib/shared/messages";
import { safeReturnPath } from "@/lib/shared/safe-redirect";
import { LoginForm } from "./_components/login-form";

export const metadata: Metadata = { title: messages.login.title };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPage({ searchParams }: Props) {
  const params = await searchParams;
  const signedOut = params.signedOut === "1";
  const returnTo = safeReturnPath(params.next) ?? undefined;
  return (
    <section className="card">
      <h1>{messages.login.title}</h1>
      <LoginForm notice={signedOut ? messages.login.signedOut : undefined} returnTo={returnTo} />
    </section>
  );
}
