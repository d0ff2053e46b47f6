import { base32Decode, base32Encode, hotp, matchStep, newSecret, otpauthUri, timeStep, totpAt } from '../../src/auth/totp';

// The shared secret of the RFC 4226 and RFC 6238 test vectors (the SHA-1 case).
const RFC_KEY = Buffer.from('12345678901234567890', 'ascii');
const RFC_SECRET = base32Encode(RFC_KEY);

test('RFC 4648 base32 vectors, both ways', () => {
  const vectors: Array<[string, string]> = [
    ['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI'],
  ];
  for (const [plain, encoded] of vectors) {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    expect(base32Decode(encoded).toString()).toBe(plain);
  }
  // As people type them: lower case, grouped, padded.
  expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar');
  expect(() => base32Decode('MZXW1')).toThrow();
});

test('RFC 4226 appendix D: HOTP values for counters 0 to 9', () => {
  expect(Array.from({ length: 10 }, (_, c) => hotp(RFC_KEY, c))).toEqual([
    '755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489',
  ]);
});

test('RFC 6238 appendix B: SHA-1 TOTP values (8 digits), and the 6 digits we use', () => {
  const vectors: Array<[number, string]> = [
    [59, '94287082'], [1111111109, '07081804'], [1111111111, '14050471'],
    [1234567890, '89005924'], [2000000000, '69279037'], [20000000000, '65353130'],
  ];
  for (const [seconds, code] of vectors) {
    const at = new Date(seconds * 1000);
    expect(hotp(RFC_KEY, timeStep(at), 8)).toBe(code);
    expect(totpAt(RFC_SECRET, at)).toBe(code.slice(2));
  }
});

describe('matching a code', () => {
  const at = new Date(1111111111 * 1000);
  const step = timeStep(at);
  const codeOf = (s: number) => hotp(RFC_KEY, s);

  test('the current step and one either side count, nothing further', () => {
    expect(matchStep(RFC_SECRET, codeOf(step), at)).toBe(step);
    expect(matchStep(RFC_SECRET, codeOf(step - 1), at)).toBe(step - 1);
    expect(matchStep(RFC_SECRET, codeOf(step + 1), at)).toBe(step + 1);
    expect(matchStep(RFC_SECRET, codeOf(step - 2), at)).toBeNull();
    expect(matchStep(RFC_SECRET, codeOf(step + 2), at)).toBeNull();
    expect(matchStep(RFC_SECRET, '12345', at)).toBeNull();
  });

  test('a step already used, or one before it, does not count again', () => {
    expect(matchStep(RFC_SECRET, codeOf(step), at, step)).toBeNull();
    expect(matchStep(RFC_SECRET, codeOf(step - 1), at, step)).toBeNull();
    expect(matchStep(RFC_SECRET, codeOf(step + 1), at, step)).toBe(step + 1);
  });
});

test('new secrets are 160 random bits; the otpauth URI carries what the apps need', () => {
  const a = newSecret();
  expect(a).toMatch(/^[A-Z2-7]{32}$/);
  expect(base32Decode(a)).toHaveLength(20);
  expect(newSecret()).not.toBe(a);
  const uri = new URL(otpauthUri(a, 'demo-admin', '12351 职工服务热线'));
  expect(uri.protocol).toBe('otpauth:');
  expect(uri.host).toBe('totp');
  expect(decodeURIComponent(uri.pathname)).toBe('/12351 职工服务热线:demo-admin');
  expect(Object.fromEntries(uri.searchParams)).toEqual({
    secret: a, issuer: '12351 职工服务热线', algorithm: 'SHA1', digits: '6', period: '30',
  });
});
