import { Form } from "../form";

// Rendered once, at build time.
export default function Page() {
  return <Form />;
}
