import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];
type ValidationMetadata = ReturnType<Lookup>[number];
type Grouped = Record<string, ValidationMetadata[]>;

const patched = Symbol('mwf.validationMetadataCache');

/**
 * Keeps class-validator's answer to "which rules apply to this DTO class" until a rule is added.
 *
 * On every `validate()`, class-validator finds a class's rules by walking the rules of every
 * decorated class of the process (an `instanceof` per class, for inherited rules), then regroups
 * them by property. With this app's DTOs that lookup was the largest single cost of validating a
 * ballot, about a third of the ValidationPipe's time. The rules change only while decorators run
 * (module loading, and `PartialType` and the like at start-up), so the two answers are cached
 * per class and options, and the cache is emptied whenever a rule, constraint or schema is added.
 * The cached arrays are frozen: a caller that tried to change one would fail loudly, not poison
 * the cache.
 */
export function cacheValidationMetadata(storage: Storage = getMetadataStorage()): void {
  const target = storage as Storage & { [patched]?: true };
  if (target[patched]) return;
  target[patched] = true;

  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  let byClass = new WeakMap<object, Map<string, ValidationMetadata[]>>();
  let grouped = new WeakMap<ValidationMetadata[], Grouped>();
  const forget = () => {
    byClass = new WeakMap();
    grouped = new WeakMap();
  };

  storage.getTargetValidationMetadatas = (targetConstructor, targetSchema, always, strictGroups, groups) => {
    // `targetConstructor` is a class for DTOs; anything else goes to the library as it is.
    if (typeof targetConstructor !== 'function') {
      return lookup(targetConstructor, targetSchema, always, strictGroups, groups);
    }
    const key = `${targetSchema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let forClass = byClass.get(targetConstructor);
    if (!forClass) byClass.set(targetConstructor, (forClass = new Map<string, ValidationMetadata[]>()));
    const cached = forClass.get(key);
    if (cached) return cached;
    // Frozen, yet typed as the library types it: its callers only read it.
    const found = Object.freeze(
      lookup(targetConstructor, targetSchema, always, strictGroups, groups),
    ) as ValidationMetadata[];
    forClass.set(key, found);
    return found;
  };

  storage.groupByPropertyName = (metadata) => {
    let found = grouped.get(metadata);
    if (!found) {
      found = group(metadata);
      // Only the arrays this cache handed out are known never to change.
      if (Object.isFrozen(metadata)) {
        for (const list of Object.values(found)) Object.freeze(list);
        Object.freeze(found);
        grouped.set(metadata, found);
      }
    }
    return found;
  };

  const adders = storage as unknown as Record<string, (arg: unknown) => void>;
  for (const name of ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema']) {
    const add = adders[name].bind(storage);
    adders[name] = (arg) => {
      forget();
      add(arg);
    };
  }
}
