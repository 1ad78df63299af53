/**
 * A set that forgets its oldest member beyond `capacity`, so deduplication memory stays bounded
 * on a page that stays open for days. Re-adding a member refreshes it (least recently seen goes).
 */
export class BoundedSet {
  private readonly members = new Map<string, true>();

  constructor(readonly capacity: number) {}

  /** Adds `member`; returns false when it was already present. */
  add(member: string): boolean {
    if (this.members.has(member)) {
      this.members.delete(member);
      this.members.set(member, true);
      return false;
    }
    this.members.set(member, true);
    if (this.members.size > this.capacity) {
      const oldest = this.members.keys().next().value;
      if (oldest !== undefined) this.members.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.members.size;
  }

  clear(): void {
    this.members.clear();
  }
}
