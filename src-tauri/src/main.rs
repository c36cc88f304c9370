//! The `quorum` binary: without a command it opens the window; with one it works
//! headless, so that power users can script it and tests can drive the real code.

// No console window on Windows for the GUI.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod app;
mod cli;
mod cli_fr;
mod commands;

fn main() {
    let args = cli_fr::parse();
    let code = match args.command {
        Some(command) => {
            quiet_on_closed_pipe();
            cli::run(args.data_dir.as_deref(), command)
        }
        None => app::run(args.data_dir.as_deref()),
    };
    std::process::exit(code);
}

/// `quorum search … | head` closes the pipe early: Rust's `println!` then panics.
/// Everything was written that could be read, so leave quietly (as `ls | head` does).
/// Writes to files are atomic and finished before anything is printed.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}
