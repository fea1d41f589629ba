import Link from "next/link";
import { messages } from "@/lib/shared/messages";

export default function NotFound() {
  return (
    <section className="card">
      <h1>{messages.notFound.title}</h1>
      <p>{messages.notFound.body}</p>
      <Link href="/" className="button">{messages.notFound.home}</Link>
    </section>
  );
}
