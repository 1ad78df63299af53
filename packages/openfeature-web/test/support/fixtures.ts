// Definitions documents shared by the web provider's tests.
export const CTA_FLAG = 'create-instance-cta';

/** user-1 sees the card, everyone else the button (the dashboard's call-to-action test). */
export function ctaDocument(overrides: { cardUsers?: string[]; version?: number } = {}) {
  return {
    flags: {
      [CTA_FLAG]: {
        state: 'ENABLED',
        variants: { button: 'button', card: 'card' },
        defaultVariant: 'button',
        targeting: { if: [{ in: [{ var: 'targetingKey' }, overrides.cardUsers ?? ['user-1']] }, 'card', 'button'] },
        metadata: { version: overrides.version ?? 3 },
      },
      'max-projects': { state: 'ENABLED', variants: { few: 3, many: 10 }, defaultVariant: 'few' },
      'dark-mode': { state: 'DISABLED', variants: { on: true, off: false }, defaultVariant: 'off' },
      'theme': { state: 'ENABLED', variants: { plain: { accent: 'grey' } }, defaultVariant: 'plain' },
    },
  };
}

/** In-memory Web Storage. */
export class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/** A storage that is full: every write throws the DOMException browsers throw. */
export class FullStorage extends MemoryStorage {
  override setItem(): void {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  }
}

/** A storage whose every operation throws (what Safari's private mode and blocked cookies do). */
export class ThrowingStorage {
  getItem(): string | null {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  }
  setItem(): void {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  }
  removeItem(): void {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  }
}
