// A process of its own running the connector and the dispatcher on DATABASE_URL, for the kill -9 / SIGTERM test
// (tests/integration/delivery-resumes-after-kill.test.ts). Prints "ready" once started. On SQLite its send journal
// runs on the journal thread, as in scripts/connector.ts: a SIGKILL takes the thread's open transaction with it.
import { startDispatcher } from "@/lib/deliveries/dispatch";
import { startJournalThread } from "@/lib/deliveries/journal-thread";
import { SendJournal } from "@/lib/deliveries/send-journal";
import { Connector } from "@/lib/connector/service";
import { closeWriter, getWriter } from "@/lib/storage/writer";

async function main() {
  const connector = new Connector({ sweepMs: 1000, log: () => undefined });
  await connector.start();
  const thread = await startJournalThread();
  const dispatcher = startDispatcher(connector, {
    log: (m) => console.error(`[child] ${m}`),
    journal: new SendJournal(getWriter(), thread),
  });
  process.once("SIGTERM", () => {
    void (async () => {
      await dispatcher.stop();
      await thread?.close();
      await connector.stop();
      await closeWriter();
      process.exit(0);
    })();
  });
  console.log("ready");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
