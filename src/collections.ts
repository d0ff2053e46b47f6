/** The group under `key`, made by `create` the first time: for gathering rows into one statement each. */
export function groupOf<K, G>(groups: Map<K, G>, key: K, create: () => G): G {
  let group = groups.get(key);
  if (group === undefined) groups.set(key, (group = create()));
  return group;
}
