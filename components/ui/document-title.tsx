"use client";

import { useEffect } from "react";
import { useTranslations } from "next-intl";

/** The tab's title when a press changes what the page is (the server-rendered title named the page before). */
export function DocumentTitle({ title }: { title: string }) {
  const brand = useTranslations("brand")("name");
  useEffect(() => {
    document.title = `${title} · ${brand}`;
  }, [title, brand]);
  return null;
}
