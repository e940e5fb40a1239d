import type { FileHandle } from 'node:fs/promises';

/** Reads up to `length` bytes at `position` into `buf` at `offset`; returns the bytes read (short only at end of file). */
export async function readFully(fh: FileHandle, buf: Uint8Array, offset: number, length: number, position: number): Promise<number> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, offset + done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}
