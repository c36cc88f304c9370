// Black-box tests of the command line: the real binary, real data directories.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = process.env.QUORUM_BIN ?? join(ROOT, "target/debug/quorum");

function tempDir(prefix = "quorum-cli-") {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs quorum with the given arguments; never inherits the developer's QUORUM_DATA_DIR. */
function quorum(args, env = {}) {
  const base = { ...process.env };
  delete base.QUORUM_DATA_DIR;
  const r = spawnSync(BIN, args, { encoding: "utf8", env: { ...base, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function exportDoc(dir) {
  const r = quorum(["--data-dir", dir, "export", "json"]);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}

describe("quorum command line", () => {
  it("explains itself in French", () => {
    const r = quorum(["--help"]);
    assert.equal(r.code, 0);
    assert.match(r.out, /l'outil hors ligne des conseils citoyens/);
    assert.match(r.out, /--data-dir <DOSSIER>/);
    assert.match(r.out, /Utilisation : quorum/);
    assert.doesNotMatch(r.out, /Usage:|Print help/);
    const sub = quorum(["council", "--help"]);
    assert.equal(sub.code, 0);
    assert.match(sub.out, /Utilisation : quorum council \[OPTIONS\] <COMMANDE>/);
  });

  it("refuses a command line it does not understand, in French", () => {
    const seedAlone = quorum(["demo", "--seed", "3"]);
    assert.equal(seedAlone.code, 2);
    assert.match(seedAlone.err, /^Erreur : il manque --years <ANNÉES>\./);
    assert.match(seedAlone.err, /Utilisation : quorum demo/);
    const typo = quorum(["councl", "list"]);
    assert.equal(typo.code, 2);
    assert.match(typo.err, /la commande « councl » n'existe pas\. Vouliez-vous dire « council » \?\n/);
    const notANumber = quorum(["demo", "--years", "dix"]);
    assert.equal(notANumber.code, 2);
    assert.match(notANumber.err, /« dix » n'est pas acceptée pour --years <ANNÉES> : nombre entier attendu/);
    assert.doesNotMatch(seedAlone.err + typo.err + notANumber.err, /error:|Usage:|try '--help'/);
  });

  it("loads the demo once: the second run adds nothing", () => {
    const dir = tempDir();
    const first = quorum(["--data-dir", dir, "demo"]);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /Membres\s+25 ajouté/);
    const second = quorum(["--data-dir", dir, "demo"]);
    assert.equal(second.code, 0, second.err);
    assert.match(second.out, /rien n'a été ajouté/);
    const list = quorum(["--data-dir", dir, "council", "list"]);
    assert.match(list.out, /^[0-9a-f-]{36} {2}Conseil citoyen des Tilleuls — Villeval \(24 membres\)$/m);
    assert.equal(list.out.trim().split("\n").length, 1);
  });

  it("round-trips the whole database through JSON into an empty data dir", () => {
    const source = tempDir();
    quorum(["--data-dir", source, "demo"]);
    const file = join(tempDir(), "export.json");
    const w = quorum(["--data-dir", source, "export", "json", "-o", file]);
    assert.equal(w.code, 0, w.err);
    const exported = JSON.parse(readFileSync(file, "utf8"));
    assert.equal(exported.format_version, 3);
    assert.equal(exported.councils[0].charters[0].versions.length, 2);
    assert.equal(exported.councils[0].meetings.length, 3);
    assert.equal(exported.councils[0].members.length, 25);
    assert.equal(exported.councils[0].guests.length, 6);

    const target = tempDir();
    const imp = quorum(["--data-dir", target, "import", "json", file]);
    assert.equal(imp.code, 0, imp.err);
    assert.match(imp.out, /Conseils\s+1 ajouté\(s\)\s+0 mis à jour\s+0 ignoré/);
    assert.match(imp.out, /Membres\s+25 ajouté/);
    assert.deepEqual(exportDoc(target).councils, exported.councils);

    const again = quorum(["--data-dir", target, "import", "json", file]);
    assert.match(again.out, /Membres\s+0 ajouté\(s\)\s+0 mis à jour\s+25 ignoré/);
  });

  it("writes exports that follow the committed JSON Schema", () => {
    const dir = tempDir();
    quorum(["--data-dir", dir, "demo"]);
    const schema = JSON.parse(readFileSync(join(ROOT, "docs/schema/quorum-export.schema.json"), "utf8"));
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    const doc = exportDoc(dir);
    assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
    doc.councils[0].members[0].college = "elus";
    assert.equal(validate(doc), false, "a wrong collège must not pass the schema");
  });

  it("refuses bad input with a French message and writes nothing", () => {
    const dir = tempDir();
    const bad = tempDir();
    const cases = {
      "truncated.json": '{"format_version": 1, "councils": [',
      "other.json": '{"hello": "world"}',
      "future.json": '{"format_version": 99, "councils": []}',
      "invalid-id.json": '{"format_version": 2, "generator": "x", "exported_at": "2026-01-01T00:00:00Z", "councils": [{"council": {"id": "pas-un-uuid"}}]}',
      "latin1.json": Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]),
    };
    for (const [name, content] of Object.entries(cases)) {
      const f = join(bad, name);
      writeFileSync(f, content);
      const r = quorum(["--data-dir", dir, "import", "json", f]);
      assert.equal(r.code, 2, `${name}: ${r.err}`);
      assert.match(r.err, /^Erreur : Le fichier à importer n'est pas valable : /, name);
    }
    const missing = quorum(["--data-dir", dir, "import", "json", join(bad, "absent.json")]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /il n'existe pas/);
    assert.match(quorum(["--data-dir", dir, "council", "list"]).out, /Aucun conseil/);
  });

  it("lists a council's meetings, most recent first, with their state", () => {
    const dir = tempDir();
    quorum(["--data-dir", dir, "demo"]);
    const councilId = quorum(["--data-dir", dir, "council", "list"]).out.split(" ")[0];
    const r = quorum(["--data-dir", dir, "meeting", "list", councilId]);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split("\n");
    assert.equal(lines.length, 3);
    assert.match(lines[0], /^[0-9a-f-]{36} {2}mardi \d+ \S+ \d{4} à 18\u00a0h\u00a030 — Séance plénière — Séance plénière d'hiver \(prévue\)$/);
    assert.match(lines[1], /Séance plénière d'automne \(compte rendu en projet\)$/);
    assert.match(lines[2], /Séance plénière de rentrée \(compte rendu adopté le \d+ \S+ \d{4}\)$/);
    const bad = quorum(["--data-dir", dir, "meeting", "list", "pas-un-identifiant"]);
    assert.equal(bad.code, 2);
  });

  it("prints every meeting document to PDF, and the decisions register over a period", () => {
    const dir = tempDir();
    const out = tempDir();
    quorum(["--data-dir", dir, "demo"]);
    const councilId = quorum(["--data-dir", dir, "council", "list"]).out.split(" ")[0];
    const [coming, draft, adopted] = quorum(["--data-dir", dir, "meeting", "list", councilId])
      .out.trim()
      .split("\n")
      .map((l) => l.split(" ")[0]);
    const pdfText = (file) => spawnSync("pdftotext", [file, "-"], { encoding: "utf8" }).stdout.split(/\s+/).join(" ");
    const cases = [
      ["convocation", coming, /Convocation .*Ordre du jour .*Pouvoir/],
      ["attendance-sheet", coming, /Feuille d'émargement .*Signature .*Invités et public/],
      ["minutes", draft, /Projet — document de travail, non adopté/],
      ["minutes", adopted, /Adopté le \d+ \S+ \d{4}/],
      ["decisions", adopted, /Relevé de décisions .*Adopté partiellement \(800 € sur 1 500 €\)/],
    ];
    for (const [kind, id, expected] of cases) {
      const file = join(out, `${kind}-${id}.pdf`);
      const r = quorum(["--data-dir", dir, "export", "pdf", kind, id, "-o", file]);
      assert.equal(r.code, 0, r.err);
      assert.equal(readFileSync(file).subarray(0, 5).toString(), "%PDF-");
      assert.match(pdfText(file), expected, kind);
    }
    const reg = join(out, "registre.pdf");
    const r = quorum(["--data-dir", dir, "export", "pdf", "decisions-register", councilId, "--from", "01/01/2020", "-o", reg]);
    assert.equal(r.code, 0, r.err);
    assert.match(pdfText(reg), /Registre des décisions .*depuis le 1er janvier 2020/);
    const badDate = quorum(["--data-dir", dir, "export", "pdf", "decisions-register", councilId, "--from", "hier", "-o", reg]);
    assert.equal(badDate.code, 2);
    assert.match(badDate.err, /Date non reconnue/);
    const missing = quorum(["--data-dir", dir, "export", "pdf", "minutes", "00000000-0000-0000-0000-000000000000", "-o", join(out, "x.pdf")]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /Cette réunion est introuvable/);
    assert.ok(!existsSync(join(out, "x.pdf")), "nothing is written for a missing meeting");
  });

  it("lists, imports and prints charters, and compares two versions", () => {
    const dir = tempDir();
    const out = tempDir();
    quorum(["--data-dir", dir, "demo"]);
    const councilId = quorum(["--data-dir", dir, "council", "list"]).out.split(" ")[0];
    const list = quorum(["--data-dir", dir, "charter", "list", councilId]);
    assert.equal(list.code, 0, list.err);
    const lines = list.out.trim().split("\n");
    assert.match(lines[0], /^[0-9a-f-]{36} {2}Charte de participation — Charte de participation/);
    assert.match(lines[1], /^ {4}version 1 : remplacée \(adoptée le \d+ \S+ \d{4}\), 3 signatures$/);
    assert.match(lines[2], /^ {4}version 2 : en vigueur, adoptée le \d+ \S+ \d{4}, 7 signatures$/);
    const charterId = lines[0].split(" ")[0];
    const pdfText = (file) => spawnSync("pdftotext", [file, "-"], { encoding: "utf8" }).stdout.split(/\s+/).join(" ");

    const v1 = join(out, "charte-v1.pdf");
    let r = quorum(["--data-dir", dir, "export", "pdf", "charter", charterId, "--version", "1", "-o", v1]);
    assert.equal(r.code, 0, r.err);
    assert.match(pdfText(v1), /Sommaire .*Article 1er .*Signatures/);
    assert.match(pdfText(v1), /Version 1/);
    const current = join(out, "charte.pdf");
    r = quorum(["--data-dir", dir, "export", "pdf", "charter", charterId, "-o", current]);
    assert.equal(r.code, 0, r.err);
    assert.match(pdfText(current), /Place des jeunes/, "the default is the version in force");
    const diff = join(out, "diff.pdf");
    r = quorum(["--data-dir", dir, "export", "pdf", "charter-diff", charterId, "--from", "1", "--to", "2", "-o", diff]);
    assert.equal(r.code, 0, r.err);
    assert.match(pdfText(diff), /Comparaison des versions 1 et 2 .*Place des jeunes/);
    const bad = quorum(["--data-dir", dir, "export", "pdf", "charter-diff", charterId, "--from", "1", "--to", "7", "-o", join(out, "x.pdf")]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /pas de version 7/);
    assert.ok(!existsSync(join(out, "x.pdf")));

    // A règlement saved by Word in Windows-1252, with its defects, imports whole.
    const txt = join(out, "reglement.txt");
    const text = "Règlement intérieur du conseil citoyen\r\n\r\nArticle 1er – Objet\r\nLe conseil s’organise.\r\n\r\n- 2 -\r\n\r\nArticle 3 : Œuvres\r\n[À COMPLÉTER]\r\n";
    const cp1252 = Buffer.from(
      [...text].map((c) => ({ "’": 0x92, "–": 0x96, "Œ": 0x8c })[c] ?? c.charCodeAt(0)),
    );
    writeFileSync(txt, cp1252);
    const imp = quorum(["--data-dir", dir, "charter", "import", councilId, txt]);
    assert.equal(imp.code, 0, imp.err);
    assert.match(imp.out, /Charte importée : Règlement intérieur du conseil citoyen \(Règlement intérieur\)/);
    assert.match(imp.out, /0 partie\(s\), 2 article\(s\)/);
    assert.match(imp.out, /À relire/);
    const after = quorum(["--data-dir", dir, "charter", "list", councilId]);
    assert.match(after.out, /Règlement intérieur — Règlement intérieur du conseil citoyen\n {4}version 1 : en projet/);
    const importedId = after.out.trim().split("\n").find((l) => l.includes("Règlement intérieur —")).split(" ")[0];
    const draftPdf = join(out, "ri.pdf");
    r = quorum(["--data-dir", dir, "export", "pdf", "charter", importedId, "-o", draftPdf]);
    assert.equal(r.code, 0, r.err);
    assert.match(pdfText(draftPdf), /Projet/);
    assert.match(pdfText(draftPdf), /Le conseil s’organise\. .*Œuvres .*\[À COMPLÉTER\]/);
    const missing = quorum(["--data-dir", dir, "charter", "import", councilId, join(out, "absent.txt")]);
    assert.equal(missing.code, 1);
  });

  it("shows, exports, imports and prints the concertation calendar", () => {
    const dir = tempDir();
    const out = tempDir();
    quorum(["--data-dir", dir, "demo"]);
    const councilId = quorum(["--data-dir", dir, "council", "list"]).out.split(" ")[0];
    const pdfText = (file) => spawnSync("pdftotext", [file, "-"], { encoding: "utf8" }).stdout.split(/\s+/).join(" ");

    const list = quorum(["--data-dir", dir, "calendar", "list", councilId]);
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, /Permanence du conseil citoyen \(Permanence\) — Maison des Tilleuls, bureau 2 \[chaque semaine, le mercredi\]/);
    assert.match(list.out, /\[même heure qu'un autre événement\]/);
    assert.match(list.out, /Avis « Rapport annuel 2025 du contrat de ville » à rendre avant le/);
    const demarches = quorum(["--data-dir", dir, "calendar", "demarches", councilId]);
    assert.match(demarches.out, /Renouvellement urbain du secteur des Tilleuls — Quartier, Concertation \(En cours\)/);
    assert.match(demarches.out, /Travaux : dates à définir/);
    const demarcheId = demarches.out.split(" ")[0];

    // The .ics: read back by Python's icalendar, then imported into an empty council twice.
    const ics = join(out, "calendrier.ics");
    let r = quorum(["--data-dir", dir, "export", "ics", councilId, "-o", ics]);
    assert.equal(r.code, 0, r.err);
    const parsed = spawnSync(
      "python3",
      ["-c", "import icalendar,sys;c=icalendar.Calendar.from_ical(open(sys.argv[1],'rb').read());print('\\n'.join(str(e['SUMMARY']) for e in c.walk('VEVENT')))", ics],
      { encoding: "utf8" },
    );
    assert.equal(parsed.status, 0, parsed.stderr);
    assert.match(parsed.stdout, /Café des habitants/);
    assert.match(parsed.stdout, /Séance plénière d'hiver/);
    const other = tempDir();
    quorum(["--data-dir", other, "demo"]);
    const otherCouncil = quorum(["--data-dir", other, "council", "list"]).out.split(" ")[0];
    const first = quorum(["--data-dir", other, "import", "ics", otherCouncil, ics]);
    assert.equal(first.code, 0, first.err);
    const again = quorum(["--data-dir", other, "import", "ics", otherCouncil, ics]);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /0 ajouté/);
    const notIcs = join(out, "pas-un-calendrier.ics");
    writeFileSync(notIcs, "bonjour");
    const bad = quorum(["--data-dir", other, "import", "ics", otherCouncil, notIcs]);
    assert.equal(bad.code, 2);

    // Printed: a month, an agenda period, a démarche's timeline.
    const now = new Date();
    const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
    const monthPdf = join(out, "mois.pdf");
    r = quorum(["--data-dir", dir, "export", "pdf", "calendar", councilId, "--month", month, "-o", monthPdf]);
    assert.equal(r.code, 0, r.err);
    assert.match(pdfText(monthPdf), /Calendrier d.* lundi mardi mercredi jeudi vendredi samedi dimanche/);
    const agendaPdf = join(out, "agenda.pdf");
    const iso = (d) => d.toISOString().slice(0, 10);
    const in60 = new Date(now.getTime() + 60 * 86_400_000);
    r = quorum(["--data-dir", dir, "export", "pdf", "agenda", councilId, "--from", iso(now), "--to", iso(in60), "-o", agendaPdf]);
    assert.equal(r.code, 0, r.err);
    assert.match(pdfText(agendaPdf), /Agenda .*Permanence du conseil citoyen/);
    const timelinePdf = join(out, "frise.pdf");
    r = quorum(["--data-dir", dir, "export", "pdf", "timeline", demarcheId, "-o", timelinePdf]);
    assert.equal(r.code, 0, r.err);
    assert.match(pdfText(timelinePdf), /Renouvellement urbain du secteur des Tilleuls .*Diagnostic partagé/);
    const badMonth = quorum(["--data-dir", dir, "export", "pdf", "calendar", councilId, "--month", "2026-13", "-o", join(out, "x.pdf")]);
    assert.equal(badMonth.code, 2);
    assert.match(badMonth.err, /Mois non reconnu/);
  });

  it("follows QUORUM_DATA_DIR, and --data-dir wins over it", () => {
    const envDir = tempDir();
    const flagDir = tempDir();
    quorum(["demo"], { QUORUM_DATA_DIR: envDir });
    assert.ok(existsSync(join(envDir, "quorum.sqlite3")));
    const viaFlag = quorum(["--data-dir", flagDir, "council", "list"], { QUORUM_DATA_DIR: envDir });
    assert.match(viaFlag.out, /Aucun conseil/);
    const info = quorum(["info"], { QUORUM_DATA_DIR: envDir });
    assert.match(info.out, new RegExp(`Dossier des données : ${envDir}`));
  });

  it("says clearly when the data directory cannot be used", () => {
    const parent = tempDir();
    const file = join(parent, "not-a-dir");
    writeFileSync(file, "x");
    const r = quorum(["--data-dir", file, "council", "list"]);
    assert.equal(r.code, 1);
    assert.match(r.err, /n'est pas utilisable : ce chemin désigne un fichier, pas un dossier/);

    if (process.getuid?.() !== 0) {
      const ro = tempDir();
      chmodSync(ro, 0o500);
      const r2 = quorum(["--data-dir", join(ro, "sub"), "council", "list"]);
      assert.equal(r2.code, 1);
      assert.match(r2.err, /impossible d'y écrire/);
    }
  });

  it("generates the large demo with --years, then its councils read as any other", () => {
    const dir = tempDir();
    const r = quorum(["--data-dir", dir, "demo", "--years", "1", "--seed", "7"]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Jeu de démonstration généré : 4 conseils sur 1 an \(graine 7\)\.$/m);
    assert.match(r.out, /^Réunions\s+\d{3}$/m);
    assert.match(r.out, /^Actions de suivi\s+\d\u202f\d{3}$/m);
    assert.match(r.out, /^Durée : \d+,\d s$/m);
    const list = quorum(["--data-dir", dir, "council", "list"]);
    assert.equal(list.out.trim().split("\n").length, 4);
    const councilId = list.out.match(/^([0-9a-f-]{36}) {2}Conseil citoyen du Val-Fleuri — /m)?.[1];
    assert.ok(councilId, list.out);
    const meetings = quorum(["--data-dir", dir, "meeting", "list", councilId]);
    assert.equal(meetings.code, 0, meetings.err);
    const lines = meetings.out.trim().split("\n");
    assert.ok(lines.length > 40, meetings.out);
    assert.match(meetings.out, /— Séance plénière — Séance plénière d[e'] ?\S+ \d{4} \(compte rendu adopté le /);
    assert.match(meetings.out, /\(prévue\)$/m);

    // Search, then one category further, as « Afficher … de plus » does in the window.
    const found = quorum(["--data-dir", dir, "search", councilId, "reunion", "--limit", "3"]);
    assert.equal(found.code, 0, found.err);
    assert.match(found.out, /^[\d\u202f]+ résultats pour « reunion »$/m);
    const items = found.out.match(/^Points de l'ordre du jour \(([\d\u202f]+)\)$/m);
    assert.ok(items, found.out);
    const firstThree = found.out.match(/^ {4}agenda_item \S+$/gm);
    assert.equal(firstThree.length, 3);
    const more = quorum(["--data-dir", dir, "search", councilId, "reunion", "--kind", "point", "--limit", "25"]);
    assert.equal(more.code, 0, more.err);
    assert.doesNotMatch(more.out, /^Réunions \(/m);
    assert.match(more.out, new RegExp(`^Points de l'ordre du jour \\(${items[1]}\\)$`, "m"));
    const longer = more.out.match(/^ {4}agenda_item \S+$/gm);
    assert.equal(longer.length, 25);
    assert.deepEqual(longer.slice(0, 3), firstThree, "the first ones stay first");
    const bogus = quorum(["--data-dir", dir, "search", councilId, "reunion", "--kind", "reunions"]);
    assert.equal(bogus.code, 2);
    assert.match(bogus.err, /valeurs possibles : reunion, decision, point/);

    const again = quorum(["--data-dir", dir, "demo", "--years", "1", "--seed", "7"]);
    assert.equal(again.code, 2);
    assert.match(again.err, /déjà dans cette base/);
    const bad = quorum(["--data-dir", dir, "demo", "--years", "0"]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /de 1 à 30/);
  });

  it("prints a council's home: what needs doing on a given day", () => {
    const dir = tempDir();
    quorum(["--data-dir", dir, "demo"]);
    quorum(["--data-dir", dir, "backup", "create"]);
    const councilId = quorum(["--data-dir", dir, "council", "list"]).out.split(" ")[0];
    const r = quorum(["--data-dir", dir, "council", "home", councilId]);
    assert.equal(r.code, 0, r.err);
    const out = r.out.replace(/[\u00a0\u202f]/g, " ");
    assert.match(out, /^Conseil citoyen des Tilleuls — le \S+ \d+ \S+ \d{4}$/m);
    assert.match(out, /^Prochaines réunions\n {2}\S+ \d+ \S+ \d{4} à 18 h 30 : Séance plénière d'hiver/m);
    assert.match(out, /^Comptes rendus à adopter : 1$/m);
    assert.match(out, /^Actions ouvertes : 2 dont 0 en retard et 1 à échéance dans les 28 jours$/m);
    assert.match(out, /Rapport annuel 2025 du contrat de ville — avant le .+ \(\d+ jours? restants?\)/);
    assert.match(out, /^Dernière sauvegarde : .+\(quorum-.+-manuelle\.sqlite3\)$/m);
    // Another day, typed the French way: the demo's plénière d'hiver is then past.
    const later = quorum(["--data-dir", dir, "council", "home", councilId, "--date", "31/12/2099"]);
    assert.equal(later.code, 0, later.err);
    assert.match(later.out, /Aucune réunion prévue\./);
    const bad = quorum(["--data-dir", dir, "council", "home", councilId, "--date", "demain"]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /Date non reconnue/);
  });
});
