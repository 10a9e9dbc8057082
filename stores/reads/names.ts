/**
 * The names a ReadStore accepts. Collection names are `[a-z0-9_]+`: they become SQLite table names
 * and MongoDB collection names, so one strict rule keeps both adapters safe from quoting mistakes
 * and reserved names.
 */
const COLLECTION_NAME = /^[a-z0-9_]+$/;
const checked = new Set<string>();

export function assertCollectionName(collection: string): void {
  if (checked.has(collection)) return;
  if (typeof collection !== 'string' || !COLLECTION_NAME.test(collection) || collection.length > 100) {
    throw new TypeError(`invalid collection name ${JSON.stringify(collection)}: expected [a-z0-9_]{1,100}`);
  }
  checked.add(collection);
}

/** Names listed by `listCollections`: valid names only, optionally with a prefix, sorted. */
export function selectCollections(names: Iterable<string>, prefix = ''): string[] {
  return [...names].filter((name) => COLLECTION_NAME.test(name) && name.startsWith(prefix)).sort();
}

/** A checkpoint names its projection and a position in the log: a non-negative integer. */
export function assertCheckpoint(checkpoint: { name: string; position: number }): void {
  if (typeof checkpoint.name !== 'string' || checkpoint.name.length === 0) {
    throw new TypeError('a checkpoint needs a non-empty name');
  }
  if (!Number.isSafeInteger(checkpoint.position) || checkpoint.position < 0) {
    throw new TypeError(`checkpoint position must be a non-negative integer, got ${checkpoint.position}`);
  }
}
