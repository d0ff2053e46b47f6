import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { FieldCrypto, FieldCryptoError, fieldCryptoFrom, isSealed, parseFieldKeys, Sealed } from '../../src/privacy/field-crypto';

const key = () => randomBytes(32);
const [k1, k2, hashKey] = [key(), key(), key()];
const ring1 = new FieldCrypto([{ id: 'k1', key: k1 }], hashKey);
/** k2 put first, k1 kept: the ring after a rotation started. */
const ring21 = new FieldCrypto([{ id: 'k2', key: k2 }, { id: 'k1', key: k1 }], hashKey);

/** The same value with one byte of its iv|tag|ciphertext changed. */
function tampered(sealed: Sealed, at: number): Sealed {
  const [v, id, body] = sealed.split(':');
  const raw = Buffer.from(body, 'base64');
  raw[at] ^= 0x01;
  return `${v}:${id}:${raw.toString('base64')}` as Sealed;
}

test('a value comes back as it went in, sealed differently each time and under the current key id', () => {
  for (const clear of ['13912345678', '欧阳娜娜', '44010619900101123X', '', '0755-12345678']) {
    const sealed = ring1.seal(clear, 'phone');
    expect(sealed).toMatch(/^v1:k1:[A-Za-z0-9+/]+=*$/);
    expect(sealed).not.toContain(clear || '\u0000');
    expect(ring1.open(sealed, 'phone')).toBe(clear);
    expect(ring1.seal(clear, 'phone')).not.toBe(sealed);
  }
});

test('a changed iv, tag or ciphertext, or a value moved to another purpose, does not open', () => {
  const sealed = ring1.seal('13912345678', 'phone');
  for (const at of [0, 12, 27, 28, 30]) {
    expect(() => ring1.open(tampered(sealed, at), 'phone')).toThrow(FieldCryptoError);
  }
  expect(() => ring1.open(sealed, 'name')).toThrow(/failed authentication/);
  expect(() => ring1.open('13912345678' as Sealed, 'phone')).toThrow(/not a sealed phone/);
  expect(() => ring1.open('v1:k1:AAAA' as Sealed, 'phone')).toThrow(/truncated/);
});

test('a value under a key id the ring does not hold is an error naming the id, never the value', () => {
  const sealed = ring21.seal('13912345678', 'phone');
  expect(() => ring1.open(sealed, 'phone')).toThrow(new FieldCryptoError('a phone value is sealed under key "k2", which is not in FIELD_KEYS'));
});

test('rotation: old values still open with the old key in the ring, new ones use the new key', () => {
  const old = ring1.seal('张三', 'name');
  expect(ring21.open(old, 'name')).toBe('张三');
  expect(ring21.isCurrent(old)).toBe(false);
  const fresh = ring21.seal('张三', 'name');
  expect(fresh.startsWith('v1:k2:')).toBe(true);
  expect(ring21.isCurrent(fresh)).toBe(true);
  // Once the old key leaves the ring, what was not re-sealed is lost: hence keys:rotate first.
  expect(() => new FieldCrypto([{ id: 'k2', key: k2 }], hashKey).open(old, 'name')).toThrow(/key "k1"/);
});

test('lookup hashes are keyed: the same under any field key, different under another hash key', () => {
  expect(ring1.hash('phone', '13912345678')).toMatch(/^[0-9a-f]{64}$/);
  expect(ring21.hash('phone', '13912345678')).toBe(ring1.hash('phone', '13912345678'));
  expect(new FieldCrypto([{ id: 'k1', key: k1 }], key()).hash('phone', '13912345678')).not.toBe(ring1.hash('phone', '13912345678'));
  expect(ring1.hash('phone', '13912345678')).not.toBe(ring1.hash('phone', '13912345679'));
});

test('isSealed tells stored values from clear ones', () => {
  expect(isSealed(ring1.seal('x', 'name'))).toBe(true);
  for (const clear of ['13912345678', '张三', 'v1:k1:', 'v1:k1:not base64!', '["您好"]']) expect(isSealed(clear)).toBe(false);
});

describe('configuration', () => {
  const b64 = (bytes: Buffer) => bytes.toString('base64');

  test('FIELD_KEYS lists the keyring, current key first', () => {
    const config = loadConfig({ FIELD_KEYS: `k2:${b64(k2)}, k1:${b64(k1)}`, FIELD_HASH_KEY: b64(hashKey) });
    expect(config.FIELD_KEYS!.map((k) => k.id)).toEqual(['k2', 'k1']);
    const crypto = fieldCryptoFrom(config);
    expect(crypto.currentKeyId).toBe('k2');
    expect(crypto.open(ring1.seal('张三', 'name'), 'name')).toBe('张三');
  });

  test.each([
    ['a key of 16 bytes', () => `k1:${b64(randomBytes(16))}`, /key "k1" must be base64 of 32 bytes/],
    ['no key id', () => b64(k1), /is not "keyId:base64key"/],
    ['a key id with a space', () => `my key:${b64(k1)}`, /is not "keyId:base64key"/],
    ['the same id twice', () => `k1:${b64(k1)},k1:${b64(k2)}`, /key ids must be unique/],
    ['nothing', () => ' , ', /no key given/],
  ])('FIELD_KEYS with %s is refused, naming the variable', (_what, value, message) => {
    expect(() => loadConfig({ FIELD_KEYS: value() })).toThrow(/FIELD_KEYS: /);
    expect(() => parseFieldKeys(value())).toThrow(message);
  });

  test('production refuses to start without keys; development falls back to fixed dev keys', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/FIELD_KEYS: required in production[\s\S]*FIELD_HASH_KEY: required in production/);
    expect(() => loadConfig({ NODE_ENV: 'production', FIELD_KEYS: `k1:${b64(k1)}`, FIELD_HASH_KEY: 'short' })).toThrow(/FIELD_HASH_KEY: .*at least 32 bytes/);
    expect(loadConfig({ NODE_ENV: 'production', FIELD_KEYS: `k1:${b64(k1)}`, FIELD_HASH_KEY: b64(hashKey) }).FIELD_KEYS).toHaveLength(1);

    const dev = fieldCryptoFrom(loadConfig({ NODE_ENV: 'development' }));
    expect(dev.currentKeyId).toBe('dev');
    // Fixed: a development database stays readable across restarts.
    const again = fieldCryptoFrom(loadConfig({ NODE_ENV: 'test' }));
    expect(again.open(dev.seal('张三', 'name'), 'name')).toBe('张三');
    expect(again.hash('phone', '13912345678')).toBe(dev.hash('phone', '13912345678'));
  });
});
