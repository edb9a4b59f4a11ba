/**
 * `declarativeBase()`: `Base.model(tablename, props, options)` builds the table and a generated
 * base class; the user's subclass is registered by ONE explicit line in its body:
 *
 * ```ts
 * class User extends Base.model("users", { id: mappedColumn(Integer, { primaryKey: true }) }) {
 *   static { Base.register(this); }
 * }
 * ```
 *
 * Registration is deterministic (it runs when the class is defined) and any use of an unregistered
 * subclass (`new User()`, `select(User)`, `session.get(User, 1)`) fails with an error naming it.
 * @module
 */
import { ArgumentError, DetachedInstanceError } from "../../errors.js";
import { MetaData } from "../../sql/schema/metadata.js";
import { TableImpl, type TableItem } from "../../sql/schema/table.js";
import { getAttribute, setAttribute } from "../session/attributes.js";
import { initState, instanceState, rowValue, NO_VALUE, type InstanceState, describeState, dictOf, recordColumnChange } from "../session/instance-state.js";
import type { ColumnAttribute } from "./column-attribute.js";
import { MappedColumnProp } from "./mapped-column.js";
import { Mapper, type MapperArgs } from "./mapper.js";
import type { ModelClass, ModelProps, SubclassOptions } from "./model-types.js";

export type { SubclassOptions } from "./model-types.js";
import { snakeCase } from "./naming.js";
import { Registry } from "./registry.js";
import { polymorphicCriteria, type InheritanceKind } from "./inheritance.js";
import { RelationshipProp } from "./relationship.js";

const DEFINITION = Symbol("alkahest.modelDefinition");
const MAPPER = Symbol("alkahest.mapper");

/** Options of `Base.model(...)`. */
export interface ModelOptions {
  /** Constraints and indexes of the table (`UniqueConstraint(...)`, `CheckConstraint(...)`, `Index(...)`). */
  tableArgs?: readonly TableItem[];
  mapperArgs?: MapperArgs;
}

export interface DeclarativeBaseOptions {
  /** `"snake_case"`: attribute `isActive` maps to column `is_active` (unless `name:` is given). */
  naming?: "as-written" | "snake_case";
  /** A MetaData to share (default: a new one). */
  metadata?: MetaData;
}

interface ModelDefinition {
  readonly base: DeclarativeBase;
  readonly naming: string;
  /** Every prop of the class (the parent's too), for concrete subclasses. */
  readonly allProps: ModelProps;
  /** The parent class's mapper and the inheritance kind, for `.subclass()` classes. */
  readonly inherit: { parent: Mapper; kind: InheritanceKind } | null;
  readonly table: TableImpl;
  readonly columns: Record<string, ColumnAttribute<unknown>>;
  readonly relationships: Record<string, RelationshipProp<unknown>>;
  readonly mapperArgs: MapperArgs;
  registered: Mapper | null;
}

/** The object `declarativeBase()` returns. */
export interface DeclarativeBase {
  readonly metadata: MetaData;
  readonly registry: Registry;
  /** A generated base class for a model mapped to `tablename`; extend it and register the subclass. */
  model<const P extends ModelProps>(tablename: string, props: P, options?: ModelOptions): ModelClass<P>;
  /** Registers a model class: put `static { Base.register(this); }` in the class body. */
  register(cls: abstract new (...args: any[]) => object): void;
}

const RESERVED = new Set(["prototype", "constructor", "awaitableAttrs", "__table__", "__selectEntity__", "_listen"]);

/** A new declarative base: `const Base = declarativeBase()`. */
export function declarativeBase(options: DeclarativeBaseOptions = {}): DeclarativeBase {
  const metadata = options.metadata ?? new MetaData();
  const registry = new Registry(metadata);
  const naming = options.naming ?? "as-written";
  const base: DeclarativeBase = {
    metadata,
    registry,
    model(tablename, props, modelOptions = {}) {
      return makeModel(base, naming, tablename, props, modelOptions) as never;
    },
    register(cls) {
      registerModel(base, cls);
    },
  };
  return base;
}

function buildProps(what: string, naming: string, props: ModelProps, transform?: (key: string, p: MappedColumnProp) => MappedColumnProp) {
  if (!props || typeof props !== "object") throw new ArgumentError(`${what}: the second argument is an object of mappedColumn()/relationship() attributes`);
  const columns: Record<string, ColumnAttribute<unknown>> = {};
  const relationships: Record<string, RelationshipProp<unknown>> = {};
  for (const [key, p] of Object.entries(props)) {
    if (RESERVED.has(key)) throw new ArgumentError(`${what}: ${JSON.stringify(key)} cannot be an attribute name`);
    if (p instanceof MappedColumnProp) {
      const prop = transform ? transform(key, p) : p;
      const colName = prop.options.name ?? (naming === "snake_case" ? snakeCase(key) : key);
      columns[key] = prop._build(key, colName);
    } else if (p instanceof RelationshipProp) relationships[key] = p;
    else throw new ArgumentError(`${what}: attribute ${JSON.stringify(key)} must be mappedColumn(...) or relationship(...)`);
  }
  return { columns, relationships };
}

function makeModel(base: DeclarativeBase, naming: string, tablename: string, props: ModelProps, options: ModelOptions): Function {
  if (typeof tablename !== "string" || tablename.length === 0) throw new ArgumentError("Base.model(): the first argument is the table name");
  const { columns, relationships } = buildProps(`Base.model(${JSON.stringify(tablename)})`, naming, props);
  const table = new TableImpl(tablename, base.metadata, ...Object.values(columns), ...(options.tableArgs ?? []));
  const def: ModelDefinition = { base, naming, allProps: props, inherit: null, table, columns, relationships, mapperArgs: options.mapperArgs ?? {}, registered: null };

  const Model = class {
    constructor(init?: Record<string, unknown>) {
      constructInstance(this, new.target, init);
    }
  };
  Object.defineProperty(Model, "__selectEntity__", {
    value: function (this: Function) {
      return mapperFor(this).selectable;
    },
  });
  Object.defineProperty(Model, "__entityCriteria__", {
    value: function (this: Function) {
      return polymorphicCriteria(mapperFor(this));
    },
  });
  Object.defineProperty(Model, "subclass", {
    value: function (this: Function, sub: string | null, subProps: ModelProps, subOptions?: SubclassOptions) {
      return makeSubclass(this, sub, subProps, subOptions ?? {});
    },
  });
  Object.defineProperty(Model, "_listen", {
    value: function (this: Function, name: string, fn: (...args: any[]) => unknown, opts: object) {
      return mapperFor(this).events.add(name, fn, opts);
    },
  });
  decorate(Model, def);
  return Model;
}

/** `Employee.subclass(tablename | null, props, { mapperArgs, concrete })`: a class to extend for an inheriting model. */
function makeSubclass(parentCls: Function, tablename: string | null, props: ModelProps, options: SubclassOptions): Function {
  const own = Object.prototype.hasOwnProperty.call(parentCls, MAPPER) ? (parentCls as unknown as { [MAPPER]: Mapper })[MAPPER].className : null;
  const parentName = own ?? ((Object.prototype.hasOwnProperty.call(parentCls, "name") && typeof parentCls.name === "string" && parentCls.name) || "the parent class");
  const what = `${parentName}.subclass(${JSON.stringify(tablename)})`;
  if (!Object.prototype.hasOwnProperty.call(parentCls, MAPPER)) {
    throw new ArgumentError(`${what}: ${parentName} is not registered: add \`static { Base.register(this); }\` to its body (a class is registered before it can be subclassed)`);
  }
  const parent = mapperFor(parentCls);
  let p: unknown = parentCls;
  while (p && !Object.prototype.hasOwnProperty.call(p, DEFINITION)) p = Object.getPrototypeOf(p);
  const pdef = (p as { [DEFINITION]: ModelDefinition })[DEFINITION];
  const concrete = options.concrete === true;
  if (tablename !== null && (typeof tablename !== "string" || tablename.length === 0)) {
    throw new ArgumentError(`${what}: the first argument is the subclass's table name (joined or concrete inheritance) or null (single-table inheritance)`);
  }
  if (concrete && tablename === null) throw new ArgumentError(`${what}: concrete inheritance needs the subclass's own table name`);
  const kind: InheritanceKind = concrete ? "concrete" : tablename === null ? "single" : "joined";
  const mapperArgs: MapperArgs = { ...(parent.args.versionIdCol !== undefined && kind !== "concrete" ? { versionIdCol: parent.args.versionIdCol } : {}), ...(options.mapperArgs ?? {}) };
  let table: TableImpl;
  let built: ReturnType<typeof buildProps>;
  const allProps: ModelProps = { ...pdef.allProps, ...props };
  if (kind === "single") {
    if (!parent.polymorphicOn) {
      throw new ArgumentError(
        `${what}: single-table inheritance needs a discriminator: give the base class ${parent.base.className} mapperArgs { polymorphicOn: "<column attribute>", polymorphicIdentity: ... }`,
      );
    }
    if (options.tableArgs?.length) throw new ArgumentError(`${what}: single-table inheritance has no table of its own; put tableArgs on ${parentName}`);
    built = buildProps(what, pdef.naming, props, (key, prop) => {
      if (parent.columnByKey.has(key)) throw new ArgumentError(`${what}: ${JSON.stringify(key)} is already a column attribute of ${parentName}; a single-table subclass adds new columns only`);
      if (prop.options.primaryKey) throw new ArgumentError(`${what}: ${JSON.stringify(key)}: a single-table subclass shares ${parentName}'s primary key and cannot add one`);
      // rows of the other classes have no value there: nullable in the table
      return new MappedColumnProp(prop.type, prop.foreignKey, { ...prop.options, nullable: true });
    });
    table = parent.table;
    for (const col of Object.values(built.columns)) table.appendColumn(col);
  } else {
    built = buildProps(what, pdef.naming, kind === "concrete" ? Object.fromEntries(Object.entries(allProps).filter(([k, v]) => v instanceof MappedColumnProp || k in props)) : props);
    table = new TableImpl(tablename!, pdef.base.metadata, ...Object.values(built.columns), ...(options.tableArgs ?? []));
  }
  const def: ModelDefinition = {
    base: pdef.base,
    naming: pdef.naming,
    allProps,
    inherit: { parent, kind },
    table,
    columns: built.columns,
    relationships: built.relationships,
    mapperArgs,
    registered: null,
  };
  const Sub = class extends (parentCls as new (...args: any[]) => object) {};
  decorate(Sub, def);
  return Sub;
}

/** Puts a definition's class-level and instance-level attributes on a generated class. */
function decorate(Model: Function, def: ModelDefinition): void {
  const { columns, relationships } = def;
  Object.defineProperty(Model, DEFINITION, { value: def });
  Object.defineProperty(Model, "__table__", { value: def.table });
  for (const [key, col] of Object.entries(columns)) Object.defineProperty(Model, key, { value: col, enumerable: true, configurable: true });
  for (const key of Object.keys(relationships)) {
    Object.defineProperty(Model, key, {
      get(this: Function) {
        return mapperFor(this).relationships.get(key);
      },
      enumerable: true,
      configurable: true,
    });
  }
  const proto = Model.prototype as object;
  for (const key of [...Object.keys(columns), ...Object.keys(relationships)]) {
    Object.defineProperty(proto, key, {
      get(this: object) {
        const v = rowValue(this, key);
        return v !== NO_VALUE ? v : getAttribute(instanceState(this), key);
      },
      set: generatedSetter(key),
      enumerable: true,
      configurable: true,
    });
  }
  Object.defineProperty(proto, "awaitableAttrs", {
    get(this: object) {
      return awaitableAttrs(instanceState(this));
    },
  });
}

function constructInstance(obj: object, cls: Function, init: Record<string, unknown> | undefined): void {
  const mapper = mapperFor(cls);
  const state = initState(obj, mapper);
  // the discriminator of a new object is its class's identity
  if (mapper.polymorphicOn && mapper.polymorphicIdentity !== undefined) dictOf(state)[mapper.polymorphicOn.key] = mapper.polymorphicIdentity;
  if (init === undefined || init === null) return;
  if (typeof init !== "object" || Array.isArray(init)) throw new ArgumentError(`new ${mapper.className}(...) takes an object of attribute values`);
  const setters = settersOf(cls);
  const dict = dictOf(state);
  // the own enumerable keys, as Object.keys gives them (for…in with hasOwn builds no array)
  for (const k in init) {
    if (!Object.prototype.hasOwnProperty.call(init, k)) continue;
    let set = setters.get(k);
    if (set === undefined) set = resolveSetter(cls, mapper, setters, k);
    if (set !== null && typeof set !== "function") {
      // the generated setter of a column: on a new object given the column's first value, what
      // setAttribute does then (no old value, no identity, nothing expired), without its checks
      if (set._setListeners.length === 0 && !(k in dict)) {
        recordColumnChange(state, k);
        dict[k] = init[k];
      } else setAttribute(state, k, init[k]);
      continue;
    }
    // the setter `obj[k] = value` would call, called directly (a keyed store through the prototype is slow)
    if (set !== null) set.call(obj, init[k]);
    else (obj as Record<string, unknown>)[k] = init[k];
  }
}

/** The setters `defineModel` generates (a model class may define its own in their place). */
const GENERATED_SETTERS = new WeakSet<Setter>();

/** The generated setter of attribute `key`: a write with change tracking (setAttribute). */
function generatedSetter(key: string): Setter {
  const set = function (this: object, value: unknown): void {
    setAttribute(instanceState(this), key, value);
  };
  GENERATED_SETTERS.add(set);
  return set;
}

type Setter = (this: object, value: unknown) => void;

/** Per model class: the setter an assignment to each mapped attribute reaches (null: none, assign). */
const classSetters = new WeakMap<Function, Map<string, ClassSetter>>();

/** What assigning attribute `key` calls: a setter, the column whose generated setter it is, or nothing (null). */
type ClassSetter = Setter | ColumnAttribute<unknown> | null;

function settersOf(cls: Function): Map<string, ClassSetter> {
  let m = classSetters.get(cls);
  if (m === undefined) classSetters.set(cls, (m = new Map()));
  return m;
}

/** Finds (and remembers) the setter of mapped attribute `key` up `cls`'s prototype chain: the generated one, or the class's own. */
function resolveSetter(cls: Function, mapper: Mapper, setters: Map<string, ClassSetter>, key: string): ClassSetter {
  if (!mapper.columnByKey.has(key) && !mapper.relationships.has(key)) {
    const known = [...mapper.columnByKey.keys(), ...mapper.relationships.keys()].join(", ");
    throw new ArgumentError(`${mapper.className} has no attribute ${JSON.stringify(key)} (attributes: ${known})`);
  }
  let set: Setter | null = null;
  for (let p: object | null = cls.prototype as object; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    const d = Object.getOwnPropertyDescriptor(p, key);
    if (d) {
      set = (d.set as Setter | undefined) ?? null;
      break;
    }
  }
  const resolved: ClassSetter = set !== null && GENERATED_SETTERS.has(set) ? (mapper.columnByKey.get(key) ?? set) : set;
  setters.set(key, resolved);
  return resolved;
}

function registerModel(base: DeclarativeBase, cls: abstract new (...args: any[]) => object): void {
  if (typeof cls !== "function") throw new ArgumentError("Base.register() takes a class: put `static { Base.register(this); }` in the class body");
  let p: unknown = Object.getPrototypeOf(cls);
  while (p && !Object.prototype.hasOwnProperty.call(p, DEFINITION)) p = Object.getPrototypeOf(p);
  const name = cls.name || "(anonymous class)";
  if (!p) throw new ArgumentError(`${name} does not extend Base.model(...); only model classes can be registered`);
  const def = (p as { [DEFINITION]: ModelDefinition })[DEFINITION];
  if (def.base !== base) throw new ArgumentError(`${name} extends a model of another declarative base; register it with that base`);
  if (Object.prototype.hasOwnProperty.call(cls, MAPPER)) return;
  if (def.registered) {
    throw new ArgumentError(
      `${name} and ${def.registered.className} both extend the same ${def.inherit ? `${def.inherit.parent.className}.subclass(...)` : `Base.model("${def.table.name}", ...)`}: one class per model; ` +
        `to inherit, extend ${def.registered.className}.subclass(...)`,
    );
  }
  const mapper = new Mapper(cls, name, def.table, def.columns, def.relationships, base.registry, def.mapperArgs, def.inherit);
  Object.defineProperty(cls, MAPPER, { value: mapper });
  def.registered = mapper;
  for (const col of Object.values(def.columns)) col._mapper = mapper;
  // a single-table subclass's attribute objects for the columns it inherits: `Manager.name` selects
  // only managers' names, where the inherited static (`Employee.name`) would select everyone's
  const inherited: Record<string, ColumnAttribute<unknown>> = {};
  if (mapper.inheritance === "single") {
    for (const [key, col] of mapper.columnByKey) {
      if (def.columns[key] === col) continue;
      const attr = (inherited[key] = subclassAttribute(col, mapper));
      Object.defineProperty(cls, key, { value: attr, enumerable: true, configurable: true });
    }
  }
  // a class's own `name`/`length` would shadow attributes of those names inherited from the model
  for (const key of ["name", "length"]) {
    const col = def.columns[key] ?? inherited[key] ?? mapper.columnByKey.get(key);
    if (col) Object.defineProperty(cls, key, { value: col, configurable: true });
    else if (mapper.relationships.has(key)) Object.defineProperty(cls, key, { value: mapper.relationships.get(key), configurable: true });
  }
  base.registry._add(mapper);
}

/**
 * Expression builders a single-table subclass's attribute leaves to the table column: a criterion
 * written with `Manager.name.eq(x)` is the one `Employee.name.eq(x)` builds, so whatever reads
 * criteria by column identity (the "evaluate" synchronization of ORM DML) sees the mapper's column.
 * Value expressions (`label`, arithmetic, `cast`, `distinct`, ordering) keep the subclass's
 * attribute, so that selecting them still carries the subclass's criterion.
 */
const COMPARISONS = [
  "eq", "ne", "lt", "le", "gt", "ge", "is", "isNot", "isNull", "isNotNull", "between", "notBetween", "in", "notIn",
  "like", "notLike", "ilike", "notIlike", "startsWith", "endsWith", "contains",
] as const;

/** Per table column: the layer every single-table subclass's attribute for it is built on. */
const comparisonLayers = new WeakMap<ColumnAttribute<unknown>, ColumnAttribute<unknown>>();

/**
 * `Manager.name` for single-table subclass `Manager`: an object whose prototype chain leads to the
 * table column `Employee.name` (so it compiles, cache-keys and compares like it) with its own
 * `_mapper`, whose `__entityCriteria__` (ColumnAttribute's) then answers Manager's criterion.
 */
function subclassAttribute(col: ColumnAttribute<unknown>, mapper: Mapper): ColumnAttribute<unknown> {
  let layer = comparisonLayers.get(col);
  if (layer === undefined) {
    layer = Object.create(col) as ColumnAttribute<unknown>;
    const target = col as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const name of COMPARISONS) {
      Object.defineProperty(layer, name, {
        value: (...args: unknown[]) => target[name]!(...args),
        configurable: true,
        writable: true,
      });
    }
    comparisonLayers.set(col, layer);
  }
  const attr = Object.create(layer) as ColumnAttribute<unknown>;
  Object.defineProperty(attr, "_mapper", { value: mapper, enumerable: false, writable: true, configurable: true });
  return attr;
}

/** The mapper of a registered model class; an error naming the class and the fix otherwise. */
export function mapperFor(cls: unknown): Mapper {
  if (typeof cls === "function" && Object.prototype.hasOwnProperty.call(cls, MAPPER)) return (cls as unknown as { [MAPPER]: Mapper })[MAPPER];
  if (typeof cls === "function") {
    let p: unknown = cls;
    while (p && !Object.prototype.hasOwnProperty.call(p, DEFINITION)) p = Object.getPrototypeOf(p);
    if (p) {
      const name = (Object.prototype.hasOwnProperty.call(cls, "name") && typeof cls.name === "string" && cls.name) || "This model class";
      throw new ArgumentError(`${name} is not registered: add \`static { Base.register(this); }\` to its body`);
    }
  }
  throw new ArgumentError(`expected a mapped class (a subclass of Base.model(...)), got ${typeof cls === "function" ? cls.name || "a function" : String(cls)}`);
}

/** `obj.awaitableAttrs.<name>`: a promise of the attribute, loaded through the object's session when needed. */
function awaitableAttrs(state: InstanceState): Record<string, Promise<unknown>> {
  return new Proxy(Object.create(null) as Record<string, Promise<unknown>>, {
    get(_t, key) {
      if (typeof key !== "string") return undefined;
      if (!state.mapper.columnByKey.has(key) && !state.mapper.relationships.has(key)) {
        return Promise.reject(new ArgumentError(`${state.mapper.className} has no mapped attribute ${JSON.stringify(key)}`));
      }
      if (key in dictOf(state) || state.identity === null) {
        try {
          return Promise.resolve(getAttribute(state, key));
        } catch (e) {
          return Promise.reject(e);
        }
      }
      const owner = state.session as unknown as { _loadAttribute?(s: InstanceState, k: string): Promise<unknown> } | null;
      if (!owner?._loadAttribute) {
        return Promise.reject(new DetachedInstanceError(`${state.mapper.className}.${key} of ${describeState(state)} cannot be loaded: the object is not in a session`));
      }
      return owner._loadAttribute(state, key);
    },
  });
}
