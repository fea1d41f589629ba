import Link from "next/link";
import { messages } from "@/lib/shared/messages";

export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link href="/" className="brand" aria-label={messages.nav.home}>
          <span className="brand__logo" aria-hidden="true">mi</span>
          <span>{messages.brand.name}</span>
        </Link>
        <nav className="site-nav" aria-label={messages.nav.label}>
          <Link href="/login">{messages.nav.signIn}</Link>
          <Link href="/register" className="site-nav__primary">{messages.nav.register}</Link>
        </nav>
      </div>
    </header>
  );
}
