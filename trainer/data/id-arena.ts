/**
 * Storage for many small id arrays (one per text) without one allocation each: ids are
 * appended to large shared chunks and handed out as views. A million texts' rows then
 * cost their ids plus one small view object each, not a separate buffer apiece.
 */
export class IdArena {
  private chunk: Int32Array;
  private used = 0;

  constructor(private readonly chunkLength = 1 << 22) {
    this.chunk = new Int32Array(chunkLength);
  }

  /** A copy of `ids[0..length)` in the arena, as a view that stays valid. */
  store(ids: Int32Array, length = ids.length): Int32Array {
    if (this.used + length > this.chunk.length) {
      this.chunk = new Int32Array(Math.max(this.chunkLength, length));
      this.used = 0;
    }
    const view = this.chunk.subarray(this.used, this.used + length);
    view.set(ids.subarray(0, length));
    this.used += length;
    return view;
  }
}
