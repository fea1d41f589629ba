import Link from "next/link";

type Props = {
  /** The signed-in person's Mi Account ID, or null when nobody is signed in. */
  signedInAs: string | null;
  /** The sign-out server action (passed in: components import no server code). */
  signOut: () => Promise<void>;
  labels: { brand: string; nav: string; account: string; signIn: string; register: string; signOut: string };
};

export function SiteHeader({ signedInAs, signOut, labels }: Props) {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        {/* The link's name is its visible text, "Mi Account": the mark beside it is decoration. */}
        <Link href="/" className="brand">
          {/* eslint-disable-next-line @next/next/no-img-element -- a tiny static SVG, nothing to optimise */}
          <img src="/icon.svg" alt="" width={36} height={36} className="brand__mark" />
          <span>{labels.brand}</span>
        </Link>
        <nav className="site-nav" aria-label={labels.nav}>
          {signedInAs ? (
            <>
              {/* The name comes from the content, so it contains what is seen (the Mi Account ID). */}
              <Link href="/account"><span className="sr-only">{labels.account} </span><bdi dir="ltr">{signedInAs}</bdi></Link>
              <form action={signOut}>
                <button type="submit" className="site-nav__button">{labels.signOut}</button>
              </form>
            </>
          ) : (
            <>
              <Link href="/login">{labels.signIn}</Link>
              <Link href="/register" className="site-nav__primary">{labels.register}</Link>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}
