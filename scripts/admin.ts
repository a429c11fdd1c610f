/**
 * The admin command line (shared/spec/api.md). Works on a fresh database: migrations are applied first.
 *   npm run admin -- create-user --email E --password P --role admin
 *   npm run admin -- create-token --email E --name N      (prints the token on stdout, nothing else)
 * Errors are printed as the API's error JSON on stderr, exit code 2; nothing is changed.
 */
import { parseArgs } from "node:util";
import { prepareDatabase } from "./prepare-db";

function fail(code: string, message: string, fields?: Record<string, string>): never {
  process.stderr.write(JSON.stringify({ error: fields ? { code, message, fields } : { code, message } }) + "\n");
  process.exit(2);
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { email: { type: "string" }, password: { type: "string" }, role: { type: "string" }, name: { type: "string" } },
      strict: true,
    }) as { values: Record<string, string | undefined> });
  } catch (e) {
    fail("usage", (e as Error).message);
  }
  if (command !== "create-user" && command !== "create-token") {
    fail("usage", "Commands: create-user --email E --password P --role admin|operator|viewer · create-token --email E --name N");
  }
  prepareDatabase();
  const { newUserSchema, newTokenSchema, createUser, findUserByEmail, createApiToken } = await import("../lib/auth/users");
  const { fieldErrors } = await import("../lib/field-errors");
  const { db } = await import("../lib/db");
  try {
    if (command === "create-user") {
      const parsed = newUserSchema.safeParse(values);
      if (!parsed.success) fail("validation_failed", "Some flags are not valid", fieldErrors(parsed.error));
      if (await findUserByEmail(parsed.data.email))
        fail("email_taken", `A user ${parsed.data.email} already exists`, { email: "Already used" });
      const u = await createUser(parsed.data);
      console.log(`created ${u.role} ${u.email}`);
    } else {
      const parsed = newTokenSchema.safeParse(values);
      if (!parsed.success) fail("validation_failed", "Some flags are not valid", fieldErrors(parsed.error));
      const user = await findUserByEmail(parsed.data.email);
      if (!user) fail("not_found", `No user ${parsed.data.email}`, { email: "No such user" });
      const { token } = await createApiToken(user.id, parsed.data.name);
      process.stdout.write(token + "\n");
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch((e) => fail("internal_error", e instanceof Error ? e.message : String(e)));
