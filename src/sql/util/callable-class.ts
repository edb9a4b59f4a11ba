/**
 * Makes a factory usable both as `Name(...)` and `new Name(...)`, with `instanceof Name` working:
 * the API calls constraints and foreign keys either way, as SQLAlchemy users write them.
 */
export type CallableClass<I, A extends unknown[]> = { new (...args: A): I; (...args: A): I; readonly prototype: I };

export function callableClass<I, A extends unknown[]>(make: (...args: A) => I, proto: object): CallableClass<I, A> {
  const f = function (...args: A) {
    return make(...args);
  } as unknown as CallableClass<I, A>;
  (f as { prototype: object }).prototype = proto;
  return f;
}
