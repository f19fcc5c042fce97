import { describe, expect, it } from 'vitest';
import { CODE_LENGTH, readableCode, typedLength } from './code';

describe('a verification code as people read it', () => {
  it('is in groups of four, as the signed copy prints it', () => {
    expect(readableCode('7K3MQ9XD2HNPW4RT')).toBe('7K3M-Q9XD-2HNP-W4RT');
  });
  it('however it was typed', () => {
    expect(readableCode('7k3m q9xd-2hnp w4rt')).toBe('7K3M-Q9XD-2HNP-W4RT');
    expect(readableCode('7K3M-Q9XD-2HNP-W4RT')).toBe('7K3M-Q9XD-2HNP-W4RT');
  });
  it('counts the letters and digits typed, not the dashes and spaces', () => {
    expect(typedLength('7k3m q9xd-2hnp w4rt')).toBe(CODE_LENGTH);
    expect(typedLength('7K3M-Q9XD-2HNP-W4R')).toBe(15);
  });
  it('leaves what cannot be a code as typed', () => {
    expect(readableCode('NO-SUCH-CODE')).toBe('NO-SUCH-CODE');
  });
});
