import { randomUUID } from 'node:crypto';
import { BallotSealer, electionBallotKey, openBallot, sealBallot } from './ballot-seal.js';
import { newReceipt } from './receipt.js';

const SECRET = 'a-test-ballot-secret-of-32-characters-or-more';

describe('sealed ballots', () => {
  const electionId = randomUUID();
  const keys = electionBallotKey(SECRET, electionId);
  const choices = [randomUUID(), randomUUID()];

  it('#14.1 opens to what was sealed, with the same key derived again', () => {
    const receipt = newReceipt();
    const sealed = sealBallot(keys.publicKey, { receipt, choices }, 5);
    expect(openBallot(electionBallotKey(SECRET, electionId), sealed)).toEqual({ receipt, choices });
    expect(openBallot(keys, sealBallot(keys.publicKey, { receipt, choices: [] }, 5))).toEqual({
      receipt,
      choices: [],
    });
  });

  it('#14.1 has one length whatever the number of choices, and differs each time', () => {
    const receipt = newReceipt();
    const blank = sealBallot(keys.publicKey, { receipt, choices: [] }, 5);
    const two = sealBallot(keys.publicKey, { receipt, choices }, 5);
    const again = sealBallot(keys.publicKey, { receipt, choices }, 5);
    expect(blank.length).toBe(two.length);
    expect(two.equals(again)).toBe(false);
    expect(two.toString('hex')).not.toContain(choices[0].replace(/-/g, ''));
    expect(two.toString('latin1')).not.toContain(receipt);
  });

  it("#14.1 does not open with another election's or another secret's key, nor when altered", () => {
    const sealed = sealBallot(keys.publicKey, { receipt: newReceipt(), choices }, 5);
    expect(() => openBallot(electionBallotKey(SECRET, randomUUID()), sealed)).toThrow();
    expect(() => openBallot(electionBallotKey(`${SECRET}x`, electionId), sealed)).toThrow();
    const altered = Buffer.from(sealed);
    altered[altered.length - 20] ^= 1;
    expect(() => openBallot(keys, altered)).toThrow();
  });

  it('#14.1 opens every ballot of a sealer that keeps its ephemeral key, each sealed differently', () => {
    const sealer = new BallotSealer(keys.publicKey);
    const ballots = Array.from({ length: 5 }, (_, i) => ({
      receipt: newReceipt(),
      choices: choices.slice(0, i % 3),
    }));
    const sealed = ballots.map((b) => sealer.seal(b, 5));
    expect(sealed.map((x) => openBallot(keys, x))).toEqual(ballots);
    expect(new Set(sealed.map((x) => x.toString('hex'))).size).toBe(5);
    expect(new Set(sealed.map((x) => x.length)).size).toBe(1);
  });
});
