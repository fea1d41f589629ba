import type { Metadata } from "next";
import { messages } from "@/lib/messages";
import { LoginForm } from "./_components/login-form";

export const metadata: Metadata = { title: messages.login.title };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPage({ searchParams }: Props) {
  const signedOut = (await searchParams).signedOut === "1";
  return (
    <section className="card">
      <h1>{messages.login.title}</h1>
      <LoginForm notice={signedOut ? messages.login.signedOut : undefined} />
    </section>
  );
}
