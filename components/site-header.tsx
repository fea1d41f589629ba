import Link from "next/link";
import { messages } from "@/lib/shared/messages";

type Props = {
  /** The signed-in person's Mi Account ID, or null when nobody is signed in. */
  signedInAs: string | null;
  /** The sign-out server action (passed in: components import no server code). */
  signOut: () => Promise<void>;
};

export function SiteHeader({ signedInAs, signOut }: Props) {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        {/* The link's name is its visible text, "Mi Account": the mark beside it is decoration. */}
        <Link href="/" className="brand">
          {/* eslint-disable-next-line @next/next/no-img-element -- a tiny static SVG, nothing to optimise */}
          <img src="/icon.svg" alt="" width={36} height={36} className="brand__mark" />
          <span>{messages.brand.name}</span>
        </Link>
        <nav className="site-nav" aria-label={messages.nav.label}>
          {signedInAs ? (
            <>
              {/* The name comes from the content, so it contains what is seen (the Mi Account ID). */}
              <Link href="/account"><span className="sr-only">{messages.nav.account} </span>{signedInAs}</Link>
              <form action={signOut}>
                <button type="submit" className="site-nav__button">{messages.nav.signOut}</button>
              </form>
            </>
          ) : (
            <>
              <Link href="/login">{messages.nav.signIn}</Link>
              <Link href="/register" className="site-nav__primary">{messages.nav.register}</Link>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}
