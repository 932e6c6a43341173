import { inflateRawSync } from 'node:zlib';

/**
 * Every file in a small (not ZIP64) zip archive, by name, as text: enough to compare two XLSX
 * files part by part. Reads the central directory, which holds the sizes that a streamed
 * archive leaves out of its local headers.
 */
export function zipEntries(zip: Buffer): Map<string, string> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip archive');
  const entryCount = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16); // the central directory's offset
  const entries = new Map<string, string>();
  for (let i = 0; i < entryCount; i++) {
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart =
      localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    entries.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
