/**
 * Defensive zip reading. Before anything is inflated, the central directory is walked here
 * (not trusted to fflate alone) to refuse: truncation, encryption, zip64, odd compression,
 * duplicate or unsafe names, symbolic links, and declared sizes that add up to a zip bomb. Only then does
 * fflate's `unzipSync` inflate the entries asked for, into buffers of the declared size, and each
 * result is checked against the declared size and CRC-32.
 */
import { unzipSync } from 'fflate';
import { err, ok, type Problem, type Result } from '../util/result';

export interface ZipLimits {
  /** Refuse when all entries together declare more than this many uncompressed bytes. */
  maxTotalBytes: number;
  /** Refuse an entry bigger than `ratioFloorBytes` that compresses better than this (x:1). */
  maxRatio: number;
  ratioFloorBytes: number;
  /** Refuse archives with more entries than this. */
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalBytes: 512 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
  maxEntries: 1000,
};

export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

const u16 = (d: Uint8Array, i: number): number => (d[i] ?? 0) | ((d[i + 1] ?? 0) << 8);
const u32 = (d: Uint8Array, i: number): number => (u16(d, i) + u16(d, i + 2) * 65536) >>> 0;

const CUT_OFF: Problem = {
  message: 'This file is not a complete ML Studio bundle — it may have been cut off while downloading',
  hint: 'Download or export the bundle again, wait until it has finished, then import the new file.',
  code: 'bundle-truncated',
};
const DAMAGED: Problem = {
  message: 'This bundle is damaged: its contents do not match their checksums',
  hint: 'The file changed after it was exported. Export the model again, or download it again.',
  code: 'bundle-damaged',
};

const latin1 = (b: Uint8Array): string => String.fromCharCode(...b);
const utf8 = new TextDecoder();

/** An entry name that could escape the folder it is unpacked into, or alias another name. */
export function isUnsafeName(name: string): boolean {
  if (name === '' || name.includes('\\') || name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return true;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return true;
  const segments = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  return segments.some((s) => s === '' || s === '.' || s === '..');
}

const formatBytes = (n: number): string =>
  n >= 1024 ** 3
    ? `${(n / 1024 ** 3).toFixed(1)} GB`
    : n >= 1024 ** 2
      ? `${Math.round(n / 1024 ** 2)} MB`
      : n >= 1024
        ? `${Math.round(n / 1024)} KB`
        : `${n} bytes`;

// "Version made by"'s high byte: the system whose file modes the external attributes hold.
const UNIX_LIKE_SYSTEMS = new Set([3 /* Unix */, 19 /* OS X */]);
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * A Unix symbolic link: `zip -y` stores the link's target path as the entry's bytes and marks it
 * with the link mode in the external attributes' high 16 bits. The studio never writes entries to
 * disk, so a link cannot be followed there, but its bytes are a path, not the file it names: read
 * as model.json or weights they would be nonsense, or point a user at a file outside the bundle.
 */
export function isSymlinkEntry(madeBy: number, externalAttributes: number): boolean {
  return UNIX_LIKE_SYSTEMS.has(madeBy >>> 8) && ((externalAttributes >>> 16) & S_IFMT) === S_IFLNK;
}

/** Walks the central directory; every size and name is checked before any byte is inflated. */
export function listZipEntries(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Result<ZipEntry[]> {
  const looksLikeZip = bytes.length >= 4 && (u32(bytes, 0) === SIG_LOCAL || u32(bytes, 0) === SIG_EOCD);
  if (!looksLikeZip) {
    return err({
      message: 'This file is not an ML Studio bundle (it is not a .zip file)',
      hint: 'Choose the .zip file that the Export step downloaded, not a CSV or a model.json.',
      code: 'bundle-not-zip',
    });
  }
  // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes; same scan as fflate.
  let eocd = -1;
  for (let e = bytes.length - 22; e >= 0 && bytes.length - e <= 65557; e--) {
    if (u32(bytes, e) === SIG_EOCD) {
      eocd = e;
      break;
    }
  }
  if (eocd < 0) return err(CUT_OFF);
  if (eocd >= 20 && u32(bytes, eocd - 20) === SIG_ZIP64_LOCATOR) return err(tooBig(limits, Infinity));
  const count = u16(bytes, eocd + 10);
  const cdOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) return err(tooBig(limits, Infinity));
  if (count > limits.maxEntries) {
    return err({
      message: `This bundle holds ${count} files; an ML Studio bundle has about ten`,
      hint: 'Choose the .zip that the Export step downloaded.',
      code: 'bundle-too-many-files',
    });
  }
  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  let o = cdOffset;
  for (let i = 0; i < count; i++) {
    if (o + 46 > eocd || u32(bytes, o) !== SIG_CENTRAL) return err(CUT_OFF);
    const flags = u16(bytes, o + 8);
    const nameLength = u16(bytes, o + 28);
    const next = o + 46 + nameLength + u16(bytes, o + 30) + u16(bytes, o + 32);
    if (next > eocd) return err(CUT_OFF);
    const rawName = bytes.subarray(o + 46, o + 46 + nameLength);
    const entry: ZipEntry = {
      // Decoded as fflate decodes it: UTF-8 when flag bit 11 is set, else byte-per-char.
      name: flags & 0x800 ? utf8.decode(rawName) : latin1(rawName),
      method: u16(bytes, o + 10),
      crc: u32(bytes, o + 16),
      compressedSize: u32(bytes, o + 20),
      size: u32(bytes, o + 24),
    };
    const localOffset = u32(bytes, o + 42);
    const symlink = isSymlinkEntry(u16(bytes, o + 4), u32(bytes, o + 38));
    o = next;
    if (isUnsafeName(entry.name)) {
      return err({
        message: `This bundle contains a file with an unsafe name (“${entry.name}”), so the studio will not open it`,
        hint: 'Names like “../x” or “C:\\x” try to write outside the bundle. Only import bundles exported by ML Studio.',
        code: 'bundle-unsafe-name',
      });
    }
    if (symlink) {
      return err({
        message: `This zip contains a symbolic link (“${entry.name}”) instead of a file, so the studio will not open it`,
        hint: 'A link points at a file outside the zip. Zip the real files again without links (e.g. `zip -r` without `-y`), or export the model again.',
        code: 'bundle-symlink',
      });
    }
    if (seen.has(entry.name)) {
      return err({
        message: `This bundle contains two files named “${entry.name}”`,
        hint: 'A real bundle has each file once. Export the model again.',
        code: 'bundle-duplicate-name',
      });
    }
    seen.add(entry.name);
    if (flags & 1) {
      return err({
        message: 'This bundle is password-protected; the studio cannot open encrypted zips',
        hint: 'Zip the files again without a password, or export the model again.',
        code: 'bundle-encrypted',
      });
    }
    if (entry.method !== 0 && entry.method !== 8) {
      return err({
        message: `“${entry.name}” uses a zip compression the studio cannot read`,
        hint: 'Zip the files again with standard (deflate) compression, or export the model again.',
        code: 'bundle-compression',
      });
    }
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff) return err(tooBig(limits, Infinity));
    if (entry.method === 0 && entry.compressedSize !== entry.size) return err(DAMAGED);
    const localEnd = localOffset + 30;
    if (localEnd > bytes.length || u32(bytes, localOffset) !== SIG_LOCAL) return err(CUT_OFF);
    if (localEnd + u16(bytes, localOffset + 26) + u16(bytes, localOffset + 28) + entry.compressedSize > bytes.length) {
      return err(CUT_OFF);
    }
    total += entry.size;
    if (total > limits.maxTotalBytes) return err(tooBig(limits, total));
    if (entry.size > limits.ratioFloorBytes && entry.size / Math.max(1, entry.compressedSize) > limits.maxRatio) {
      return err({
        message: `“${entry.name}” in this bundle unpacks to ${Math.round(entry.size / Math.max(1, entry.compressedSize))} times its packed size, which real model files never do`,
        hint: 'It looks like a “zip bomb” made to crash the browser. Do not import it; export the model again.',
        code: 'bundle-zip-bomb',
      });
    }
    entries.push(entry);
  }
  return ok(entries);
}

function tooBig(limits: ZipLimits, total: number): Problem {
  const size = Number.isFinite(total) ? formatBytes(total) : 'more than 4 GB';
  return {
    message: `This bundle would unpack to ${size}, more than the ${formatBytes(limits.maxTotalBytes)} the studio accepts`,
    hint: 'Bundles from ML Studio are far smaller. The file may be a “zip bomb” made to crash the browser; do not import it.',
    code: 'bundle-too-large',
  };
}

/** Inflates the named entries (already listed and checked by `listZipEntries`). */
export function extractEntries(bytes: Uint8Array, entries: ZipEntry[], names: ReadonlySet<string>): Result<Map<string, Uint8Array>> {
  let index = 0;
  let mismatch = false;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (info) => {
        const listed = entries[index++];
        // fflate walks the same directory; if it sees anything else, stop trusting the file.
        if (!listed || listed.name !== info.name || listed.size !== info.originalSize || listed.compressedSize !== info.size) {
          mismatch = true;
          return false;
        }
        return names.has(info.name);
      },
    });
  } catch {
    return err(DAMAGED);
  }
  if (mismatch) return err(DAMAGED);
  const out = new Map<string, Uint8Array>();
  for (const entry of entries) {
    if (!names.has(entry.name)) continue;
    const data = files[entry.name];
    if (!data || data.length !== entry.size || crc32(data) !== entry.crc) return err(DAMAGED);
    out.set(entry.name, data);
  }
  return ok(out);
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE, as zip uses). fflate does not verify it when unzipping. */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const table = crcTable;
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = (table[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
