// autocannon ships no types; the bench uses its documented options and result fields only.
declare module 'autocannon' {
  const autocannon: (options: Record<string, unknown>, callback?: (error: Error | null, result: any) => void) => any;
  export default autocannon;
}
