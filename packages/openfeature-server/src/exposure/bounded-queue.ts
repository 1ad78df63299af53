/**
 * A first-in first-out queue of at most `capacity` items on a fixed ring buffer: `push` is O(1),
 * allocates nothing, and refuses (returns false) when full instead of growing, so a sink that is
 * down can never make the process run out of memory.
 */
export class BoundedQueue<T> {
  private readonly slots: Array<T | undefined>;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.slots = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** True when `push` would refuse: lets a caller skip building an item it could not store. */
  get full(): boolean {
    return this.count === this.capacity;
  }

  /** Appends `item`; false (and nothing stored) when the queue is full. */
  push(item: T): boolean {
    if (this.count === this.capacity) return false;
    this.slots[(this.head + this.count) % this.capacity] = item;
    this.count += 1;
    return true;
  }

  /** Removes and returns up to `max` items from the front, oldest first. */
  take(max: number): T[] {
    const n = Math.min(max, this.count);
    const out = new Array<T>(n);
    for (let i = 0; i < n; i += 1) {
      const index = (this.head + i) % this.capacity;
      out[i] = this.slots[index] as T;
      this.slots[index] = undefined;
    }
    this.head = (this.head + n) % this.capacity;
    this.count -= n;
    return out;
  }

  /** Empties the queue; returns how many items were discarded. */
  clear(): number {
    const n = this.count;
    this.take(n);
    return n;
  }
}
