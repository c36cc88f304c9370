//! Benchmark (not a test): the time to write the compte rendu of a 50-page meeting.
//! `make bench` runs it in release mode; the figure goes in docs/PERFORMANCE.md.

use quorum_core::meeting_docs::MeetingDocument;
use quorum_core::Store;
use std::time::{Duration, Instant};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut store = Store::open_in(dir.path())?;
    store.load_demo()?;
    let council = store.list_councils(false)?[0].id;
    let meeting = quorum_core::demo::add_long_meeting(&mut store, council, 53)?;

    // Warm up (page cache, allocator), then measure whole runs: read, lay out, write.
    let bytes = store.meeting_pdf(meeting, MeetingDocument::Minutes)?;
    let runs = 20;
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let pdf = store.meeting_pdf(meeting, MeetingDocument::Minutes)?;
        times.push(start.elapsed());
        std::hint::black_box(pdf);
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mean = times.iter().map(|d| ms(*d)).sum::<f64>() / runs as f64;
    let pages = String::from_utf8_lossy(&bytes)
        .matches("/Type /Page\n")
        .count()
        + String::from_utf8_lossy(&bytes)
            .matches("/Type/Page/")
            .count();
    println!(
        "compte rendu de 53 points ({} Kio{}) : médiane {:.1} ms, moyenne {:.1} ms, min {:.1} ms, max {:.1} ms sur {runs} écritures",
        bytes.len() / 1024,
        if pages > 0 { format!(", {pages} pages") } else { String::new() },
        ms(times[runs / 2]),
        mean,
        ms(times[0]),
        ms(times[runs - 1]),
    );
    Ok(())
}
