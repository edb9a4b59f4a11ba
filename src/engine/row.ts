/**
 * `Row`: a result row read by name (`row.username`), position (`row[1]`), destructuring
 * (`const [a, b] = row`) and `row._mapping`. A row is the driver's array with a shared prototype
 * per result shape that adds one getter per key: no code is generated from server-provided names,
 * and names that collide with array members stay reachable through `_mapping`.
 * @module
 */

export type Row<T extends unknown[] = unknown[]> = T & {
  /** The row as a read-only object keyed by column name (null prototype). */
  readonly _mapping: Readonly<Record<string, unknown>>;
  /** The column names, in order. */
  readonly _fields: readonly string[];
  /** A plain array copy of the values. */
  _tuple(): T;
  readonly [key: string]: unknown;
};

const RESERVED = new Set<string>([...Object.getOwnPropertyNames(Array.prototype), ...Object.getOwnPropertyNames(Object.prototype), "_mapping", "_fields", "_tuple", "length"]);

/** Builds the shared prototype for rows with these keys. */
export function rowPrototype(keys: readonly string[]): object {
  const proto = Object.create(Array.prototype) as Record<string, unknown>;
  const fields = Object.freeze([...keys]);
  const seen = new Set<string>();
  keys.forEach((key, i) => {
    if (RESERVED.has(key) || seen.has(key) || /^\d+$/.test(key)) return;
    seen.add(key);
    Object.defineProperty(proto, key, {
      get(this: unknown[]) {
        return this[i];
      },
      enumerable: false,
      configurable: false,
    });
  });
  Object.defineProperty(proto, "_fields", { value: fields, enumerable: false });
  Object.defineProperty(proto, "_mapping", {
    get(this: unknown[]) {
      const m: Record<string, unknown> = Object.create(null);
      fields.forEach((k, i) => {
        if (!(k in m)) m[k] = this[i];
      });
      return Object.freeze(m);
    },
    enumerable: false,
  });
  Object.defineProperty(proto, "_tuple", {
    value(this: unknown[]) {
      return Array.from(this);
    },
    enumerable: false,
  });
  return proto;
}

/** Turns a driver's row array into a Row in place (no copy). */
export function makeRow<T extends unknown[]>(values: unknown[], proto: object): Row<T> {
  Object.setPrototypeOf(values, proto);
  return values as Row<T>;
}
