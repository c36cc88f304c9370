//! The command line's own words in French: clap writes its headings, its help flags and
//! its errors in English, and a secretary typing `quorum demo --seed 3` should read
//! what is wrong in the language of the rest of Quorum. The definitions in `cli.rs`
//! keep their French doc comments; this module reworks what clap adds around them.

use crate::cli::Cli;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

/// Exit code of a command line that could not be understood (as a validation error).
const BAD_INPUT: i32 = 2;

/// clap's default help layout, with French headings.
const HELP_TEMPLATE: &str =
    "{before-help}{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}";

/// Parses the process arguments; prints the help, the version or a French error and
/// exits when that is all there is to do.
pub fn parse() -> Cli {
    parse_from(std::env::args_os()).unwrap_or_else(|code| std::process::exit(code))
}

/// Parses `args` (the program name first). `Err(code)`: something was printed (help,
/// version, error) and the process should end with this code.
pub fn parse_from<I, T>(args: I) -> Result<Cli, i32>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let result = command()
        .try_get_matches_from(args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    result.map_err(|e| match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            // Help and version go to standard output; nothing to do if it is closed.
            let _ = e.print();
            0
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            BAD_INPUT
        }
        _ => {
            eprintln!("{}", error_text(&e));
            BAD_INPUT
        }
    })
}

/// The command tree with French headings and help flags, at every level.
pub fn command() -> Command {
    french(Cli::command()).disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("Affiche la version")
            .help_heading("Options\u{a0}"),
    )
}

fn french(command: Command) -> Command {
    command
        .help_template(HELP_TEMPLATE)
        // clap adds the colon; French puts a (non-breaking) space before it.
        .subcommand_help_heading("Commandes\u{a0}")
        .mut_args(|arg| {
            // clap would add « [default: 10] », « [possible values: …] » in English:
            // each help text says them in French instead.
            let arg = if arg.get_action().takes_values() {
                arg.hide_default_value(true).hide_possible_values(true)
            } else {
                arg
            };
            if arg.get_help_heading().is_some() {
                arg
            } else if arg.is_positional() {
                arg.help_heading("Arguments\u{a0}")
            } else {
                arg.help_heading("Options\u{a0}")
            }
        })
        .subcommand_value_name("COMMANDE")
        // `quorum help council` would print clap's English; `quorum council --help` is
        // the way, and the error for `help` says so.
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Affiche l'aide (un résumé avec -h)")
                .help_heading("Options\u{a0}"),
        )
        .mut_subcommands(french)
}

/// The French text of a command line clap refused, with what to type next.
pub fn error_text(e: &clap::Error) -> String {
    let text = |kind| e.get(kind).map(value_text).unwrap_or_default();
    let arg = text(ContextKind::InvalidArg);
    let value = text(ContextKind::InvalidValue);
    let mut message = match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => format!("il manque la valeur de {arg}"),
        ErrorKind::InvalidValue => format!("la valeur « {value} » n'est pas acceptée pour {arg}"),
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(reason)
                .unwrap_or_else(|| "valeur incorrecte".into());
            format!("la valeur « {value} » n'est pas acceptée pour {arg} : {why}")
        }
        ErrorKind::UnknownArgument => format!("l'option {arg} n'existe pas ici"),
        ErrorKind::InvalidSubcommand => format!(
            "la commande « {} » n'existe pas",
            text(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingRequiredArgument => format!("il manque {arg}"),
        ErrorKind::MissingSubcommand => "il manque une commande".into(),
        ErrorKind::ArgumentConflict => {
            format!("{arg} ne va pas avec {}", text(ContextKind::PriorArg))
        }
        ErrorKind::NoEquals => format!("{arg} s'écrit avec un signe égal (=)"),
        ErrorKind::TooManyValues => format!("trop de valeurs : « {value} » en plus pour {arg}"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("nombre de valeurs incorrect pour {arg}")
        }
        ErrorKind::InvalidUtf8 => "un argument contient des caractères illisibles".into(),
        _ => "la ligne de commande n'a pas été comprise".into(),
    };
    let valid = text(ContextKind::ValidValue);
    if !valid.is_empty() {
        message.push_str(&format!(" (valeurs possibles : {valid})"));
    }
    for kind in [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg] {
        let suggested = text(kind);
        if !suggested.is_empty() {
            message.push_str(&format!(". Vouliez-vous dire « {suggested} » ?"));
        }
    }
    let usage = e
        .get(ContextKind::Usage)
        .map(value_text)
        .map(|u| u.trim().trim_start_matches("Usage:").trim().to_string())
        .unwrap_or_default();
    if !message.ends_with('?') {
        message.push('.');
    }
    let mut out = format!("Erreur : {message}");
    if !usage.is_empty() {
        out.push_str(&format!("\n\nUtilisation : {usage}"));
    }
    out.push_str("\n\nPour en savoir plus : ajoutez --help à la commande.");
    out
}

fn value_text(v: &ContextValue) -> String {
    match v {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(list) => list.join(", "),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(list) => list
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// Why a value was refused, in French for the parsers clap uses here (numbers).
fn reason(source: &(dyn std::error::Error + 'static)) -> String {
    use std::num::IntErrorKind;
    match source
        .downcast_ref::<std::num::ParseIntError>()
        .map(|e| e.kind())
    {
        Some(IntErrorKind::PosOverflow | IntErrorKind::NegOverflow) => "nombre trop grand".into(),
        Some(IntErrorKind::Empty) => "nombre attendu".into(),
        Some(_) => "nombre entier attendu (chiffres seulement)".into(),
        None => source.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(args: &[&str]) -> String {
        let e = command()
            .try_get_matches_from(args)
            .expect_err("the command line should be refused");
        error_text(&e)
    }

    #[test]
    fn the_command_tree_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn errors_are_in_french_with_the_usage() {
        let seed = refused(&["quorum", "demo", "--seed", "3"]);
        assert!(
            seed.starts_with("Erreur : il manque --years <ANNÉES>."),
            "{seed}"
        );
        assert!(seed.contains("Utilisation : quorum demo"), "{seed}");
        assert!(!seed.contains("Usage"), "{seed}");

        let years = refused(&["quorum", "demo", "--years", "dix"]);
        assert!(
            years.contains("« dix » n'est pas acceptée pour --years <ANNÉES> : nombre entier"),
            "{years}"
        );
        let unknown = refused(&["quorum", "frob"]);
        assert!(
            unknown.starts_with("Erreur : la commande « frob » n'existe pas"),
            "{unknown}"
        );
        let typo = refused(&["quorum", "councl"]);
        assert!(typo.contains("Vouliez-vous dire « council » ?"), "{typo}");
        let option = refused(&["quorum", "council", "list", "--frob"]);
        assert!(
            option.starts_with("Erreur : l'option --frob n'existe pas ici"),
            "{option}"
        );
    }

    /// Every command and every argument says what it is: `<CONSEIL>` alone does not
    /// tell where to find a council's identifier.
    #[test]
    fn every_command_and_argument_is_explained() {
        fn walk(command: &Command, path: &str, missing: &mut Vec<String>) {
            for arg in command.get_arguments() {
                if arg.get_help().is_none() {
                    missing.push(format!("{path} {}", arg.get_id()));
                }
            }
            for sub in command.get_subcommands() {
                let path = format!("{path} {}", sub.get_name());
                if sub.get_about().is_none() {
                    missing.push(path.clone());
                }
                walk(sub, &path, missing);
            }
        }
        let mut root = command();
        root.build();
        let mut missing = Vec::new();
        walk(&root, "quorum", &mut missing);
        assert!(missing.is_empty(), "without help: {missing:#?}");
        // …and in French only, clap's own additions too.
        fn english(command: &mut Command, out: &mut Vec<String>) {
            let help = command.render_long_help().to_string();
            for words in ["[default", "[possible values", "[aliases", "[env"] {
                if help.contains(words) {
                    out.push(format!("{}: {words}", command.get_name()));
                }
            }
            for sub in command.get_subcommands_mut() {
                english(sub, out);
            }
        }
        let mut found = Vec::new();
        english(&mut root, &mut found);
        assert!(found.is_empty(), "English in the help: {found:#?}");
    }

    #[test]
    fn help_is_in_french_at_every_level() {
        let mut root = command();
        let help = root.render_long_help().to_string();
        assert!(help.contains("Utilisation : quorum"), "{help}");
        assert!(help.contains("Commandes\u{a0}:"), "{help}");
        assert!(help.contains("Options\u{a0}:"), "{help}");
        assert!(help.contains("Affiche l'aide"), "{help}");
        assert!(help.contains("Affiche la version"), "{help}");
        for english in [
            "Usage:",
            "Print help",
            "Print version",
            "Commands:",
            "Options:",
        ] {
            assert!(!help.contains(english), "{english} in:\n{help}");
        }
        // Built as when parsing, so that the subcommand knows its full name.
        let mut root = command();
        root.build();
        let council = root.find_subcommand_mut("council").expect("council");
        let help = council.render_long_help().to_string();
        assert!(help.contains("Utilisation : quorum council"), "{help}");
        assert!(!help.contains("Print help"), "{help}");
    }
}
