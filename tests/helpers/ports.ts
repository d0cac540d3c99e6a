// Ports for API processes a test starts itself: a process that must be told its port (a supervisor, a restart on the
// same address) cannot take port 0.
import { createServer } from "node:net";

/** A port nobody listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
