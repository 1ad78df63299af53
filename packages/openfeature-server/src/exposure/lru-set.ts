/**
 * A set of strings that forgets its least recently seen member beyond `capacity`, so the memory
 * deduplication uses stays bounded in a server that runs for weeks. Map keeps insertion order:
 * re-inserting a member moves it to the back, and the front is always the oldest.
 */
export class LruSet {
  private readonly members = new Map<string, true>();

  constructor(readonly capacity: number) {}

  /** Adds `member` (or refreshes it); returns false when it was already present. */
  add(member: string): boolean {
    const members = this.members;
    if (members.has(member)) {
      members.delete(member);
      members.set(member, true);
      return false;
    }
    members.set(member, true);
    if (members.size > this.capacity) {
      const oldest = members.keys().next().value;
      if (oldest !== undefined) members.delete(oldest);
    }
    return true;
  }

  has(member: string): boolean {
    return this.members.has(member);
  }

  get size(): number {
    return this.members.size;
  }

  clear(): void {
    this.members.clear();
  }
}
