/** What QBO appends to the name of an inactive item, vendor or customer (and to each inactive level of an item's FullyQualifiedName). */
export const QBO_DELETED_SUFFIX = ' (deleted)';

/**
 * `name` without QBO's inactive marker: for an inactive record (`active === false`) one trailing
 * " (deleted)" is removed, so deactivating a record in QBO does not rename it in IntelliTrack. An
 * active record's name is its real name, kept as it is even when it ends in "(deleted)": QBO only
 * marks inactive records.
 */
export function withoutInactiveMarker(name: string, active: boolean | undefined): string {
  if (active !== false || !name.endsWith(QBO_DELETED_SUFFIX)) return name;
  return name.slice(0, -QBO_DELETED_SUFFIX.length);
}
