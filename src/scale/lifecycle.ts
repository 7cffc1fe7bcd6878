/** This process's own state, for readiness: set once SIGTERM has come and requests are being drained. */
export const lifecycle = { draining: false };
