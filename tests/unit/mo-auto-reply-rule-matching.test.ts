import { describe, expect, it } from "vitest";
import { firstWord, matchAutoReply, type AutoReplyRule } from "@/lib/insms/auto-reply";

const rule = (keyword: string, shortCode = "", action: AutoReplyRule["action"] = "none"): AutoReplyRule => ({
  keyword,
  shortCode,
  reply: `re ${keyword}`,
  action,
});

describe("automatic reply rules", () => {
  it("reads the first word without leading spaces or punctuation, in lower case", () => {
    expect(firstWord("  Stop!  now")).toBe("stop");
    expect(firstWord("...STOP")).toBe("stop");
    expect(firstWord("¡Hola amigo")).toBe("hola");
    expect(firstWord("   ")).toBe("");
  });

  it("matches a keyword as a case-insensitive prefix of the first word only", () => {
    const rules = [rule("STOP")];
    expect(matchAutoReply(rules, { text: "stop", destination: "1" })?.index).toBe(0);
    expect(matchAutoReply(rules, { text: "Stopall", destination: "1" })?.index).toBe(0);
    expect(matchAutoReply(rules, { text: "please stop", destination: "1" })).toBeNull();
    expect(matchAutoReply(rules, { text: "sto", destination: "1" })).toBeNull();
  });

  it("takes the first matching rule, top to bottom; an empty keyword matches any MO", () => {
    const rules = [rule("INFO", "36999"), rule("INFO"), rule("")];
    expect(matchAutoReply(rules, { text: "info", destination: "36999" })?.index).toBe(0);
    expect(matchAutoReply(rules, { text: "info", destination: "36111" })?.index).toBe(1);
    expect(matchAutoReply(rules, { text: "hello", destination: "36111" })?.index).toBe(2);
    expect(matchAutoReply([], { text: "hello", destination: "36111" })).toBeNull();
  });

  it("compares short codes without spaces or +", () => {
    expect(matchAutoReply([rule("", "+36 111")], { text: "x", destination: "36111" })?.index).toBe(0);
    expect(matchAutoReply([rule("", "36111")], { text: "x", destination: "36112" })).toBeNull();
  });
});
