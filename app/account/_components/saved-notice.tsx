"use client";

import { useEffect, useState } from "react";
import { FormAlert } from "@/components/ui/form-alert";

/**
 * What a saved setting says when the page comes back ("Your choice is saved."), in its own section. It answers
 * that one action only: the next form sent from the page takes it away, and it leaves the address, so a reload
 * does not bring it back. (Without JavaScript it stays until the next page, inside its section.)
 */
export function SavedNotice({ message }: { message: string }) {
  const [shown, setShown] = useState(true);
  useEffect(() => {
    const url = new URL(window.location.href);
    if (url.searchParams.has("saved")) {
      url.searchParams.delete("saved");
      url.searchParams.delete("app"); // which app lost access, with "appRemoved"
      window.history.replaceState(window.history.state, "", url);
    }
    const hide = () => setShown(false);
    document.addEventListener("submit", hide, true);
    return () => document.removeEventListener("submit", hide, true);
  }, []);
  return <FormAlert message={shown ? message : undefined} tone="ok" />;
}
