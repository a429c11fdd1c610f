/**
 * The admin command line (docs/api.md). Works on a fresh database: migrations are applied first.
 *   npm run admin -- create-user --email E --password P --role admin|operator|viewer
 *   npm run admin -- create-token --email E --name N [--expires-days D] [--scope full|read]   (prints the token only)
 *   npm run admin -- list-users                                  (one line per user: e-mail, role, state, last sign-in)
 *   npm run admin -- set-role --email E --role R
 *   npm run admin -- reset-password --email E                    (prints the one-time password only)
 *   npm run admin -- disable-user --email E  ·  enable-user --email E
 * Each change is in the audit log with the actor "cli". Errors are printed as the API's error JSON on stderr, exit
 * code 2; nothing is changed.
 */
import { parseArgs } from "node:util";
import { prepareDatabase } from "./prepare-db";
import { errorMessage } from "@/lib/errors";

const COMMANDS = ["create-user", "create-token", "list-users", "set-role", "reset-password", "disable-user", "enable-user"];
const USAGE =
  "Commands: create-user --email E --password P --role admin|operator|viewer · create-token --email E --name N " +
  "[--expires-days D] [--scope full|read] · list-users · set-role --email E --role R · reset-password --email E · " +
  "disable-user --email E · enable-user --email E";
const ACTOR = "cli";

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
      options: {
        email: { type: "string" },
        password: { type: "string" },
        role: { type: "string" },
        name: { type: "string" },
        "expires-days": { type: "string" },
        scope: { type: "string" },
      },
      strict: true,
    }) as { values: Record<string, string | undefined> });
  } catch (e) {
    fail("usage", errorMessage(e));
  }
  if (!COMMANDS.includes(command ?? "")) fail("usage", USAGE);
  await prepareDatabase();
  const { newTokenSchema, createApiToken, findUserByEmail } = await import("../lib/auth/users");
  const admin = await import("../lib/auth/user-admin");
  const { fieldErrors } = await import("../lib/field-errors");
  const { db } = await import("../lib/db");
  const userByEmail = async () => {
    if (!values.email) fail("validation_failed", "Some flags are not valid", { email: "--email is required" });
    const u = await admin.findUser(values.email);
    if (!u) fail("not_found", `No user ${values.email}`, { email: "No such user" });
    return u;
  };
  const orFail = <T>(
    r: { ok: true; user: T } | { ok: false; code: string; message: string; fields?: Record<string, string> },
  ): T => (r.ok ? r.user : fail(r.code, r.message, r.fields));
  try {
    switch (command) {
      case "create-user": {
        const u = orFail(await admin.createUserAs(ACTOR, values));
        console.log(`created ${u.role} ${u.email}`);
        break;
      }
      case "create-token": {
        const parsed = newTokenSchema.safeParse({ ...values, expiresInDays: values["expires-days"] });
        if (!parsed.success) fail("validation_failed", "Some flags are not valid", fieldErrors(parsed.error));
        const user = await findUserByEmail(parsed.data.email);
        if (!user) fail("not_found", `No user ${parsed.data.email}`, { email: "No such user" });
        const { token } = await createApiToken(user.id, parsed.data.name, parsed.data);
        process.stdout.write(token + "\n");
        break;
      }
      case "list-users":
        for (const u of await admin.listUsers()) {
          const state = [u.disabled ? "disabled" : "active", ...(u.mustChangePassword ? ["new-password-pending"] : [])].join(",");
          console.log([u.email, u.role, state, u.lastSignInAt?.toISOString() ?? "never"].join("\t"));
        }
        break;
      case "set-role": {
        const u = orFail(await admin.updateUserAs(ACTOR, (await userByEmail()).id, { role: values.role }));
        console.log(`${u.email} is ${u.role}`);
        break;
      }
      case "reset-password": {
        const u = orFail(await admin.updateUserAs(ACTOR, (await userByEmail()).id, { resetPassword: true }));
        process.stdout.write(`${u.temporaryPassword}\n`);
        break;
      }
      default: {
        const disabled = command === "disable-user";
        const u = orFail(await admin.updateUserAs(ACTOR, (await userByEmail()).id, { disabled }));
        console.log(`${u.email} is ${u.disabled ? "disabled" : "enabled"}`);
      }
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch((e) => fail("internal_error", errorMessage(e)));
