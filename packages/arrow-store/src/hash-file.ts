import type { Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

const READ_CHUNK = 1 << 20;

/** Feeds the bytes of `fh` from `from` to its end into `hash`; returns the hex digest. */
export async function hashHandle(fh: FileHandle, from: number, hash: Hash): Promise<string> {
  const buf = Buffer.allocUnsafe(READ_CHUNK);
  let pos = from;
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, buf.byteLength, pos);
    if (bytesRead === 0) break;
    hash.update(buf.subarray(0, bytesRead));
    pos += bytesRead;
  }
  return hash.digest('hex');
}

/**
 * What identifies one version of a file's bytes: device, inode, size, and the modification and status
 * change times in nanoseconds (any write through the file system changes the ctime).
 */
export function fileVersion(st: { dev: bigint; ino: bigint; size: bigint; mtimeNs: bigint; ctimeNs: bigint }): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}
