#!/usr/bin/env python3
"""Start-up time and memory of the release app, against a blank Tauri 2 window.

`make bench-start` runs it (docs/PERFORMANCE.md). Both binaries are release builds
from the same workspace: target/release/quorum and target/release/quorum-blank-window
(bench/blank-window, one heading, same Tauri, features, profile and embedded frontend).

What is measured, per launch, in a private Xvfb screen started here (1400×1000×24,
the size `make test-e2e` uses):

- start: wall time from spawning the binary to the line `first-screen` on its stdout.
  Both apps print it from a `first_screen_shown` command (only when QUORUM_BENCH_READY
  is set), which their page calls once the first screen is drawn: for Quorum the
  council list with its data loaded, fonts ready, one frame painted after that.
- memory: 500 ms after that line, the sum over the whole process tree (the app and
  every descendant: WebKitWebProcess, WebKitNetworkProcess…) of PSS (main figure:
  shared pages counted once across processes) and of RSS, from
  /proc/<pid>/smaps_rollup. The X server is not counted.

A third app is the blank window with WEBKIT_DISABLE_COMPOSITING_MODE=1: Quorum turns
WebKitGTK's accelerated compositing off (src-tauri/src/app.rs), the blank window keeps
Tauri's default, so the ratio against it is also given like for like.

Launches alternate between the apps (order swapped each round); the first round is
a warm-up, left out. Medians and minimums of the other rounds are reported. Before
that, when the disk cache can be emptied (root: /proc/sys/vm/drop_caches), each app
is launched once right after emptying it: the truly cold start, reported apart.

Quorum gets a fresh data folder per launch (--data-dir), a copy of one where
`quorum demo` loaded the demo council, so the list has content (`--data D`: a copy
of the database of D instead, e.g. ten years made by `quorum demo --years 10`); `--also-empty` adds
launches on an empty folder (database created at start). The WebKit cache and
profile live in a temporary XDG home shared by the launches of one run.

Standard library only. Exit status 0 when measured, whatever the ratios (a benchmark,
not a test); 1 when an app did not show its first screen in time.
"""

from __future__ import annotations

import argparse
import os
import selectors
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.3
READY_LINE = b"first-screen"
# Share of the processors used by other work between launches above which the
# figures are flagged as unreliable.
BUSY_WARNING = 0.10


@dataclass
class Sample:
    start_ms: float
    pss_kib: int
    rss_kib: int
    processes: list[str]


@dataclass
class App:
    key: str
    label: str
    binary: Path
    data: str | None = None  # "demo", "empty" or None (not Quorum)
    env: dict[str, str] = field(default_factory=dict)  # added to the run's environment
    samples: list[Sample] = field(default_factory=list)
    cold: Sample | None = None


# --- Processes ---------------------------------------------------------------------


def children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces: split after it.
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] == "Z":
            continue
        kids.setdefault(int(fields[1]), []).append(int(entry))
    return kids


def tree(pid: int) -> list[int]:
    kids = children_map()
    seen, todo = [], [pid]
    while todo:
        p = todo.pop()
        seen.append(p)
        todo.extend(kids.get(p, []))
    return seen


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def memory(pids: list[int]) -> tuple[int, int, list[str]]:
    """PSS and RSS sums in KiB, and the names of the processes counted."""
    pss = rss = 0
    names = []
    for pid in pids:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            names.append(Path(f"/proc/{pid}/comm").read_text().strip())
        except OSError:
            continue
        for line in rollup.splitlines():
            key, _, value = line.partition(":")
            if key == "Pss":
                pss += int(value.split()[0])
            elif key == "Rss":
                rss += int(value.split()[0])
    return pss, rss, names


def kill_tree(proc: subprocess.Popen) -> None:
    pids = tree(proc.pid)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    proc.wait()
    deadline = time.monotonic() + 10
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)


# --- Display -----------------------------------------------------------------------


def renice(niceness: int):
    """For Popen: the launched processes (and their children) at this niceness."""
    return (lambda: os.setpriority(os.PRIO_PROCESS, 0, niceness)) if niceness else None


def start_xvfb(niceness: int = 0) -> tuple[subprocess.Popen, str]:
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1400x1000x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        preexec_fn=renice(niceness),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    number = b""
    with os.fdopen(read_fd, "rb") as pipe:
        while not number.endswith(b"\n"):
            chunk = pipe.read(1)
            if not chunk:
                sys.exit("Xvfb n'a pas démarré (paquet xvfb installé ?)")
            number += chunk
    return xvfb, ":" + number.decode().strip()


def screenshot(display: str, path: Path) -> None:
    if shutil.which("import"):
        cmd = ["import", "-display", display, "-window", "root", str(path)]
    elif shutil.which("xwd"):
        path = path.with_suffix(".xwd")
        cmd = ["xwd", "-display", display, "-root", "-silent", "-out", str(path)]
    else:
        print("  (pas de capture : ni import d'ImageMagick ni xwd)", file=sys.stderr, flush=True)
        return
    subprocess.run(cmd, check=False)
    print(f"  capture : {path}", file=sys.stderr)


# --- One launch --------------------------------------------------------------------


def launch(app: App, env: dict, work: Path, demo_dir: Path, args, shot: Path | None) -> Sample:
    cmd = [str(app.binary)]
    if app.data is not None:
        data_dir = Path(tempfile.mkdtemp(prefix="data-", dir=work))
        if app.data == "demo":
            shutil.copytree(demo_dir, data_dir, dirs_exist_ok=True)
        cmd += ["--data-dir", str(data_dir)]
    log = open(work / f"{app.key}.stderr.log", "ab")
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        env={**env, **app.env},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=log,
        start_new_session=True,
        preexec_fn=renice(args.nice),
    )
    try:
        ready = wait_for_ready(proc, args.timeout)
        if ready is None:
            sys.exit(
                f"{app.label} : pas de ligne « first-screen » en {args.timeout} s "
                f"(voir {work / (app.key + '.stderr.log')})"
            )
        start_ms = (ready - started) * 1000
        time.sleep(args.settle)
        pss, rss, names = memory(tree(proc.pid))
        if shot is not None:
            screenshot(env["DISPLAY"], shot)
        return Sample(start_ms, pss, rss, names)
    finally:
        kill_tree(proc)
        log.close()


def wait_for_ready(proc: subprocess.Popen, timeout: float) -> float | None:
    assert proc.stdout is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.perf_counter() + timeout
    buffer = b""
    fd = proc.stdout.fileno()
    while time.perf_counter() < deadline:
        if not sel.select(timeout=deadline - time.perf_counter()):
            break
        chunk = os.read(fd, 4096)
        now = time.perf_counter()
        if not chunk:
            return None  # the app exited
        buffer += chunk
        if any(line.strip() == READY_LINE for line in buffer.split(b"\n")):
            return now
    return None


def cpu_busy_during(seconds: float) -> float:
    """Share of the processors busy while sleeping `seconds`: between two launches,
    that is other work on the machine, which skews the timings."""

    def times() -> tuple[int, int]:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        return sum(values), values[3] + values[4]  # total, idle + iowait

    total0, idle0 = times()
    time.sleep(seconds)
    total1, idle1 = times()
    return 1 - (idle1 - idle0) / max(1, total1 - total0)


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


# --- Report ------------------------------------------------------------------------


def fr(x: float, digits: int = 0) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def mib(kib: float) -> str:
    return fr(kib / 1024, 1) + " Mio"


def verdict(ratio: float) -> str:
    met = "atteint" if ratio <= TARGET else "NON atteint"
    return f"objectif ≤ {fr(TARGET, 1)}× : {met}"


def report(quorum: App, blank: App, warm_runs: int, like: App | None = None) -> None:
    qs, bs = quorum.samples, blank.samples
    q_start = statistics.median(s.start_ms for s in qs)
    b_start = statistics.median(s.start_ms for s in bs)
    q_pss = statistics.median(s.pss_kib for s in qs)
    b_pss = statistics.median(s.pss_kib for s in bs)
    q_rss = statistics.median(s.rss_kib for s in qs)
    b_rss = statistics.median(s.rss_kib for s in bs)
    r = q_start / b_start
    print(
        f"Démarrage jusqu'au premier écran : {quorum.label} {fr(q_start)} ms "
        f"(min {fr(min(s.start_ms for s in qs))}) · fenêtre Tauri vide {fr(b_start)} ms "
        f"(min {fr(min(s.start_ms for s in bs))}) ({fr(r, 2)}×) — {verdict(r)}"
    )
    if like is not None and like.samples:
        l_start = statistics.median(s.start_ms for s in like.samples)
        print(
            f"  à peinture égale (fenêtre vide sans composition accélérée, comme Quorum) : "
            f"{fr(l_start)} ms (min {fr(min(s.start_ms for s in like.samples))}) "
            f"({fr(q_start / l_start, 2)}×) — {verdict(q_start / l_start)}"
        )
    r = q_pss / b_pss
    print(
        f"Mémoire de l'arbre de processus (PSS) : {quorum.label} {mib(q_pss)} · "
        f"fenêtre Tauri vide {mib(b_pss)} ({fr(r, 2)}×) — {verdict(r)} ; "
        f"RSS {mib(q_rss)} · {mib(b_rss)} ({fr(q_rss / b_rss, 2)}×)"
    )
    if like is not None and like.samples:
        l_pss = statistics.median(s.pss_kib for s in like.samples)
        print(
            f"  à peinture égale : fenêtre vide sans composition {mib(l_pss)} "
            f"({fr(q_pss / l_pss, 2)}×) — {verdict(q_pss / l_pss)}"
        )
    if quorum.cold and blank.cold:
        print(
            f"  lancement à froid (cache disque vidé, une fois) : {fr(quorum.cold.start_ms)} ms · "
            f"{fr(blank.cold.start_ms)} ms ({fr(quorum.cold.start_ms / blank.cold.start_ms, 2)}×)"
        )
    procs = ", ".join(sorted(set(qs[-1].processes)))
    print(f"  médianes de {warm_runs} lancements chacun (cache disque chaud) ; processus comptés : {procs}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="launches per app, warm-up included (10)")
    parser.add_argument("--quorum", type=Path, default=ROOT / "target/release/quorum")
    parser.add_argument("--blank", type=Path, default=ROOT / "target/release/quorum-blank-window")
    parser.add_argument("--settle", type=float, default=0.5, help="seconds between first screen and memory sample")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--no-cold", action="store_true", help="skip the launches after emptying the disk cache")
    parser.add_argument("--also-empty", action="store_true", help="also launch Quorum on an empty data folder")
    parser.add_argument(
        "--data",
        type=Path,
        help="data folder whose copy Quorum opens at each launch, instead of the demo council "
        "(e.g. one made by `quorum --data-dir D demo --years 10`)",
    )
    parser.add_argument("--screenshots", type=Path, help="folder for a screenshot of each app at its last sample")
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        help="niceness of Xvfb and the apps, e.g. -10 (root) to keep other work on a shared machine at bay",
    )
    parser.add_argument("--verbose", action="store_true", help="print every launch")
    args = parser.parse_args()
    if args.runs < 2:
        parser.error("--runs: 2 at least (the first is a warm-up)")
    for binary in (args.quorum, args.blank):
        if not binary.is_file():
            sys.exit(f"{binary} manque : `make bench-start` le construit (cargo build --release)")

    work = Path(tempfile.mkdtemp(prefix="quorum-bench-start-"))
    xvfb, display = start_xvfb(args.nice)
    try:
        env = dict(os.environ)
        env.pop("WAYLAND_DISPLAY", None)
        env.update(
            DISPLAY=display,
            GDK_BACKEND="x11",
            QUORUM_BENCH_READY="1",
            XDG_DATA_HOME=str(work / "xdg-data"),
            XDG_CACHE_HOME=str(work / "xdg-cache"),
            XDG_CONFIG_HOME=str(work / "xdg-config"),
        )
        demo_dir = work / "demo-template"
        if args.data:
            demo_dir.mkdir()
            shutil.copy2(args.data / "quorum.sqlite3", demo_dir)
        else:
            subprocess.run(
                [str(args.quorum), "--data-dir", str(demo_dir), "demo"], env=env, check=True, stdout=subprocess.DEVNULL
            )
        quorum = App("quorum", "Quorum", args.quorum, data="demo")
        blank = App("blank", "fenêtre Tauri vide", args.blank)
        # Quorum turns WebKitGTK's accelerated compositing off (src-tauri/src/app.rs);
        # the blank window keeps Tauri's default. This third app is the blank window
        # painting the way Quorum does, so that the report also gives the like-for-like
        # ratio: what Quorum's own work costs, apart from the way of painting.
        like = App(
            "blank-direct",
            "fenêtre Tauri vide sans composition",
            args.blank,
            env={"WEBKIT_DISABLE_COMPOSITING_MODE": "1"},
        )
        apps = [quorum, blank, like]
        if args.also_empty:
            apps.insert(1, App("quorum-empty", "Quorum (dossier vide)", args.quorum, data="empty"))

        if not args.no_cold:
            for app in apps:
                if not drop_caches():
                    print("  (cache disque non vidable ici : pas de mesure à froid)", file=sys.stderr)
                    break
                app.cold = launch(app, env, work, demo_dir, args, None)
                if args.verbose:
                    print(f"  à froid {app.key}: {fr(app.cold.start_ms)} ms", file=sys.stderr)

        idle_busy: list[float] = []
        for round_ in range(args.runs):
            order = apps if round_ % 2 == 0 else list(reversed(apps))
            for app in order:
                shot = None
                if args.screenshots and round_ == args.runs - 1:
                    args.screenshots.mkdir(parents=True, exist_ok=True)
                    shot = args.screenshots / f"start-{app.key}.png"
                sample = launch(app, env, work, demo_dir, args, shot)
                if round_ > 0:
                    app.samples.append(sample)
                if args.verbose:
                    tag = "échauffement" if round_ == 0 else f"tour {round_}"
                    print(
                        f"  {tag} {app.key}: {fr(sample.start_ms)} ms, PSS {mib(sample.pss_kib)}, "
                        f"RSS {mib(sample.rss_kib)} ({len(sample.processes)} processus)",
                        file=sys.stderr,
                    )
                idle_busy.append(cpu_busy_during(0.5))

        report(quorum, blank, args.runs - 1, like)
        for extra in apps:
            if extra.data == "empty":
                report(extra, blank, args.runs - 1, like)
        busy = statistics.median(idle_busy)
        if args.nice:
            print(f"  Xvfb et les applications à la priorité nice {args.nice}", flush=True)
        if busy > BUSY_WARNING:
            print(
                f"  attention : machine occupée par d'autres travaux ({fr(busy * 100)} % du processeur "
                f"entre deux lancements) : chiffres peu fiables, à refaire au repos",
                flush=True,
            )
    finally:
        xvfb.terminate()
        xvfb.wait()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
