import { describe, expect, it } from "vitest";
import { checkProofOfWork, issueProofOfWork } from "@/lib/server/security/proof-of-work";
import { newSecret } from "@/lib/server/security/secrets";
import { PROOF_OF_WORK, solveProofOfWork } from "@/lib/shared/proof-of-work";
import { LIMITS } from "@/lib/server/security/rate-limit";
import { at, MINUTE } from "../support/fixtures";

describe("proof of work", () => {
  it("the page's solver finds the server's counter, which passes once", async () => {
    const challengeId = newSecret();
    const challenge = await issueProofOfWork({ challengeId, hard: false, ipGroup: "192.0.2.1", now: new Date() });
    const counter = await solveProofOfWork(challenge);
    expect(counter).not.toBeNull();
    expect(counter!).toBeGreaterThanOrEqual(0);
    expect(counter!).toBeLessThanOrEqual(challenge.maxCounter);
    expect(await checkProofOfWork({ challengeId, sent: String(counter), now: new Date() })).toBe("solved");
    // Used up: the same solution does not pass twice.
    expect(await checkProofOfWork({ challengeId, sent: String(counter), now: new Date() })).toBe("none");
  });

  it("a wrong counter uses the challenge up too, and tells only 'none'", async () => {
    const challengeId = newSecret();
    const challenge = await issueProofOfWork({ challengeId, hard: false, ipGroup: "192.0.2.1", now: new Date() });
    const counter = (await solveProofOfWork(challenge))!;
    expect(await checkProofOfWork({ challengeId, sent: String(counter + 1), now: new Date() })).toBe("none");
    expect(await checkProofOfWork({ challengeId, sent: String(counter), now: new Date() })).toBe("none");
  });

  it("refuses missing, malformed, foreign and expired solutions", async () => {
    const challengeId = newSecret();
    const challenge = await issueProofOfWork({ challengeId, hard: false, ipGroup: "192.0.2.1", now: new Date() });
    const counter = String(await solveProofOfWork(challenge));
    expect(await checkProofOfWork({ challengeId: undefined, sent: counter, now: new Date() })).toBe("none");
    expect(await checkProofOfWork({ challengeId: newSecret(), sent: counter, now: new Date() })).toBe("none");
    for (const sent of [undefined, "", "-1", "1e3", "12a", "9".repeat(12)]) expect(await checkProofOfWork({ challengeId, sent, now: new Date() })).toBe("none");
    expect(await checkProofOfWork({ challengeId, sent: counter, now: at(new Date(), PROOF_OF_WORK.lifetimeMs + MINUTE) })).toBe("none");
  });

  it("the hard challenge, which stands in for the image, is told apart", async () => {
    const challengeId = newSecret();
    const challenge = await issueProofOfWork({ challengeId, hard: true, ipGroup: "192.0.2.1", now: new Date() });
    const counter = await solveProofOfWork(challenge);
    expect(await checkProofOfWork({ challengeId, sent: String(counter), now: new Date() })).toBe("hard-solved");
  }, 60_000);
});

// Issue 21, finding 6: the counter was drawn from a published range (200–600, 3,000–5,000), so a solver could
// start at the minimum and skip a third of the work (two thirds for the hard one). Now it is drawn from all of
// [0, max], as ALTCHA does: with fake randomness these show that both ends can be the secret, so a solver that
// skips any part of the range misses some challenges.
describe("the secret counter", () => {
  const ipGroup = "192.0.2.10";

  it.each([
    { hard: false, top: PROOF_OF_WORK.maxCounter },
    { hard: true, top: PROOF_OF_WORK.hardMaxCounter },
  ])("is drawn from all of [0, $top] (hard: $hard), so it can be 0 or the top itself", async ({ hard, top }) => {
    const asked: number[] = [];
    for (const pick of [() => 0, (max: number) => max]) {
      const challengeId = newSecret();
      const random = (max: number) => {
        asked.push(max);
        return pick(max);
      };
      const challenge = await issueProofOfWork({ challengeId, hard, ipGroup: `${ipGroup}-${hard}`, now: new Date(), random });
      expect(challenge.maxCounter).toBe(top);
      const counter = await solveProofOfWork(challenge);
      expect(counter).toBe(pick(top));
      expect(await checkProofOfWork({ challengeId, sent: String(counter), now: new Date() })).toBe(hard ? "hard-solved" : "solved");
    }
    expect(asked).toEqual([top, top]);
  }, 60_000);

  it("a solver that gives up before the top of the range misses the secret", async () => {
    const challengeId = newSecret();
    const challenge = await issueProofOfWork({ challengeId, hard: false, ipGroup, now: new Date(), random: (max) => max });
    expect(await solveProofOfWork({ ...challenge, maxCounter: challenge.maxCounter - 1 })).toBeNull();
  });
});

// Issue 21, point 8: the image's stand-in is never refused; from one address it costs more work as it is used more
// within the hour, so people sharing an address each get through while a script pays more and more.
describe("the hard challenge from one address", () => {
  it("costs the base work for the first ones in an hour, then more for each further group, per address", async () => {
    const step = LIMITS.captchaAlternativePerIp.points;
    const issue = async (ipGroup: string) =>
      (await issueProofOfWork({ challengeId: newSecret(), hard: true, ipGroup, now: new Date(), random: () => 0 })).maxCounter;
    const busy = "192.0.2.20";
    const tops: number[] = [];
    for (let i = 0; i < 2 * step + 1; i++) tops.push(await issue(busy));
    expect(tops.slice(0, step)).toEqual(Array(step).fill(PROOF_OF_WORK.hardMaxCounter));
    expect(tops.slice(step, 2 * step)).toEqual(Array(step).fill(2 * PROOF_OF_WORK.hardMaxCounter));
    expect(tops[2 * step]).toBe(3 * PROOF_OF_WORK.hardMaxCounter);
    // Another address starts at the base work; the easy challenge never grows.
    expect(await issue("192.0.2.21")).toBe(PROOF_OF_WORK.hardMaxCounter);
    const easy = await issueProofOfWork({ challengeId: newSecret(), hard: false, ipGroup: busy, now: new Date() });
    expect(easy.maxCounter).toBe(PROOF_OF_WORK.maxCounter);
  });
});
