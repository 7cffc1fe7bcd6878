/** Ids become part of stream names (`audit-<id>`): letters, digits and . _ - only. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
