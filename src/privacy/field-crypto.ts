/**
 * Personal data at rest: each value is sealed on its own with AES-256-GCM under the current key of
 * a keyring, as `v1:<keyId>:<base64 of iv | tag | ciphertext>`. The key id travels with the value,
 * so after a new key is put first in the ring old values still open, and `npm run keys:rotate`
 * re-seals them under it. The value's purpose (its kind of column) is bound in as associated data:
 * a phone's ciphertext copied into a name column does not open.
 *
 * Lookups cannot use ciphertexts (each seal is different), so values that are searched for get a
 * keyed hash (HMAC-SHA256 under a separate key) next to them.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import type { Config } from '../config';

declare const sealed: unique symbol;
/** A sealed value as stored; its clear text only through `FieldCrypto.open`. */
export type Sealed = string & { readonly [sealed]: true };

/** What a sealed value is; it is bound into the ciphertext. */
export type Purpose = 'name' | 'phone' | 'id_number' | 'bot_turn' | 'bot_conversation' | 'totp_secret';

export interface FieldKey {
  id: string;
  key: Buffer;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;
const SEALED = /^v1:([A-Za-z0-9_-]{1,16}):([A-Za-z0-9+/]+={0,2})$/;

/** A value that cannot be opened: tampered with, sealed for another purpose, or under a key not in the ring. */
export class FieldCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldCryptoError';
  }
}

export class FieldCrypto {
  private readonly keys: ReadonlyMap<string, Buffer>;
  /** The key new values are sealed under: the first of the ring. */
  readonly currentKeyId: string;
  private readonly current: Buffer;

  constructor(ring: FieldKey[], private readonly hashKey: Buffer) {
    if (!ring.length) throw new FieldCryptoError('the field keyring is empty');
    for (const { id, key } of ring) {
      if (!KEY_ID.test(id)) throw new FieldCryptoError(`field key id "${id}": use 1–16 letters, digits, _ or -`);
      if (key.length !== KEY_BYTES) throw new FieldCryptoError(`field key "${id}" must be ${KEY_BYTES} bytes, is ${key.length}`);
    }
    this.keys = new Map(ring.map((k) => [k.id, k.key]));
    if (this.keys.size !== ring.length) throw new FieldCryptoError('field key ids must be unique');
    this.currentKeyId = ring[0].id;
    this.current = ring[0].key;
  }

  seal(clear: string, purpose: Purpose): Sealed {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(purpose));
    const body = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
    return `${VERSION}:${this.currentKeyId}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}` as Sealed;
  }

  open(sealed: Sealed, purpose: Purpose): string {
    const parts = SEALED.exec(sealed);
    if (!parts) throw new FieldCryptoError(`not a sealed ${purpose} value`);
    const key = this.keys.get(parts[1]);
    if (!key) throw new FieldCryptoError(`a ${purpose} value is sealed under key "${parts[1]}", which is not in FIELD_KEYS`);
    const raw = Buffer.from(parts[2], 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new FieldCryptoError(`a sealed ${purpose} value is truncated`);
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      // The tag did not match; the value itself stays out of the message.
      throw new FieldCryptoError(`a sealed ${purpose} value failed authentication (altered, or not a ${purpose})`);
    }
  }

  /** Whether the value is sealed under the current key (re-sealing it would change nothing). */
  isCurrent(value: string): boolean {
    return SEALED.exec(value)?.[1] === this.currentKeyId;
  }

  /** A keyed hash to look `value` up by, as lowercase hex (64 characters). */
  hash(purpose: Purpose, value: string): string {
    return createHmac('sha256', this.hashKey).update(`${purpose}\n${value}`).digest('hex');
  }
}

export const isSealed = (value: string): value is Sealed => SEALED.test(value);

/**
 * `FIELD_KEYS`: `id:<base64 of 32 bytes>` entries separated by commas, the current key first.
 * Throws with a message fit for the configuration error.
 */
export function parseFieldKeys(text: string): FieldKey[] {
  const ring = text.split(',').map((entry) => entry.trim()).filter(Boolean).map((entry) => {
    const at = entry.indexOf(':');
    const id = at < 0 ? '' : entry.slice(0, at);
    if (!KEY_ID.test(id)) throw new Error(`"${id || entry.slice(0, 16)}…" is not "keyId:base64key" (key id: 1–16 letters, digits, _ or -)`);
    return { id, key: base64Key(entry.slice(at + 1), `key "${id}"`) };
  });
  if (!ring.length) throw new Error('no key given');
  if (new Set(ring.map((k) => k.id)).size !== ring.length) throw new Error('key ids must be unique');
  return ring;
}

/** A base64 key of at least 32 bytes (exactly 32 for AES-256 keys). */
export function base64Key(text: string, what: string, exact = true): Buffer {
  const trimmed = text.trim();
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (exact ? key.length !== KEY_BYTES : key.length < KEY_BYTES) {
    throw new Error(`${what} must be base64 of ${exact ? '' : 'at least '}${KEY_BYTES} bytes (e.g. \`openssl rand -base64 32\`)`);
  }
  return key;
}

/**
 * Fixed keys for development and tests only, so a local database stays readable across restarts.
 * The configuration refuses to start in production without real ones.
 */
const DEV_FIELD_KEYS: FieldKey[] = [{ id: 'dev', key: createHash('sha256').update('12351 development field key').digest() }];
const DEV_HASH_KEY = createHash('sha256').update('12351 development hash key').digest();

export function fieldCryptoFrom(config: Pick<Config, 'FIELD_KEYS' | 'FIELD_HASH_KEY'>): FieldCrypto {
  return new FieldCrypto(config.FIELD_KEYS ?? DEV_FIELD_KEYS, config.FIELD_HASH_KEY ?? DEV_HASH_KEY);
}
