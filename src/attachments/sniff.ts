/**
 * What a file is, read from its first bytes. File names and declared content types are the
 * sender's claims and are never consulted: an HTML page renamed to .jpg is still an HTML page.
 */
import type { AttachmentKind } from './attachment.entity';

export interface FileType {
  kind: AttachmentKind;
  mime: string;
  /** For the download's file name. */
  ext: string;
}

const ascii = (bytes: Uint8Array, from: number, length: number) => Buffer.from(bytes.subarray(from, from + length)).toString('latin1');

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);

/** Every accepted type. */
const TYPES = {
  jpeg: { kind: 'photo', mime: 'image/jpeg', ext: 'jpg' },
  png: { kind: 'photo', mime: 'image/png', ext: 'png' },
  webp: { kind: 'photo', mime: 'image/webp', ext: 'webp' },
  heic: { kind: 'photo', mime: 'image/heic', ext: 'heic' },
  heif: { kind: 'photo', mime: 'image/heif', ext: 'heif' },
  mp3: { kind: 'voice', mime: 'audio/mpeg', ext: 'mp3' },
  aac: { kind: 'voice', mime: 'audio/aac', ext: 'aac' },
  m4a: { kind: 'voice', mime: 'audio/mp4', ext: 'm4a' },
  silk: { kind: 'voice', mime: 'audio/silk', ext: 'silk' },
} as const satisfies Record<string, FileType>;

/** ISO base media files (HEIC photos, M4A audio) name their major brand after "ftyp" at byte 4. */
const FTYP_BRANDS: Record<string, FileType> = {
  heic: TYPES.heic, heix: TYPES.heic, hevc: TYPES.heic, hevx: TYPES.heic,
  mif1: TYPES.heif, msf1: TYPES.heif,
  'M4A ': TYPES.m4a,
};

/** The accepted photo or voice type of these bytes, or null for anything else. */
export function sniff(bytes: Uint8Array): FileType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return TYPES.jpeg;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return TYPES.png;
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return TYPES.webp;
  if (ascii(bytes, 4, 4) === 'ftyp') return FTYP_BRANDS[ascii(bytes, 8, 4)] ?? null;
  // WeChat's recorder writes SILK with a leading 0x02 byte; plain SILK files start at the tag.
  if (ascii(bytes, 0, 9) === '#!SILK_V3' || (bytes[0] === 0x02 && ascii(bytes, 1, 9) === '#!SILK_V3')) return TYPES.silk;
  if (ascii(bytes, 0, 3) === 'ID3') return TYPES.mp3;
  if (bytes.length >= 2 && bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0) {
    // An MPEG audio frame: layer bits 00 are AAC's ADTS header (FFF1, FFF9), 01 is MP3 (FFFB, FFF3).
    const layer = (bytes[1] >> 1) & 0x03;
    if (layer === 0 && (bytes[1] & 0xf0) === 0xf0) return TYPES.aac;
    if (layer === 1) return TYPES.mp3;
  }
  return null;
}

/** The file name extension for a type sniff() gave. */
export function extensionOf(mime: string): string {
  return Object.values(TYPES).find((t) => t.mime === mime)?.ext ?? 'bin';
}
