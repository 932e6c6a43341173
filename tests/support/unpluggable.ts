import { connect, createServer, type Socket } from 'node:net';

// A network cable for a core's database: a TCP relay on loopback between the core and the
// machine's PostgreSQL. Unplugged, every open connection is reset and new ones are reset on
// arrival, as when a desktop drops off the network; the server itself keeps running.

export interface Unpluggable {
  /** The database URL through the relay: give it to the core. */
  url: string;
  unplug(): void;
  plugIn(): void;
  close(): Promise<void>;
}

export async function unpluggable(databaseUrl: string): Promise<Unpluggable> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let plugged = true;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };

  const server = createServer((client) => {
    if (!plugged) return void client.resetAndDestroy();
    const upstream = connect(Number(target.port || 5432), target.hostname);
    track(client);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    // Whichever side fails first takes the other down with it.
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.resetAndDestroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('No relay port');

  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  return {
    url: url.toString(),
    unplug() {
      plugged = false;
      for (const socket of sockets) socket.resetAndDestroy();
    },
    plugIn() {
      plugged = true;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
