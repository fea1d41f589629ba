/**
 * An email address that, when it does not fit, breaks after "@" or a dot (name.surname@ / example. / com), never
 * inside a word or at a hyphen: each part is an unbreakable box unless it alone is wider than the line. Test ids
 * go on the outer element (a left-to-right <bdi>, also inside right-to-left pages), whose text is the address unchanged.
 */
export function EmailAddress({ email, ...rest }: { email: string; className?: string; "data-testid"?: string }) {
  const parts = email.split(/(?<=[@.])/);
  return (
    <bdi {...rest} dir="ltr" className={["email-address", rest.className].filter(Boolean).join(" ")}>
      {parts.map((part, index) => (
        <span key={index} className="email-address__part">{part}</span>
      ))}
    </bdi>
  );
}
