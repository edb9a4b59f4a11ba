/**
 * Column naming conventions for `declarativeBase({ naming })`.
 * @module
 */

/** `isActive` → `is_active`, `userID` → `user_id`, `HTTPCode` → `http_code`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}
