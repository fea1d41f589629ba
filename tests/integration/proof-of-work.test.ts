import { describe, expect, it } from "vitest";
import { checkProofOfWork, issueProofOfWork } from "@/lib/server/security/proof-of-work";
import { newSecret } from "@/lib/server/security/secrets";
import { PROOF_OF_WORK, solveProofOfWork } from "@/lib/shared/proof-of-work";
import { at, MINUTE } from "../support/fixtures";

describe("proof of work", () => {
  it("the page's solver finds the server's counter, which passes once", async () => {
    const challengeId = newSecret();
    const challenge = await issueProofOfWork({ challengeId, hard: false, now: new Date() });
    const counter = await solveProofOfWork(challenge);
    expect(counter).not.toBeNull();
    expect(counter!).toBeGreaterThanOrEqual(PROOF_OF_WORK.counter.min);
    expect(counter!).toBeLessThan(PROOF_OF_WORK.counter.max);
    expect(await checkProofOfWork({ challengeId, sent: String(counter), now: new Date() })).toBe("solved");
    // Used up: the same solution does not pass twice.
    expect(await checkProofOfWork({ challengeId, sent: String(counter), now: new Date() })).toBe("none");
  });

  it("a wrong counter uses the challenge up too, and tells only 'none'", async () => {
    const challengeId = newSecret();
    const challenge = await issueProofOfWork({ challengeId, hard: false, now: new Date() });
    const counter = (await solveProofOfWork(challenge))!;
    expect(await checkProofOfWork({ challengeId, sent: String(counter + 1), now: new Date() })).toBe("none");
    expect(await checkProofOfWork({ challengeId, sent: String(counter), now: new Date() })).toBe("none");
  });

  it("refuses missing, malformed, foreign and expired solutions", async () => {
    const challengeId = newSecret();
    const challenge = await issueProofOfWork({ challengeId, hard: false, now: new Date() });
    const counter = String(await solveProofOfWork(challenge));
    expect(await checkProofOfWork({ challengeId: undefined, sent: counter, now: new Date() })).toBe("none");
    expect(await checkProofOfWork({ challengeId: newSecret(), sent: counter, now: new Date() })).toBe("none");
    for (const sent of [undefined, "", "-1", "1e3", "12a", "9".repeat(12)]) expect(await checkProofOfWork({ challengeId, sent, now: new Date() })).toBe("none");
    expect(await checkProofOfWork({ challengeId, sent: counter, now: at(new Date(), PROOF_OF_WORK.lifetimeMs + MINUTE) })).toBe("none");
  });

  it("the hard challenge, which stands in for the image, is told apart", async () => {
    const challengeId = newSecret();
    const challenge = await issueProofOfWork({ challengeId, hard: true, now: new Date() });
    const counter = await solveProofOfWork(challenge);
    expect(counter!).toBeGreaterThanOrEqual(PROOF_OF_WORK.hardCounter.min);
    expect(await checkProofOfWork({ challengeId, sent: String(counter), now: new Date() })).toBe("hard-solved");
  }, 60_000);
});
