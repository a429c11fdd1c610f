import { describe, expect, it } from "vitest";
import {
  missingColumns,
  personalisation,
  parseTemplate,
  renderTemplate,
  templateProblem,
  type MessageTemplate,
} from "@/lib/deliveries/message-template";

const parsed = (text: string): MessageTemplate => {
  const p = parseTemplate(text);
  if (!p.ok) throw new Error(p.error);
  return p.template;
};

describe("a personalised delivery text", () => {
  it("replaces each {column} by the recipient's value, and lists the columns once in order of use", () => {
    const t = parsed("Hello {firstName} {lastName}, {firstName}!");
    expect(t.columns).toEqual(["firstName", "lastName"]);
    expect(renderTemplate(t, { firstName: "Ada", lastName: "Lovelace" })).toBe("Hello Ada Lovelace, Ada!");
  });

  it("ignores spaces inside the braces and keeps the header's case", () => {
    const t = parsed("Hi { firstName }");
    expect(t.columns).toEqual(["firstName"]);
    expect(renderTemplate(t, { firstName: "Bo", firstname: "wrong" })).toBe("Hi Bo");
  });

  it("sends {{ and }} as single braces, and refuses a brace left alone", () => {
    const t = parsed("Code {{ABC}} for {name}");
    expect(t.columns).toEqual(["name"]);
    expect(renderTemplate(t, { name: "Cy" })).toBe("Code {ABC} for Cy");
    expect(parseTemplate("Hi {name")).toEqual({
      ok: false,
      error: 'A "{" without its "}" at character 4: write {{ for a literal brace',
    });
    expect(parseTemplate("Hi {a{b}")).toMatchObject({ ok: false });
    expect(parseTemplate("smile :}")).toEqual({ ok: false, error: 'A "}" alone at character 8: write }} for a literal brace' });
    expect(parseTemplate("Hi {}")).toMatchObject({ ok: false, error: expect.stringContaining("empty placeholder") });
  });

  it("renders an empty or missing cell as nothing", () => {
    const t = parsed("Hello {firstName}.");
    expect(renderTemplate(t, {})).toBe("Hello .");
    expect(renderTemplate(t, null)).toBe("Hello .");
  });

  it("keeps unicode names and values whole (accents, emoji as surrogate pairs)", () => {
    const t = parsed("Bonjour {prénom} 👋");
    expect(t.columns).toEqual(["prénom"]);
    expect(renderTemplate(t, { prénom: "Zoë 😀" })).toBe("Bonjour Zoë 😀 👋");
  });

  it("is a plain text when it names no column", () => {
    expect(parsed("No placeholder here").columns).toEqual([]);
    expect(templateProblem("No placeholder {{here}}", null)).toBeNull();
  });

  it("names the missing columns against the CSV header, with the one of another case it may mean", () => {
    const t = parsed("Hi {firstname} {city}");
    expect(missingColumns(t, ["phone", "firstName"])).toEqual([{ column: "firstname", meant: "firstName" }, { column: "city" }]);
    expect(templateProblem("Hi {firstname} {city}", ["phone", "firstName"])).toBe(
      "No CSV column for {firstname} (did you mean {firstName}?), {city} (columns: phone, firstName)",
    );
    expect(templateProblem("Hi {firstName}", ["phone", "firstName"])).toBeNull();
    expect(templateProblem("Hi {firstName}", null)).toBe(
      "Placeholders ({firstName}) take their values from a CSV upload's columns",
    );
  });

  it("checks only the syntax while the CSV's header is unknown", () => {
    expect(templateProblem("Hi {anything}", "any")).toBeNull();
    expect(templateProblem("Hi {anything", "any")).toMatch(/without its "}" at character 4/);
  });

  it("gives a text's placeholders and its shortest form (every placeholder empty), or the text itself", () => {
    const p = personalisation("Hi {firstName}, {{ok}}");
    expect(p.template?.columns).toEqual(["firstName"]);
    expect(p.shortest).toBe("Hi , {ok}");
    expect(personalisation("Plain {{text}}")).toEqual({ template: null, shortest: "Plain {text}" });
    expect(personalisation("Broken {")).toEqual({ template: null, shortest: "Broken {" });
  });
});
