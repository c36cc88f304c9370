import { describe, expect, it } from "vitest";
import { AppError, toAppError } from "./api";

describe("errors from the core", () => {
  it("keeps the core's code, message and field messages", () => {
    const e = toAppError({
      code: "validation",
      message: "Certaines informations sont à corriger.",
      fields: [{ field: "last_name", message: "Ce champ est obligatoire." }],
    });
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe("validation");
    expect(e.field("last_name")).toBe("Ce champ est obligatoire.");
    expect(e.field("email")).toBeUndefined();
  });

  it("turns anything else into an internal error worded in French", () => {
    const e = toAppError("invalid args `id` for command `council_overview`");
    expect(e.code).toBe("internal");
    expect(e.message).toBe(
      "Une erreur inattendue est survenue : invalid args `id` for command `council_overview`",
    );
    expect(e.fields).toEqual([]);
  });
});
