//! What the benchmarks share: timing, statistics, and the one-line format of their
//! results (« … : Quorum 47.8 ms · LibreOffice 2 512 ms (52×) … — objectif … »).
//! Each benchmark includes it with `mod common;` and uses the parts it needs.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub type BenchResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// Median, minimum and maximum of a set of timed runs.
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    pub median: Duration,
    pub min: Duration,
    pub max: Duration,
    pub runs: usize,
}

impl Stats {
    pub fn of(mut times: Vec<Duration>) -> Stats {
        times.sort();
        let n = times.len();
        let median = match n {
            0 => Duration::ZERO,
            _ if !n.is_multiple_of(2) => times[n / 2],
            _ => (times[n / 2 - 1] + times[n / 2]) / 2,
        };
        Stats {
            median,
            min: times.first().copied().unwrap_or_default(),
            max: times.last().copied().unwrap_or_default(),
            runs: n,
        }
    }

    /// « médiane 47.8 ms (min 47.6 ms, max 48.7 ms, 20 mesures) ».
    pub fn detail(&self) -> String {
        format!(
            "médiane {} (min {}, max {}, {} mesures)",
            duration(self.median),
            duration(self.min),
            duration(self.max),
            self.runs
        )
    }
}

/// Runs `f` `warmup` times untimed, then `runs` times timed.
pub fn time_runs<T>(
    warmup: usize,
    runs: usize,
    f: impl FnMut() -> BenchResult<T>,
) -> BenchResult<Stats> {
    Ok(Stats::of(time_runs_raw(warmup, runs, f)?))
}

/// [`time_runs`], giving each run's time.
pub fn time_runs_raw<T>(
    warmup: usize,
    runs: usize,
    mut f: impl FnMut() -> BenchResult<T>,
) -> BenchResult<Vec<Duration>> {
    for _ in 0..warmup {
        std::hint::black_box(f()?);
    }
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let out = f()?;
        times.push(start.elapsed());
        std::hint::black_box(out);
    }
    Ok(times)
}

/// An integer with a space between thousands: « 2 512 ».
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// A duration as people read it: « 42 µs », « 0.41 ms », « 47.8 ms », « 2 512 ms ».
pub fn duration(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 0.1 {
        format!("{:.0} µs", ms * 1000.0)
    } else if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 100.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{} ms", thousands(ms.round() as u64))
    }
}

/// How many times `slow` takes `fast`: « 52× », « 3.4× », « 1.08× ».
pub fn ratio(slow: Duration, fast: Duration) -> f64 {
    slow.as_secs_f64() / fast.as_secs_f64().max(1e-12)
}

pub fn times(r: f64) -> String {
    if r >= 10.0 {
        format!("{r:.0}×")
    } else if r >= 2.0 {
        format!("{r:.1}×")
    } else {
        format!("{r:.2}×")
    }
}

/// « atteint » or « NON atteint ».
pub fn verdict(met: bool) -> &'static str {
    if met {
        "atteint"
    } else {
        "NON atteint"
    }
}

/// A byte count: « 1 234 567 octets (1.18 Mio) ».
pub fn bytes(n: usize) -> String {
    format!(
        "{} octets ({:.2} Mio)",
        thousands(n as u64),
        n as f64 / (1024.0 * 1024.0)
    )
}

/// The page count `pdfinfo` reads in a PDF file.
pub fn pdf_pages(path: &Path) -> BenchResult<u32> {
    let out = Command::new("pdfinfo")
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            format!("pdfinfo (poppler-utils) introuvable : {e} — lancez scripts/bench-setup.sh")
        })?;
    if !out.status.success() {
        return Err(format!(
            "pdfinfo n'a pas pu lire {} : {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .ok_or_else(|| {
            format!(
                "pdfinfo ne donne pas de nombre de pages pour {}",
                path.display()
            )
            .into()
        })
}

/// Whether a program is on the PATH.
pub fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program} >/dev/null 2>&1")])
        .status()
        .is_ok_and(|s| s.success())
}

/// The first line a program prints for `args` (its version), trimmed.
pub fn version_of(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .find(|l| !l.trim().is_empty())
                .map(|l| l.trim().to_string())
        })
        .unwrap_or_else(|| "version inconnue".into())
}

/// Runs a whole process, from spawn to exit, and times it. Gives up (killing it)
/// after `limit`. Output goes to `log` so that a failure can be explained.
pub fn time_process(cmd: &mut Command, log: &Path, limit: Duration) -> BenchResult<Duration> {
    let out = std::fs::File::create(log)?;
    let err = out.try_clone()?;
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::from(out))
        .stderr(Stdio::from(err))
        .spawn()
        .map_err(|e| format!("{cmd:?} n'a pas pu démarrer : {e}"))?;
    loop {
        if let Some(status) = child.try_wait()? {
            let took = start.elapsed();
            if !status.success() {
                return Err(format!(
                    "{cmd:?} a échoué ({status}) ; sa sortie : {}",
                    std::fs::read_to_string(log).unwrap_or_default()
                )
                .into());
            }
            return Ok(took);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "{cmd:?} ne s'est pas terminé en {} s ; sa sortie : {}",
                limit.as_secs(),
                std::fs::read_to_string(log).unwrap_or_default()
            )
            .into());
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}
