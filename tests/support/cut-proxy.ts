// A loopback TCP proxy whose "network" can be cut and restored, for the network-cut tests (issue 10). A cut is a
// black hole: nothing more passes either way, as a pulled cable or a dropped route looks to both ends (no FIN, no
// RST), and a connection opened during the cut never completes (accepted here, then silence for good: the client's
// own connect timeout must give up on it, as on a SYN lost in the hole). The far side's keepalive ending its sockets
// is emulated by `serverGivesUp()` (PostgreSQL's, set by the cluster session, ends a silent peer within ~5 s); when
// the network is back, a client socket of a connection made before the cut gets a reset (its next retransmission
// reaches a server that has forgotten it).
import net from "node:net";

export type CutProxy = {
  port: number;
  cut: () => void;
  /** During a cut: the server's sockets end, as its TCP keepalive would end them (it frees their sessions' locks). */
  serverGivesUp: () => void;
  /** The network is back: old connections' client sockets get a reset, new connections pass. */
  restore: () => void;
  close: () => Promise<void>;
};

export async function startCutProxy(target: { host: string; port: number }): Promise<CutProxy> {
  let isCut = false;
  // Sockets still open on each side: during a cut one side's close never reaches the other.
  const clients = new Set<net.Socket>();
  const upstreams = new Set<net.Socket>();
  const held = new Set<net.Socket>();
  const server = net.createServer((client) => {
    client.on("error", () => undefined);
    if (isCut) {
      // Accepted by the kernel, then silence.
      held.add(client);
      client.pause();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    clients.add(client);
    upstreams.add(upstream);
    client.on("close", () => clients.delete(client));
    upstream.on("close", () => upstreams.delete(upstream));
    const forward = (from: net.Socket, to: net.Socket) =>
      from.on("data", (d: Buffer) => {
        if (!isCut) to.write(d);
      });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      if (!isCut) {
        client.destroy();
        upstream.destroy();
      }
    };
    client.on("close", end);
    upstream.on("close", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    cut: () => {
      isCut = true;
    },
    serverGivesUp: () => {
      for (const u of upstreams) u.destroy();
    },
    restore: () => {
      for (const c of clients) c.resetAndDestroy();
      isCut = false;
    },
    close: async () => {
      for (const c of clients) c.destroy();
      for (const u of upstreams) u.destroy();
      for (const c of held) c.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
