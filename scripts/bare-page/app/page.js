import { connection } from "next/server";
import { Form } from "./form";

// Rendered per request, as a page with a CSP nonce must be.
export default async function Page() {
  await connection();
  return <Form />;
}
