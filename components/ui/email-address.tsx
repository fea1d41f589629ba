import { Fragment } from "react";

/**
 * An email address that, when it does not fit, breaks after "@" or a dot (name.surname@ / example. / com), never
 * inside a word; `data-testid` etc. go on the outer span, whose text is the address unchanged.
 */
export function EmailAddress({ email, ...rest }: { email: string; className?: string; "data-testid"?: string }) {
  const parts = email.split(/(?<=[@.])/);
  return (
    <span {...rest} className={["email-address", rest.className].filter(Boolean).join(" ")}>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
