// Whether "Send me offers and news" starts ticked. The real portal ticks it; where marketing needs opt-in
// consent (the EU and EEA under the GDPR and ePrivacy rules, and the UK under PECR) it starts unticked, and the
// person ticks it if they want it. One table, shared by the page and the server's default.
const OPT_IN_REGIONS = new Set([
  // EU
  "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
  "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
  // EEA outside the EU
  "IS", "LI", "NO",
  // United Kingdom
  "GB",
]);

/** The offers box's starting state for a country or region (an unknown or empty one counts as opt-in). */
export function offersTickedByDefault(country: string): boolean {
  return country !== "" && !OPT_IN_REGIONS.has(country);
}
