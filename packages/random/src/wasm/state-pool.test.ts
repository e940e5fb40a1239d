import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { MT19937, stateSlotOf } from '../mt19937.js';
import { allocateState, SLOTS_PER_POOL } from './state-pool.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage until `done()` holds (FinalizationRegistry callbacks run on a later task); false after 50 tries. */
async function collectUntil(done: () => boolean): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (done()) return true;
    gc();
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return false;
}

/**
 * The slot offset (and, when asked, the key view) of a seeded generator nobody references any more. Made
 * in a plain function: a suspended async test would keep the generator alive in a stale register.
 */
function dropSeeded(seed: number): number;
function dropSeeded(seed: number, keepKey: true): { ptr: number; key: Uint32Array };
function dropSeeded(seed: number, keepKey = false): number | { ptr: number; key: Uint32Array } {
  const mt = new MT19937();
  mt.seed(seed);
  return keepKey ? { ptr: stateSlotOf(mt).ptr, key: mt.key } : stateSlotOf(mt).ptr;
}

describe('state slots', () => {
  it('MT19937.key is a view of the generator state the kernels update (scalar draws see bulk draws and back)', () => {
    const mt = new MT19937();
    mt.seed(1);
    const key = mt.key;
    const before = key[0];
    mt.generate();
    expect(mt.key).toBe(key);
    expect(key[0]).not.toBe(before);
    expect(key.buffer).toBe(stateSlotOf(mt).key.buffer);
    expect(key.byteOffset).toBe(stateSlotOf(mt).ptr);
    key.fill(0);
    key[0] = 0x80000000; // a state written through the view is the state the next twist reads
    mt.pos = 624;
    const draws = [mt.nextUint32(), mt.nextUint32()];
    const reference = new MT19937();
    reference.key[0] = 0x80000000;
    expect([reference.nextUint32(), reference.nextUint32()]).toEqual(draws);
  });

  it('a new MT19937 starts with 624 zero words at position 624, like new Uint32Array(624)', () => {
    const mt = new MT19937();
    expect(mt.key.length).toBe(624);
    expect(mt.key.every((w) => w === 0)).toBe(true);
    expect(mt.pos).toBe(624);
  });

  it('a slot goes back to its pool when its key view is collected, and is handed out again zeroed', async () => {
    const ptr = dropSeeded(99);
    let next: MT19937 | null = null;
    // Keep asking for slots until the freed one comes back (others may be freed first).
    const seen: MT19937[] = [];
    const reused = await collectUntil(() => {
      next = new MT19937();
      if (stateSlotOf(next).ptr === ptr) return true;
      seen.push(next);
      return false;
    });
    expect(reused).toBe(true);
    expect(next!.key.every((w) => w === 0)).toBe(true);
  });

  it('a key view kept alive keeps its slot (and its words) after the generator is collected', async () => {
    const { key, ptr } = dropSeeded(5, true);
    const copy = Array.from(key);
    const others: MT19937[] = [];
    await collectUntil(() => {
      others.push(new MT19937());
      return others.length > 20;
    });
    expect(others.every((o) => stateSlotOf(o).ptr !== ptr || o.key.buffer !== key.buffer)).toBe(true);
    expect(Array.from(key)).toEqual(copy);
  });

  it('more live generators than one pool holds get a second pool', () => {
    const slots = Array.from({ length: SLOTS_PER_POOL + 2 }, () => allocateState());
    const buffers = new Set(slots.map((s) => s.key.buffer));
    expect(buffers.size).toBeGreaterThanOrEqual(2);
    const mt = new MT19937();
    mt.seed(0);
    expect(mt.nextUint32()).toBe(2357136044);
  });
});
