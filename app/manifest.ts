import type { MetadataRoute } from "next";
import { getTranslations } from "next-intl/server";

// Lets a phone add the portal to its home screen with the portal's own mark and colour.
export default async function manifest(): Promise<MetadataRoute.Manifest> {
  const t = await getTranslations("brand");
  return {
    name: t("name"),
    short_name: t("name"),
    start_url: "/",
    display: "standalone",
    background_color: "#f5f5f5",
    theme_color: "#ff6900",
    icons: [
      { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png" },
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml" },
    ],
  };
}
