import { describe, expect, it } from "vitest";
import { renderActivationEmail } from "@/emails/activation";
import { renderAlreadyRegisteredEmail } from "@/emails/already-registered";
import { emailButton, emailHtml, escapeHtml } from "@/emails/layout";
import { linkHref } from "../support/inbox";

const URL_WITH_QUERY = "https://mi.example/activate?token=Ab_c-123&lang=en";

describe("activation email", () => {
  const mail = renderActivationEmail({ activationUrl: URL_WITH_QUERY });

  it("has the portal's subject", () => {
    expect(mail.subject).toBe("Activate your Mi Account");
    expect(mail.html).toContain("<title>Activate your Mi Account</title>");
  });

  it("has an 'Activate account' button linking to the URL, with & escaped in the attribute", () => {
    expect(linkHref(mail.html, "Activate account")).toBe(URL_WITH_QUERY);
    expect(mail.html).toContain('href="https://mi.example/activate?token=Ab_c-123&amp;lang=en"');
    expect(mail.html).not.toContain("token=Ab_c-123&lang");
  });

  it("repeats the URL in the plain-text part on a line of its own", () => {
    expect(mail.text.split("\n")).toContain(URL_WITH_QUERY);
    expect(mail.text).toContain("Activate account:");
    expect(mail.text).not.toMatch(/<[a-z]/i);
  });

  it("uses the URL it is given, not a fixed one", () => {
    const other = renderActivationEmail({ activationUrl: "http://localhost:3999/activate?token=xyz" });
    expect(linkHref(other.html, "Activate account")).toBe("http://localhost:3999/activate?token=xyz");
    expect(other.text).toContain("http://localhost:3999/activate?token=xyz");
    expect(other.text).not.toContain(URL_WITH_QUERY);
  });

  it("cannot be broken out of by a hostile URL", () => {
    const hostile = `https://x.example/"><script>alert('x')</script><a href="`;
    const { html, text } = renderActivationEmail({ activationUrl: hostile });
    expect(html).not.toContain("<script>");
    // No extra element sneaked in: as many links and paragraphs as with a harmless URL.
    const tags = (h: string) => h.match(/<(a|p|script)\b/g)?.join(",");
    expect(tags(html)).toBe(tags(renderActivationEmail({ activationUrl: URL_WITH_QUERY }).html));
    expect(html).toContain("&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    // The button still carries the whole URL, intact once decoded.
    expect(linkHref(html, "Activate account")).toBe(hostile);
    // Plain text is not HTML: it carries the URL verbatim.
    expect(text).toContain(hostile);
  });
});

describe("already-registered email", () => {
  it("tells the owner and links to sign-in, without an activation link", () => {
    const mail = renderAlreadyRegisteredEmail({ signInUrl: "http://localhost:3999/login" });
    expect(mail.subject).toBe("Someone tried to register with your email");
    expect(mail.html).toContain('href="http://localhost:3999/login"');
    expect(mail.text.split("\n")).toContain("http://localhost:3999/login");
    expect(`${mail.html}\n${mail.text}`).not.toContain("/activate");
    expect(linkHref(mail.html, "Activate account")).toBeNull();
  });

  it("escapes its URL too", () => {
    const mail = renderAlreadyRegisteredEmail({ signInUrl: `http://x/"<b>` });
    expect(mail.html).not.toContain("<b>");
    expect(mail.html).toContain("http://x/&quot;&lt;b&gt;");
  });
});

describe("layout", () => {
  it("escapes the five HTML-special characters, & first", () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;",
    );
    expect(escapeHtml("plain text")).toBe("plain text");
  });

  it("escapes the title and the button label, but not the body it is handed", () => {
    const html = emailHtml("<Title>", "<p>body</p>");
    expect(html).toContain("<title>&lt;Title&gt;</title>");
    expect(html).toContain("<p>body</p>");
    expect(emailButton("<Go>", "http://x")).toContain(">&lt;Go&gt;</a>");
  });
});
