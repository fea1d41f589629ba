// The bare page's build: Next.js's defaults.
const config = { poweredByHeader: false };
export default config;
