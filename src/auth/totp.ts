/**
 * Time-based one-time passwords as authenticator apps make them (RFC 6238 over RFC 4226 HOTP):
 * HMAC-SHA-1, 6 digits, 30-second steps, secrets in RFC 4648 base32.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const STEP_SECONDS = 30;
export const DIGITS = 6;
/** Steps either side of the current one that still count: phone clocks drift a little. */
export const WINDOW = 1;
/** 160 bits, the HMAC-SHA-1 key length RFC 4226 recommends. */
const SECRET_BYTES = 20;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Case-insensitive; spaces and `=` padding are ignored, as people copy secrets with them. */
export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=]/g, '');
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) throw new Error('not base32');
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

export const newSecret = (): string => base32Encode(randomBytes(SECRET_BYTES));

/** The number of the 30-second step `at` falls in, counted from the Unix epoch. */
export const timeStep = (at: Date): number => Math.floor(at.getTime() / 1000 / STEP_SECONDS);

/** RFC 4226: HMAC-SHA-1 of the 8-byte counter, dynamically truncated to `digits` decimal digits. */
export function hotp(key: Buffer, counter: number, digits = DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The code for the step `at` falls in. */
export const totpAt = (secret: string, at: Date): string => hotp(base32Decode(secret), timeStep(at));

/**
 * The step within the window around `at` whose code is `code`, or null. Steps up to `usedUpTo`
 * are skipped: a code, once accepted, does not work again.
 */
export function matchStep(secret: string, code: string, at: Date, usedUpTo: number | null = null): number | null {
  const key = base32Decode(secret);
  const given = Buffer.from(code);
  const now = timeStep(at);
  let found: number | null = null;
  // Every step is computed and compared in constant time, so the timing says nothing about which matched.
  for (let step = now - WINDOW; step <= now + WINDOW; step++) {
    const expected = Buffer.from(hotp(key, step));
    if (expected.length === given.length && timingSafeEqual(expected, given) && (usedUpTo === null || step > usedUpTo)) found ??= step;
  }
  return found;
}

/** The otpauth:// URI authenticator apps import (as a QR code or pasted). */
export function otpauthUri(secret: string, account: string, issuer: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = new URLSearchParams({ secret, issuer, algorithm: 'SHA1', digits: String(DIGITS), period: String(STEP_SECONDS) });
  return `otpauth://totp/${label}?${params.toString().replace(/\+/g, '%20')}`;
}
