import { render } from "@react-email/render";
import { describe, expect, it } from "vitest";
import { EmailButton, EmailLayout, renderActivationEmail, renderAlreadyRegisteredEmail, renderPasswordChangedEmail, renderPasswordResetEmail } from "@/emails";
import { linkHref } from "../support/inbox";

const URL_WITH_QUERY = "https://mi.example/activate?token=Ab_c-123&lang=en";

describe("activation email", async () => {
  const mail = await renderActivationEmail({ activationUrl: URL_WITH_QUERY, locale: "en" });

  it("has the portal's subject", () => {
    expect(mail.subject).toBe("Activate your Mi Account");
    expect(mail.html).toContain("<title>Activate your Mi Account</title>");
    expect(mail.html).toMatch(/<html[^>]* lang="en"/);
  });

  it("has an 'Activate account' button linking to the URL, with & escaped in the attribute", () => {
    expect(linkHref(mail.html, "Activate account")).toBe(URL_WITH_QUERY);
    expect(mail.html).toContain('href="https://mi.example/activate?token=Ab_c-123&amp;lang=en"');
    expect(mail.html).not.toContain("token=Ab_c-123&lang");
  });

  it("repeats the URL in the plain-text part on a line of its own", () => {
    expect(mail.text.split("\n")).toContain(URL_WITH_QUERY);
    expect(mail.text).toContain("Activate account:");
    expect(mail.text).toContain("The Mi Account team");
    expect(mail.text).not.toMatch(/<[a-z]/i);
  });

  it("uses the URL it is given, not a fixed one", async () => {
    const other = await renderActivationEmail({ activationUrl: "http://localhost:3999/activate?token=xyz", locale: "en" });
    expect(linkHref(other.html, "Activate account")).toBe("http://localhost:3999/activate?token=xyz");
    expect(other.text).toContain("http://localhost:3999/activate?token=xyz");
    expect(other.text).not.toContain(URL_WITH_QUERY);
  });

  it("cannot be broken out of by a hostile URL", async () => {
    const hostile = `https://x.example/"><script>alert('x')</script><a href="`;
    const { html, text } = await renderActivationEmail({ activationUrl: hostile, locale: "en" });
    expect(html).not.toContain("<script>");
    // No extra element sneaked in: as many links and paragraphs as with a harmless URL.
    const tags = (h: string) => h.match(/<(a|p|script)\b/g)?.join(",");
    expect(tags(html)).toBe(tags(mail.html));
    // React writes ' as &#x27;.
    expect(html).toContain("&quot;&gt;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;");
    // The button still carries the whole URL, intact once decoded (linkHref may not know React's &#x27;).
    expect(linkHref(html, "Activate account")?.replaceAll("&#x27;", "'")).toBe(hostile);
    // Plain text is not HTML: it carries the URL verbatim.
    expect(text).toContain(hostile);
  });

  it("never makes a javascript: URL a live link (React blocks it), though the text part still shows it", async () => {
    const { html, text } = await renderActivationEmail({ activationUrl: "javascript:alert(1)", locale: "en" });
    expect(html).not.toContain('href="javascript:alert(1)"');
    expect(linkHref(html, "Activate account")).toMatch(/^javascript:throw new Error\(/);
    expect(text.split("\n")).toContain("javascript:alert(1)");
  });
});

describe("already-registered email", () => {
  it("tells the owner and links to sign-in and to a password reset, without an activation link", async () => {
    const mail = await renderAlreadyRegisteredEmail({ signInUrl: "http://localhost:3999/login", forgotUrl: "http://localhost:3999/forgot", locale: "en" });
    expect(linkHref(mail.html, "http://localhost:3999/forgot")).toBe("http://localhost:3999/forgot");
    expect(mail.text.split("\n")).toContain("http://localhost:3999/forgot");
    expect(mail.subject).toBe("Someone tried to register with your email");
    expect(mail.html).toContain("<title>Someone tried to register with your email</title>");
    expect(mail.html).toContain('href="http://localhost:3999/login"');
    expect(linkHref(mail.html, "http://localhost:3999/login")).toBe("http://localhost:3999/login");
    expect(mail.text.split("\n")).toContain("http://localhost:3999/login");
    expect(`${mail.html}\n${mail.text}`).not.toContain("/activate");
    expect(linkHref(mail.html, "Activate account")).toBeNull();
  });

  it("escapes its URL too", async () => {
    const mail = await renderAlreadyRegisteredEmail({ signInUrl: `http://x/"<b>`, forgotUrl: "http://x/forgot", locale: "en" });
    expect(mail.html).not.toContain("<b>");
    expect(mail.html).toContain("http://x/&quot;&lt;b&gt;");
  });
});

describe("layout components", () => {
  // Called as plain functions (they use no hooks): this .ts file has no JSX, and createElement would need children
  // both as a prop (for the types) and as an argument (for the linter).
  const page = (title: string, label: string, href: string) =>
    render(EmailLayout({ title, frame: { locale: "en", brand: "Mi Account", signature: "The Mi Account team" }, children: EmailButton({ href, children: label }) }));

  it("escape the title, the button's label and its href: they take text, not HTML", async () => {
    const html = await page("<Title>", "<Go>", `x" onclick="y`);
    expect(html).toContain("<title>&lt;Title&gt;</title>");
    expect(html).toContain(">&lt;Go&gt;</a>");
    expect(html).toContain('href="x&quot; onclick=&quot;y"');
    expect(html).not.toMatch(/<Title>|<Go>|onclick="/);
  });

  it("keep the portal's look with inline styles only: brand header, darkened-orange button (white on it 4.9:1), signature", async () => {
    const html = await page("Title", "Go", "https://mi.example/");
    expect(html).not.toMatch(/<style|class=/);
    expect(html).toMatch(/<body style="[^"]*background:#f5f5f5/);
    expect(html).toMatch(/<td [^>]*style="[^"]*border-bottom:3px solid #ff6900[^"]*">Mi Account<\/td>/);
    expect(html).toMatch(/<a href="https:\/\/mi\.example\/" style="[^"]*background:#bf4d00[^"]*"[^>]*>Go<\/a>/);
    const button = html.match(/<a [^>]*>Go<\/a>/)?.[0] ?? "";
    expect(button).toContain("color:#ffffff");
    expect(button).toContain("font-weight:bold");
    expect(html).toMatch(/>The Mi Account team<\/p>/);
  });
});

describe("password emails", () => {
  it("the reset email has a button and the same URL as text; the notice links to a reset", async () => {
    const url = "http://localhost:3999/reset?token=abc&x=1";
    const reset = await renderPasswordResetEmail({ resetUrl: url, locale: "en" });
    expect(reset.subject).toBe("Reset your Mi Account password");
    expect(linkHref(reset.html, "Choose a new password")).toBe(url);
    expect(reset.text.split("\n")).toContain(url);
    const changed = await renderPasswordChangedEmail({ forgotUrl: "http://localhost:3999/forgot", locale: "en" });
    expect(changed.subject).toBe("Your Mi Account password was changed");
    expect(changed.text.split("\n")).toContain("http://localhost:3999/forgot");
    expect(`${changed.html}${changed.text}`).not.toContain("token=");
  });
});
