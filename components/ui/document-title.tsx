"use client";

import { useEffect } from "react";
import { brand } from "@/lib/shared/messages/site";

/** The tab's title when a press changes what the page is (the server-rendered title named the page before). */
export function DocumentTitle({ title }: { title: string }) {
  useEffect(() => {
    document.title = `${title} · ${brand.name}`;
  }, [title]);
  return null;
}
