import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { connectBare } from "@/simulator/bare-client";

describe("npm run smsc (simulator/cli.ts)", () => {
  it("listens where it says, with the credentials given, and exits cleanly on SIGTERM", async () => {
    const child = spawn(
      path.join("node_modules", ".bin", "tsx"),
      [
        "simulator/cli.ts",
        "--port",
        "0",
        "--tls-port",
        "0",
        "--control-port",
        "0",
        "--system-id",
        "cli-esme",
        "--password",
        "cli-pw",
      ],
      { stdio: ["ignore", "pipe", "pipe"], env: process.env },
    );
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (c: Buffer) => {
          out += c.toString();
          if (out.includes("\n")) resolve(out);
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code} before printing: ${out}`)));
      });
      const m =
        /smpp:\/\/127\.0\.0\.1:(\d+), ssmpp:\/\/127\.0\.0\.1:(\d+) \(self-signed\), control (http:\/\/127\.0\.0\.1:\d+)/.exec(
          line,
        );
      expect(m, line).not.toBeNull();
      const [, port, tlsPort, controlUrl] = m!;
      expect(line).not.toContain("cli-pw");
      const tlsClient = await connectBare({ port: Number(tlsPort), tls: true });
      expect((await tlsClient.bind("transceiver", "cli-esme", "cli-pw")).command_status).toBe(0);
      const plain = await connectBare({ port: Number(port) });
      expect((await plain.bind("transceiver", "cli-esme", "wrong")).command_status).toBe(0x0d);
      const stats = (await (await fetch(`${controlUrl}/stats`)).json()) as { sessions: { systemId: string | null }[] };
      expect(stats.sessions.map((s) => s.systemId).sort()).toEqual(["cli-esme", null]);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      await Promise.all([tlsClient.closed, plain.closed]);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    }
  });
});
