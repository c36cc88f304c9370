//! The baseline of the start-up benchmark (bench/start_memory.py): a Tauri 2 window
//! showing one heading, built with the same Tauri, features, release profile and
//! embedded-frontend set-up as Quorum, and giving the same "first screen shown" signal.

// As Quorum: no console window on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::io::Write;

/// Called once by the page after its first frame (frontend/ready.js), like Quorum's
/// `first_screen_shown`: with `QUORUM_BENCH_READY` set, prints `first-screen`.
#[tauri::command(async)]
fn first_screen_shown() {
    if std::env::var_os("QUORUM_BENCH_READY").is_some() {
        // The benchmark reads this line; nothing to do if stdout is gone.
        let _ = writeln!(std::io::stdout(), "first-screen");
    }
}

fn main() {
    let result = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![first_screen_shown])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Erreur : la fenêtre n'a pas pu s'ouvrir : {e}");
        std::process::exit(1);
    }
}
