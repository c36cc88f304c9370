//! The `quorum` binary: without a command it opens the window; with one it works
//! headless, so that power users can script it and tests can drive the real code.

// No console window on Windows for the GUI.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod app;
mod cli;
mod commands;

use clap::Parser;

fn main() {
    let args = cli::Cli::parse();
    let code = match args.command {
        Some(command) => cli::run(args.data_dir.as_deref(), command),
        None => app::run(args.data_dir.as_deref()),
    };
    std::process::exit(code);
}
