// JSONLogic truthiness: JavaScript's, except that an empty array is false.

export function truthy(value: unknown): boolean {
  if (value === true) return true; // the common case, decided without further checks
  if (value === false) return false;
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}
