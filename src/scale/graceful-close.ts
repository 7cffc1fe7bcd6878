import type { Server } from 'node:http';

/**
 * Stops taking connections and lets the requests in hand finish, for `graceMs` at most; then the
 * connections still open are closed. Idle keep-alive connections are closed at once (Node's
 * server.close does that), so a client's next request goes to another instance.
 */
export async function closeGracefully(server: Server, graceMs: number): Promise<'drained' | 'cut'> {
  if (!server.listening) return 'drained';
  let timer: NodeJS.Timeout | undefined;
  const closed = new Promise<'drained'>((resolve) => server.close(() => resolve('drained')));
  // A connection that was idle when close() came and then starts a request is let finish it, then closed.
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  const cut = new Promise<'cut'>((resolve) => {
    timer = setTimeout(() => resolve('cut'), graceMs);
  });
  try {
    const outcome = await Promise.race([closed, cut]);
    if (outcome === 'cut') {
      server.closeAllConnections();
      await closed;
    }
    return outcome;
  } finally {
    clearTimeout(timer);
    clearInterval(sweep);
  }
}
