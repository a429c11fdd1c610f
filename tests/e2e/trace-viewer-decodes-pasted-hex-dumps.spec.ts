import { expect, test } from "./support/fixtures";
import type { Page } from "@playwright/test";

const WIRESHARK_SUBMIT_SM = [
  "0000  00 00 00 37 00 00 00 04  00 00 00 00 00 00 00 02   ...7............",
  "0010  00 05 00 42 72 61 6e 64  00 01 01 34 34 37 37 30   ...Brand...44770",
  "0020  30 39 30 30 31 32 33 00  00 00 00 00 00 00 00 00   0900123.........",
  "0030  00 05 48 65 6c 6c 6f                               ..Hello",
].join("\n");

async function openDecoder(page: Page) {
  await page.goto("/accounts");
  await page.getByRole("link", { name: "Local simulator", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Local simulator" })).toBeVisible();
  // The trace log has loaded: the page is hydrated.
  await expect(page.getByRole("heading", { name: "SMPP traces" })).toBeVisible();
  await expect(page.locator("section[aria-labelledby=traces-title]").getByText("Loading…")).toHaveCount(0);
  const decoder = page.getByTestId("pdu-decoder");
  await decoder.getByText("Decode a hex dump").click();
  const field = decoder.getByLabel(/Hex dump of one PDU/);
  const decode = async (dump: string) => {
    await field.fill(dump);
    await decoder.getByRole("button", { name: "Decode" }).click();
  };
  return { decoder, field, decode };
}

test("the trace viewer decodes a pasted Wireshark dump and a spaced one field by field", async ({ adminPage: page }) => {
  const { decoder, decode } = await openDecoder(page);
  await decode(WIRESHARK_SUBMIT_SM);
  const table = decoder.getByRole("table", { name: "Decoded PDU" });
  const row = (name: string) => table.locator(`tr[data-field="${name}"] td`);
  await expect(row("command_id")).toHaveText("0x00000004 (submit_sm)");
  await expect(row("command_length")).toHaveText("55");
  await expect(row("sequence_number")).toHaveText("2");
  await expect(row("source_addr_ton")).toHaveText("5");
  await expect(row("source_addr")).toHaveText("Brand");
  await expect(row("destination_addr")).toHaveText("447700900123");
  await expect(row("data_coding")).toHaveText("0");
  await expect(row("short_message")).toContainText('"text": "Hello"');
  await expect(decoder.getByTestId("pdu-decoder-error")).toHaveCount(0);

  // A deliver_sm as a provider's ticket writes it: 0x-prefixed octets over several lines; UCS-2 text decoded.
  await decode(
    "0x00 0x00 0x00 0x36 0x00 0x00 0x00 0x05 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x07\n" +
      "0x00 0x01 0x01 0x34 0x34 0x37 0x37 0x30 0x30 0x39 0x30 0x30 0x31 0x32 0x33 0x00\n" +
      "0x03 0x00 0x31 0x32 0x33 0x34 0x35 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x08\n" +
      "0x00 0x04 0x00 0x48 0x00 0xe9",
  );
  await expect(row("command_id")).toHaveText("0x00000005 (deliver_sm)");
  await expect(row("dest_addr_ton")).toHaveText("3");
  await expect(row("short_message")).toContainText('"text": "Hé"');
});

test("bad hex, an odd length, a truncated PDU and a wrong command_length are said next to the field", async ({
  adminPage: page,
}) => {
  const { decoder, field, decode } = await openDecoder(page);
  const error = decoder.getByTestId("pdu-decoder-error");
  await decode("00 00 00 10 80 00 00 zz");
  await expect(error).toContainText('"zz" is not hex');
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await decode("0000001080000015000000000000000");
  await expect(error).toHaveText("Odd number of hex digits (31): an octet is two digits");
  // Truncated: the last Wireshark line left out.
  await decode(WIRESHARK_SUBMIT_SM.split("\n").slice(0, 3).join("\n"));
  await expect(error).toHaveText("Truncated PDU: command_length says 55 octets, the dump has 48 (7 missing)");
  await decode("00000010800000150000000000000007 0000");
  await expect(error).toContainText("command_length says 16 octets but the dump has 18");
  // command_length agrees but the body stops before its mandatory fields.
  await decode("00000014000000040000000000000001000101ff");
  await expect(error).toHaveText("Truncated PDU: the submit_sm body ends before its mandatory field dest_addr_ton");
  await expect(decoder.getByRole("table", { name: "Decoded PDU" })).toHaveCount(0);
  // The page is still up and the decoder still works.
  await decode("00000010800000150000000000000007");
  await expect(decoder.locator('tr[data-field="command_id"] td')).toHaveText("0x80000015 (enquire_link_resp)");
});
