/** JSON text for a TEXT column: undefined (and what JSON cannot hold) is stored as null. */
export const toJson = (value: unknown): string => JSON.stringify(value ?? null) ?? 'null'
