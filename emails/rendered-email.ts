import type { ReactElement } from "react";
import { render } from "@react-email/render";

export type RenderedEmail = { subject: string; html: string; text: string };

/**
 * HTML from the component (React escapes every value), text from hand-written lines: derived text would read
 * the button as "Activate account [url]" and lose the layout the text part was written with.
 */
export async function renderEmail(subject: string, email: ReactElement, textLines: readonly string[]): Promise<RenderedEmail> {
  return { subject, html: await render(email), text: textLines.join("\n") };
}
