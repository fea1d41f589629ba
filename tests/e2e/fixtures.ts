import { test as base } from "@playwright/test";

export { expect } from "@playwright/test";
export type { APIRequestContext, Locator, Page, TestInfo } from "@playwright/test";

let counter = 0;

// The portal's rate limits count per client address, and every test here comes from 127.0.0.1. The e2e app
// trusts one proxy hop (TRUST_PROXY=1), so each test presents its own address in X-Forwarded-For, as real
// people behind a load balancer would, and the tests' counters never add up.
export const test = base.extend<{ clientAddress: string }>({
  clientAddress: [
    async ({ context }, use, testInfo) => {
      counter += 1;
      const address = `10.${testInfo.workerIndex % 250}.${Math.floor(counter / 250) % 250}.${counter % 250}`;
      await context.setExtraHTTPHeaders({ "X-Forwarded-For": address });
      await use(address);
    },
    { auto: true },
  ],
});
