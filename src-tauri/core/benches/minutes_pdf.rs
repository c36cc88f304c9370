//! Benchmark (not a test): the compte rendu of a 50-page meeting to PDF, Quorum
//! against LibreOffice (headless, `--convert-to pdf` of the same content as .fodt)
//! and headless Chromium (`--print-to-pdf` of the same content as HTML), in one run,
//! as ratios. `make bench` runs it in release mode; the method and the figures are
//! in docs/PERFORMANCE.md.
//!
//! - Quorum: `Store::meeting_pdf(meeting, Minutes)` in the process, as the app calls
//!   it (read the meeting from SQLite, lay out, write the PDF): one warm-up, 20 timed
//!   runs, then 2 more before each launch of a peer (60 in all), so that Quorum's
//!   median covers the same stretch of time, and the same load on the machine, as
//!   the peers'.
//! - Each peer: its whole process, from spawn to exit with the PDF written, as a
//!   person or a program calling it would wait for it. Five rounds; each starts with
//!   a fresh profile (LibreOffice's user installation, Chromium's user data
//!   directory: « premier lancement »), then runs again with that same profile
//!   (« second lancement », warm). The .fodt and .html are written beforehand, from
//!   the same `MeetingDetail` (`Store::meeting_detail`), with the same font (Atkinson
//!   Hyperlegible, through a fontconfig file naming `assets/fonts`), page and sizes.
//! - Fairness: every PDF's page count is read with pdfinfo and printed.
//!
//! `QUORUM_BENCH_KEEP=dir` keeps the files (PDFs, .html, .fodt) in `dir`.

mod common;
#[path = "common/markup.rs"]
mod markup;

use common::*;
use quorum_core::meeting_docs::MeetingDocument;
use quorum_core::Store;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const ITEMS: u32 = 53;
const QUORUM_RUNS: usize = 20;
const PEER_ROUNDS: usize = 5;
const TARGET: f64 = 25.0;
const PEER_LIMIT: Duration = Duration::from_secs(180);

struct Peer {
    name: &'static str,
    version: String,
    /// The command line, for the report (paths shortened).
    shown: String,
    first: Stats,
    second: Stats,
    pages: u32,
}

fn fonts_conf(dir: &Path) -> BenchResult<PathBuf> {
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/fonts");
    let fonts = fonts.canonicalize()?;
    let path = dir.join("fonts.conf");
    std::fs::write(
        &path,
        format!(
            r#"<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{}</dir>
  <cachedir>{}</cachedir>
</fontconfig>
"#,
            fonts.display(),
            dir.join("fontconfig-cache").display()
        ),
    )?;
    Ok(path)
}

/// Times `PEER_ROUNDS` rounds of (fresh profile, same profile again). `command`
/// builds the command for a profile directory; the PDF must then be at `pdf`.
/// Before each launch, `quorum` is called: Quorum's runs are spread over the whole
/// benchmark, so that both sides see the same machine (other work on it, CPU clock).
fn run_peer(
    name: &'static str,
    work: &Path,
    pdf: &Path,
    command: impl Fn(&Path) -> Command,
    quorum: &mut dyn FnMut() -> BenchResult,
) -> BenchResult<(Stats, Stats, u32)> {
    let (mut first, mut second) = (Vec::new(), Vec::new());
    let mut pages = 0;
    for round in 0..PEER_ROUNDS {
        let profile = work.join(format!("{}-profil-{round}", name.to_lowercase()));
        for (n, times) in [(1, &mut first), (2, &mut second)] {
            quorum()?;
            let _ = std::fs::remove_file(pdf);
            let log = work.join(format!("{}-{round}-{n}.log", name.to_lowercase()));
            times.push(time_process(&mut command(&profile), &log, PEER_LIMIT)?);
            if !pdf.exists() {
                return Err(format!(
                    "{name} n'a pas écrit {} ; sa sortie : {}",
                    pdf.display(),
                    std::fs::read_to_string(&log).unwrap_or_default()
                )
                .into());
            }
            pages = pdf_pages(pdf)?;
        }
        let _ = std::fs::remove_dir_all(&profile);
    }
    Ok((Stats::of(first), Stats::of(second), pages))
}

fn main() -> BenchResult {
    let dir = tempfile::tempdir()?;
    let work = dir.path().join("pairs");
    std::fs::create_dir_all(&work)?;
    let mut store = Store::open_in(&dir.path().join("donnees"))?;
    store.load_demo()?;
    let council = store.list_councils(false)?[0].id;
    let meeting = quorum_core::demo::add_long_meeting(&mut store, council, ITEMS)?;

    // Quorum, in the process: read, lay out, write.
    let bytes = store.meeting_pdf(meeting, MeetingDocument::Minutes)?;
    let quorum_pdf = work.join("quorum.pdf");
    std::fs::write(&quorum_pdf, &bytes)?;
    let quorum_pages = pdf_pages(&quorum_pdf)?;

    // The same content for the peers.
    let detail = store.meeting_detail(meeting)?;
    let content = markup::minutes(&detail);
    let html = work.join("compte-rendu.html");
    let fodt = work.join("compte-rendu.fodt");
    std::fs::write(&html, content.html())?;
    std::fs::write(&fodt, content.fodt())?;
    let fonts = fonts_conf(&work)?;

    // One warm-up, then QUORUM_RUNS timed runs now, and two more before each
    // launch of a peer.
    let mut quorum_times = time_runs_raw(1, QUORUM_RUNS, || {
        Ok(store.meeting_pdf(meeting, MeetingDocument::Minutes)?)
    })?;
    let mut quorum_more = || -> BenchResult {
        quorum_times.extend(time_runs_raw(0, 2, || {
            Ok(store.meeting_pdf(meeting, MeetingDocument::Minutes)?)
        })?);
        Ok(())
    };

    let mut peers: Vec<Peer> = Vec::new();
    let mut missing: Vec<&str> = Vec::new();

    if have("soffice") {
        let out = work.join("libreoffice");
        let pdf = out.join("compte-rendu.pdf");
        let (first, second, pages) = run_peer(
            "LibreOffice",
            &work,
            &pdf,
            |profile| {
                let mut c = Command::new("soffice");
                c.env("FONTCONFIG_FILE", &fonts)
                    .arg(format!(
                        "-env:UserInstallation=file://{}",
                        profile.display()
                    ))
                    .args(["--headless", "--convert-to", "pdf", "--outdir"])
                    .arg(&out)
                    .arg(&fodt);
                c
            },
            &mut quorum_more,
        )?;
        peers.push(Peer {
            name: "LibreOffice",
            version: version_of("soffice", &["--version"]),
            shown: "soffice -env:UserInstallation=file://<profil> --headless --convert-to pdf --outdir <dossier> compte-rendu.fodt".into(),
            first,
            second,
            pages,
        });
    } else {
        missing.push("LibreOffice (soffice)");
    }

    if have("chromium") {
        let pdf = work.join("chromium.pdf");
        let (first, second, pages) = run_peer(
            "Chromium",
            &work,
            &pdf,
            |profile| {
                let mut c = Command::new("chromium");
                c.env("FONTCONFIG_FILE", &fonts)
                    .args([
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-pdf-header-footer",
                    ])
                    .arg(format!("--user-data-dir={}", profile.display()))
                    .arg(format!("--print-to-pdf={}", pdf.display()))
                    .arg(&html);
                c
            },
            &mut quorum_more,
        )?;
        peers.push(Peer {
            name: "Chromium",
            version: version_of("chromium", &["--version"]),
            shown: "chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --no-pdf-header-footer --user-data-dir=<profil> --print-to-pdf=<pdf> compte-rendu.html".into(),
            first,
            second,
            pages,
        });
    } else {
        missing.push("Chromium");
    }

    let quorum = Stats::of(quorum_times);

    if let Some(keep) = std::env::var_os("QUORUM_BENCH_KEEP") {
        let keep = PathBuf::from(keep);
        std::fs::create_dir_all(&keep)?;
        for f in [
            "quorum.pdf",
            "compte-rendu.html",
            "compte-rendu.fodt",
            "chromium.pdf",
            "libreoffice/compte-rendu.pdf",
        ] {
            let from = work.join(f);
            if from.exists() {
                std::fs::copy(&from, keep.join(f.replace('/', "-")))?;
            }
        }
    }

    // Results: one line per kind of launch, then the details.
    let label = format!("PDF compte rendu {quorum_pages} pages ({ITEMS} points)");
    for (launch, pick) in [
        (
            "premier lancement, profil neuf",
            (|p: &Peer| p.first) as fn(&Peer) -> Stats,
        ),
        ("second lancement, à chaud", |p: &Peer| p.second),
    ] {
        let mut line = format!("{label}, {launch} : Quorum {}", duration(quorum.median));
        let mut met = !peers.is_empty();
        for p in &peers {
            let r = ratio(pick(p).median, quorum.median);
            met &= r >= TARGET;
            line.push_str(&format!(
                " · {} {} ({})",
                p.name,
                duration(pick(p).median),
                times(r)
            ));
        }
        for m in &missing {
            line.push_str(&format!(
                " · {m} non mesuré (absent : scripts/bench-setup.sh)"
            ));
        }
        line.push_str(&format!(
            " — objectif ≥ {TARGET:.0}× face à chacun : {}",
            if peers.is_empty() {
                "non mesuré"
            } else {
                verdict(met && missing.is_empty())
            }
        ));
        println!("{line}");
    }
    let mut pages = format!("  pages (pdfinfo) : Quorum {quorum_pages}");
    for p in &peers {
        pages.push_str(&format!(" · {} {}", p.name, p.pages));
    }
    println!("{pages}");
    println!(
        "  Quorum : Store::meeting_pdf, {} ; {} Kio",
        quorum.detail(),
        bytes.len() / 1024
    );
    for p in &peers {
        println!("  {} ({}) : {}", p.name, p.version, p.shown);
        println!("    premier lancement : {}", p.first.detail());
        println!("    second lancement  : {}", p.second.detail());
        if !(40..=62).contains(&p.pages) {
            println!(
                "    attention : {} pages, loin des {quorum_pages} de Quorum : la comparaison n'est pas équitable",
                p.pages
            );
        }
    }
    Ok(())
}
