//! The headless command line. Each subcommand parses its arguments, calls the core,
//! and prints in French; errors go to standard error with a non-zero exit code.

use clap::{Parser, Subcommand};
use quorum_core::{datadir, exchange, format, Error, Result, Store};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "quorum",
    version,
    about = "Quorum — l'outil hors ligne des conseils citoyens.",
    long_about = "Quorum — l'outil hors ligne des conseils citoyens.\n\n\
        Sans commande, ouvre la fenêtre. Avec une commande, travaille sans fenêtre.\n\
        Les données sont dans le dossier donné par --data-dir, sinon par la variable\n\
        QUORUM_DATA_DIR, sinon dans le dossier de données de l'utilisateur."
)]
pub struct Cli {
    /// Dossier des données (par défaut : QUORUM_DATA_DIR, sinon le dossier de l'utilisateur).
    #[arg(long, global = true, value_name = "DOSSIER")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Charge un conseil de démonstration (deux fois de suite n'ajoute rien). Avec
    /// --years, ajoute plutôt un jeu de données volumineux : quatre conseils fictifs sur
    /// ce nombre d'années (réunions, comptes rendus, décisions, actions, agenda, chartes).
    Demo {
        /// Nombre d'années d'historique à générer (de 1 à 30) ; dix années font environ
        /// 2 000 réunions, 20 000 décisions et 50 000 actions.
        #[arg(long, value_name = "ANNÉES")]
        years: Option<u32>,
        /// Graine du générateur : la même graine redonne les mêmes données (2014 par
        /// défaut).
        #[arg(
            long,
            value_name = "NOMBRE",
            default_value_t = 2014,
            requires = "years"
        )]
        seed: u64,
    },
    /// Les conseils.
    #[command(subcommand)]
    Council(CouncilCommand),
    /// Les réunions.
    #[command(subcommand)]
    Meeting(MeetingCommand),
    /// Les membres et leurs données personnelles (RGPD).
    #[command(subcommand)]
    Member(MemberCommand),
    /// Les chartes et règlements intérieurs.
    #[command(subcommand)]
    Charter(CharterCommand),
    /// Le calendrier de concertation : démarches, événements, réunions, avis à rendre.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Exporte des données.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Importe des données.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Les sauvegardes de la base (vérifiées, avec rotation).
    #[command(subcommand)]
    Backup(BackupCommand),
    /// L'archive de passation d'un conseil (pour un autre ordinateur ou le secrétaire suivant).
    #[command(subcommand)]
    Archive(ArchiveCommand),
    /// Cherche dans un conseil : membres, réunions, comptes rendus, décisions, actions,
    /// chartes, agenda (sans tenir compte des accents ni des majuscules).
    Search {
        /// L'identifiant du conseil (voir « quorum council list »).
        #[arg(value_name = "CONSEIL")]
        council_id: uuid::Uuid,
        /// Les mots cherchés (le dernier peut être un début de mot).
        #[arg(value_name = "TEXTE", num_args = 1.., required = true)]
        query: Vec<String>,
        /// Nombre de résultats au plus par catégorie (10 par défaut).
        #[arg(long, value_name = "NOMBRE", default_value_t = 10)]
        limit: u32,
        /// Seulement cette catégorie (avec --limit, jusqu'à 500 résultats) : reunion,
        /// decision, point, action, membre, charte, agenda ou demarche.
        #[arg(long, value_name = "CATÉGORIE")]
        kind: Option<SearchKindArg>,
    },
    /// Affiche où sont les données et la version du schéma.
    Info,
}

#[derive(Subcommand, Debug)]
pub enum CouncilCommand {
    /// Liste les conseils avec leur identifiant.
    List {
        /// Inclut les conseils archivés.
        #[arg(long)]
        all: bool,
    },
    /// L'accueil d'un conseil : prochaines réunions, comptes rendus à adopter, actions
    /// ouvertes et en retard, avis à rendre, points d'attention, dernière sauvegarde.
    Home {
        /// L'identifiant du conseil (voir « quorum council list »).
        #[arg(value_name = "CONSEIL")]
        council_id: uuid::Uuid,
        /// Le jour considéré comme aujourd'hui (AAAA-MM-JJ), pour préparer une réunion à l'avance.
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum MeetingCommand {
    /// Liste les réunions d'un conseil (les plus récentes d'abord) avec leur identifiant.
    List {
        /// L'identifiant du conseil (voir « quorum council list »).
        #[arg(value_name = "CONSEIL")]
        council_id: uuid::Uuid,
    },
}

#[derive(Subcommand, Debug)]
pub enum BackupCommand {
    /// Fait une sauvegarde vérifiée maintenant (dans le dossier des données, ou ailleurs avec --to).
    Create {
        /// Un dossier où copier la sauvegarde, par exemple une clé USB.
        #[arg(long, value_name = "DOSSIER")]
        to: Option<PathBuf>,
    },
    /// Liste les sauvegardes, les plus récentes d'abord.
    List,
    /// Remplace la base par une sauvegarde ; la base actuelle est d'abord mise de côté.
    Restore {
        /// La sauvegarde à restaurer (voir « quorum backup list »).
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum ArchiveCommand {
    /// Écrit toutes les données d'un conseil dans un seul fichier (.quorum).
    Export {
        /// L'identifiant du conseil (voir « quorum council list »).
        #[arg(value_name = "CONSEIL")]
        council_id: uuid::Uuid,
        /// Fichier d'archive à écrire (.quorum).
        #[arg(short, long, value_name = "FICHIER")]
        output: PathBuf,
    },
    /// Fusionne une archive de passation (le plus récent l'emporte, fiche par fiche)
    /// et affiche les conflits.
    Import {
        /// L'archive de passation (.quorum) à fusionner.
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum MemberCommand {
    /// Liste les membres d'un conseil (anciens compris) avec leur identifiant.
    List {
        /// L'identifiant du conseil (voir « quorum council list »).
        #[arg(value_name = "CONSEIL")]
        council_id: uuid::Uuid,
    },
    /// Tout ce que Quorum enregistre sur un membre (droit d'accès) : JSON et/ou PDF.
    Export {
        /// L'identifiant du membre (voir « quorum member list CONSEIL »).
        #[arg(value_name = "MEMBRE")]
        member_id: uuid::Uuid,
        /// Fichier JSON à écrire (par défaut : la sortie standard, sauf si --pdf est donné).
        #[arg(short, long, value_name = "FICHIER")]
        output: Option<PathBuf>,
        /// Version lisible, en PDF.
        #[arg(long, value_name = "FICHIER")]
        pdf: Option<PathBuf>,
    },
    /// Efface le téléphone, le courriel et l'adresse d'un membre (le nom reste).
    ClearContacts {
        /// L'identifiant du membre (voir « quorum member list CONSEIL »).
        #[arg(value_name = "MEMBRE")]
        member_id: uuid::Uuid,
    },
    /// Anonymise un membre sorti du conseil : les comptes rendus passés diront « Membre anonymisé ».
    Anonymise {
        /// L'identifiant du membre (voir « quorum member list CONSEIL »).
        #[arg(value_name = "MEMBRE")]
        member_id: uuid::Uuid,
    },
}

#[derive(Subcommand, Debug)]
pub enum CharterCommand {
    /// Liste les chartes d'un conseil, avec leurs versions et leur identifiant.
    List {
        /// L'identifiant du conseil (voir « quorum council list »).
        #[arg(value_name = "CONSEIL")]
        council_id: uuid::Uuid,
    },
    /// Crée une charte (version 1, en projet) à partir d'un texte brut (.txt).
    Import {
        /// L'identifiant du conseil (voir « quorum council list »).
        #[arg(value_name = "CONSEIL")]
        council_id: uuid::Uuid,
        /// Le texte de la charte (.txt).
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        /// charte-participation, charte-fonctionnement ou reglement-interieur
        /// (par défaut : d'après le titre du texte).
        #[arg(long, value_name = "GENRE")]
        kind: Option<KindArg>,
    },
}

#[derive(Subcommand, Debug)]
pub enum CalendarCommand {
    /// Affiche l'agenda d'un conseil sur une période (par défaut : les 30 prochains jours).
    List {
        /// L'identifiant du conseil (voir « quorum council list »).
        #[arg(value_name = "CONSEIL")]
        council_id: uuid::Uuid,
        /// Premier jour (JJ/MM/AAAA ou AAAA-MM-JJ ; par défaut : aujourd'hui).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Dernier jour (par défaut : 30 jours après le premier).
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
    /// Liste les démarches de concertation d'un conseil, avec leurs phases.
    Demarches {
        /// L'identifiant du conseil (voir « quorum council list »).
        #[arg(value_name = "CONSEIL")]
        council_id: uuid::Uuid,
    },
}

/// The categories of search results, by their French names on the command line.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum SearchKindArg {
    Reunion,
    Decision,
    Point,
    Action,
    Membre,
    Charte,
    Agenda,
    Demarche,
}

impl From<SearchKindArg> for quorum_core::search::SearchKind {
    fn from(k: SearchKindArg) -> Self {
        use quorum_core::search::SearchKind as K;
        match k {
            SearchKindArg::Reunion => K::Meeting,
            SearchKindArg::Decision => K::Decision,
            SearchKindArg::Point => K::AgendaItem,
            SearchKindArg::Action => K::Action,
            SearchKindArg::Membre => K::Member,
            SearchKindArg::Charte => K::CharterSection,
            SearchKindArg::Agenda => K::Event,
            SearchKindArg::Demarche => K::Demarche,
        }
    }
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum KindArg {
    CharteParticipation,
    CharteFonctionnement,
    ReglementInterieur,
}

impl From<KindArg> for quorum_core::charter::CharterKind {
    fn from(k: KindArg) -> Self {
        use quorum_core::charter::CharterKind as K;
        match k {
            KindArg::CharteParticipation => K::CharteParticipation,
            KindArg::CharteFonctionnement => K::CharteFonctionnement,
            KindArg::ReglementInterieur => K::ReglementInterieur,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct MeetingPdfArgs {
    /// L'identifiant de la réunion (voir « quorum meeting list CONSEIL »).
    #[arg(value_name = "REUNION")]
    meeting_id: uuid::Uuid,
    /// Fichier PDF à écrire.
    #[arg(short, long, value_name = "FICHIER")]
    output: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum PdfCommand {
    /// La convocation d'une réunion, avec son ordre du jour et un bon de pouvoir.
    Convocation(MeetingPdfArgs),
    /// La feuille d'émargement : les membres par collège, une case de signature chacun.
    AttendanceSheet(MeetingPdfArgs),
    /// Le compte rendu (« Projet » tant qu'il n'est pas adopté).
    Minutes(MeetingPdfArgs),
    /// Le relevé de décisions d'une réunion.
    Decisions(MeetingPdfArgs),
    /// Le registre des décisions d'un conseil sur une période.
    DecisionsRegister {
        /// L'identifiant du conseil (voir « quorum council list »).
        #[arg(value_name = "CONSEIL")]
        council_id: uuid::Uuid,
        /// Première date incluse (JJ/MM/AAAA ou AAAA-MM-JJ).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Dernière date incluse.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Fichier PDF à écrire.
        #[arg(short, long, value_name = "FICHIER")]
        output: PathBuf,
    },
    /// Une charte : page de titre, sommaire, articles, annexes, page de signatures.
    Charter {
        /// L'identifiant de la charte (voir « quorum charter list CONSEIL »).
        #[arg(value_name = "CHARTE")]
        charter_id: uuid::Uuid,
        /// Numéro de version (par défaut : le projet en cours, sinon la version en vigueur).
        #[arg(long, value_name = "N")]
        version: Option<u32>,
        /// Fichier PDF à écrire.
        #[arg(short, long, value_name = "FICHIER")]
        output: PathBuf,
    },
    /// Un mois du calendrier sur une page A4 à l'italienne, pour le panneau d'affichage.
    Calendar {
        /// L'identifiant du conseil (voir « quorum council list »).
        #[arg(value_name = "CONSEIL")]
        council_id: uuid::Uuid,
        /// Le mois, sous la forme AAAA-MM (par exemple 2026-03).
        #[arg(long, value_name = "AAAA-MM")]
        month: String,
        /// Fichier PDF à écrire.
        #[arg(short, long, value_name = "FICHIER")]
        output: PathBuf,
    },
    /// L'agenda d'une période, jour par jour.
    Agenda {
        /// L'identifiant du conseil (voir « quorum council list »).
        #[arg(value_name = "CONSEIL")]
        council_id: uuid::Uuid,
        /// Premier jour de la période (JJ/MM/AAAA ou AAAA-MM-JJ).
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Dernier jour de la période.
        #[arg(long, value_name = "DATE")]
        to: String,
        /// Fichier PDF à écrire.
        #[arg(short, long, value_name = "FICHIER")]
        output: PathBuf,
    },
    /// Le déroulé d'une démarche de concertation : ses phases et ses événements.
    Timeline {
        /// L'identifiant de la démarche (voir « quorum calendar demarches CONSEIL »).
        #[arg(value_name = "DEMARCHE")]
        demarche_id: uuid::Uuid,
        /// Fichier PDF à écrire.
        #[arg(short, long, value_name = "FICHIER")]
        output: PathBuf,
    },
    /// La comparaison de deux versions d'une charte, article par article.
    CharterDiff {
        /// L'identifiant de la charte (voir « quorum charter list CONSEIL »).
        #[arg(value_name = "CHARTE")]
        charter_id: uuid::Uuid,
        /// La version de départ (la plus ancienne, en général).
        #[arg(long, value_name = "N")]
        from: u32,
        /// La version d'arrivée.
        #[arg(long, value_name = "M")]
        to: u32,
        /// Fichier PDF à écrire.
        #[arg(short, long, value_name = "FICHIER")]
        output: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// Un document PDF.
    #[command(subcommand)]
    Pdf(PdfCommand),
    /// Toute la base au format JSON de Quorum.
    Json {
        /// Fichier à écrire (par défaut : la sortie standard).
        #[arg(short, long, value_name = "FICHIER")]
        output: Option<PathBuf>,
    },
    /// Le calendrier d'un conseil (ou d'une démarche) au format iCalendar (.ics).
    Ics {
        /// L'identifiant du conseil (voir « quorum council list »).
        #[arg(value_name = "CONSEIL")]
        council_id: uuid::Uuid,
        /// Seulement les événements de cette démarche.
        #[arg(long, value_name = "DEMARCHE")]
        demarche: Option<uuid::Uuid>,
        /// Fichier à écrire (par défaut : la sortie standard).
        #[arg(short, long, value_name = "FICHIER")]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Fusionne un export JSON de Quorum (par identifiant ; le plus récent l'emporte).
    Json {
        /// Le fichier JSON exporté par Quorum.
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
    },
    /// Ajoute au calendrier d'un conseil les événements d'un fichier iCalendar (.ics) ;
    /// l'importer de nouveau met à jour sans doublon.
    Ics {
        /// L'identifiant du conseil (voir « quorum council list »).
        #[arg(value_name = "CONSEIL")]
        council_id: uuid::Uuid,
        /// Le fichier iCalendar (.ics) à importer.
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
    },
}

fn meeting_state(m: &quorum_core::meeting::Meeting) -> String {
    use quorum_core::meeting::{MeetingStatus, MinutesStatus};
    match (m.status, m.minutes_status) {
        (MeetingStatus::Annulee, _) => "annulée".into(),
        (MeetingStatus::Prevue, _) => "prévue".into(),
        (MeetingStatus::Tenue, MinutesStatus::Brouillon) => "compte rendu en projet".into(),
        (MeetingStatus::Tenue, MinutesStatus::Diffuse) => "compte rendu diffusé".into(),
        (MeetingStatus::Tenue, MinutesStatus::Adopte) => match m.adopted_on {
            Some(d) => format!("compte rendu adopté le {}", format::date(d)),
            None => "compte rendu adopté".into(),
        },
    }
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// « 2026-03 » → (2026, 3).
fn parse_month(s: &str) -> Result<(i32, u32)> {
    let parsed = chrono::NaiveDate::parse_from_str(&format!("{}-01", s.trim()), "%Y-%m-%d");
    match parsed {
        Ok(d) if format::plausible_date(d) => {
            Ok((chrono::Datelike::year(&d), chrono::Datelike::month(&d)))
        }
        _ => Err(Error::validation(
            "month",
            "Mois non reconnu : écrivez-le sous la forme AAAA-MM (par exemple 2026-03).",
        )),
    }
}

fn period(from: &str, to: &str) -> Result<(chrono::NaiveDate, chrono::NaiveDate)> {
    let mut v = quorum_core::error::Validator::new();
    let a = v.date("from", from);
    let b = v.date("to", to);
    v.finish()?;
    match (a, b) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(Error::validation(
            "from",
            "Indiquez les deux dates de la période.",
        )),
    }
}

fn entry_line(e: &quorum_core::calendar::CalendarEntry) -> String {
    use quorum_core::calendar::Timing;
    let when = match (e.timing, e.start_time, e.end_time) {
        (Timing::Morning, ..) => "matin".to_string(),
        (Timing::Afternoon, ..) => "après-midi".to_string(),
        (Timing::Timed, Some(s), Some(end)) => {
            format!("{} – {}", format::time(s), format::time(end))
        }
        (Timing::Timed, Some(s), None) => format::time(s),
        _ => "journée".to_string(),
    };
    let mut line = format!("{when:<17} {} ({})", e.title, e.kind.label());
    if !e.place.is_empty() {
        line.push_str(&format!(" — {}", e.place));
    }
    if let Some(r) = &e.recurrence {
        line.push_str(&format!(" [{r}]"));
    }
    if e.conflict {
        line.push_str(" [même heure qu'un autre événement]");
    }
    line
}

fn avis_line(a: &quorum_core::calendar::AvisView) -> String {
    let due = format::date(a.request.due_on);
    if a.days_left < 0 {
        format!(
            "Avis « {} » : non rendu, réputé favorable depuis le {due}.",
            a.request.title
        )
    } else {
        format!(
            "Avis « {} » à rendre avant le {due} ({}).",
            a.request.title,
            format::count(a.days_left, "jour restant", "jours restants")
        )
    }
}

fn phase_dates(p: &quorum_core::calendar::Phase) -> String {
    match (p.start_date, p.end_date) {
        (Some(a), Some(b)) => format!("du {} au {}", format::date(a), format::date(b)),
        (Some(a), None) => format!("à partir du {} (fin à définir)", format::date(a)),
        (None, Some(b)) => format!("jusqu'au {} (début à définir)", format::date(b)),
        (None, None) => "dates à définir".to_string(),
    }
}

fn version_line(v: &quorum_core::charter::VersionSummary) -> String {
    use quorum_core::charter::VersionStatus as S;
    let state = match (v.status, v.adopted_on) {
        (S::Brouillon, _) => "en projet".to_string(),
        (S::Adoptee, Some(d)) => format!("en vigueur, adoptée le {}", format::date(d)),
        (S::Adoptee, None) => "en vigueur".to_string(),
        (S::Remplacee, Some(d)) => format!("remplacée (adoptée le {})", format::date(d)),
        (S::Remplacee, None) => "remplacée".to_string(),
    };
    let signatures = if v.signature_count > 0 {
        format!(
            ", {}",
            format::count(v.signature_count.into(), "signature", "signatures")
        )
    } else {
        String::new()
    };
    format!("version {} : {state}{signatures}", v.number)
}

/// Runs one command and returns the process exit code.
pub fn run(data_dir: Option<&Path>, command: Command) -> i32 {
    match execute(data_dir, command) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("Erreur : {}", e.to_text());
            match e {
                Error::Validation(_) | Error::InvalidImport(_) => 2,
                _ => 1,
            }
        }
    }
}

fn open(data_dir: Option<&Path>) -> Result<Store> {
    Store::open_in(&datadir::resolve(data_dir)?.path)
}

fn execute(data_dir: Option<&Path>, command: Command) -> Result<()> {
    match command {
        Command::Demo {
            years: Some(years),
            seed,
        } => {
            let mut store = open(data_dir)?;
            let started = std::time::Instant::now();
            let report = store
                .generate_large_demo(&quorum_core::bigdemo::LargeDemoOptions { years, seed })?;
            let seconds = format!("{:.1}", started.elapsed().as_secs_f64()).replace('.', ",");
            println!(
                "Jeu de démonstration généré : {} sur {} (graine {seed}).\n{}\nDurée : {seconds} s",
                format::count(report.councils.into(), "conseil", "conseils"),
                format::count(years.into(), "an", "ans"),
                report.to_text(),
            );
        }
        Command::Demo { years: None, .. } => {
            let mut store = open(data_dir)?;
            let report = store.load_demo()?;
            let added = report.total().added;
            if added == 0 {
                println!("Le conseil de démonstration est déjà chargé : rien n'a été ajouté.");
            } else {
                println!("Conseil de démonstration chargé.\n{}", report.to_text());
            }
        }
        Command::Council(CouncilCommand::Home { council_id, date }) => {
            let mut store = open(data_dir)?;
            let today = match date {
                Some(text) => {
                    let mut v = quorum_core::error::Validator::new();
                    let day = v.date("date", &text);
                    v.finish()?;
                    day.unwrap_or_else(|| chrono::Local::now().date_naive())
                }
                None => chrono::Local::now().date_naive(),
            };
            print!("{}", store.council_home(council_id, today)?.to_text());
        }
        Command::Council(CouncilCommand::List { all }) => {
            let mut store = open(data_dir)?;
            let councils = store.list_councils(all)?;
            if councils.is_empty() {
                println!("Aucun conseil. Créez-en un dans la fenêtre, ou essayez « quorum demo ».");
            }
            for c in councils {
                let archived = if c.archived { " [archivé]" } else { "" };
                println!(
                    "{}  {} — {} ({}){archived}",
                    c.id,
                    c.name,
                    c.commune,
                    format::count(c.active_members.into(), "membre", "membres")
                );
            }
        }
        Command::Meeting(MeetingCommand::List { council_id }) => {
            let mut store = open(data_dir)?;
            let meetings = store.list_meetings(council_id)?;
            if meetings.is_empty() {
                println!("Aucune réunion pour ce conseil.");
            }
            for m in meetings {
                let when = match m.start_time {
                    Some(t) => format::date_time(m.date, t),
                    None => format::date_long(m.date),
                };
                println!(
                    "{}  {} — {} — {} ({})",
                    m.id,
                    when,
                    m.kind.label(),
                    m.title,
                    meeting_state(&m)
                );
            }
        }
        Command::Member(MemberCommand::List { council_id }) => {
            let mut store = open(data_dir)?;
            let today = today();
            let stale = store.stale_contacts(council_id, today)?;
            for m in store.list_members(council_id)? {
                let state = match m.exit_date {
                    Some(d) if d <= today => format!(" (sorti le {})", format::date(d)),
                    _ => String::new(),
                };
                println!(
                    "{}  {} — {}, {}{state}",
                    m.id,
                    m.display_name(),
                    m.college.label(),
                    m.status.label()
                );
            }
            if !stale.is_empty() {
                println!(
                    "Rappel : {} parti(s) depuis plus de deux ans avec des coordonnées encore enregistrées ({}). Effacez-les avec « quorum member clear-contacts ».",
                    stale.len(),
                    stale.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", ")
                );
            }
        }
        Command::Member(MemberCommand::Export {
            member_id,
            output,
            pdf,
        }) => {
            let mut store = open(data_dir)?;
            if let Some(path) = &pdf {
                exchange::write_atomically(path, &store.member_data_pdf(member_id)?)?;
                eprintln!("Document écrit dans {}", path.display());
            }
            let json = store.member_data_json(member_id)?;
            match (output, pdf.is_some()) {
                (Some(path), _) => {
                    exchange::write_atomically(&path, json.as_bytes())?;
                    eprintln!("Données écrites dans {}", path.display());
                }
                (None, false) => std::io::stdout()
                    .write_all(json.as_bytes())
                    .map_err(|e| Error::io("<sortie standard>", e))?,
                (None, true) => {}
            }
        }
        Command::Member(MemberCommand::ClearContacts { member_id }) => {
            let mut store = open(data_dir)?;
            let m = store.clear_member_contacts(member_id)?;
            println!("Coordonnées de {} effacées.", m.display_name());
        }
        Command::Member(MemberCommand::Anonymise { member_id }) => {
            let mut store = open(data_dir)?;
            store.anonymise_member(member_id, today())?;
            println!(
                "Membre anonymisé : ses présences et signatures passées restent, sans son nom."
            );
        }
        Command::Charter(CharterCommand::List { council_id }) => {
            let mut store = open(data_dir)?;
            let charters = store.list_charters(council_id)?;
            if charters.is_empty() {
                println!("Aucune charte pour ce conseil.");
            }
            for c in charters {
                println!("{}  {} — {}", c.charter.id, c.charter.kind.label(), c.title);
                for v in &c.versions {
                    println!("    {}", version_line(v));
                }
            }
        }
        Command::Charter(CharterCommand::Import {
            council_id,
            file,
            kind,
        }) => {
            let bytes = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
            let text = quorum_core::charter::decode_text(&bytes);
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let notes = quorum_core::charter_text::parse_charter_text(&text).notes;
            let mut store = open(data_dir)?;
            let detail = store.import_charter(council_id, &text, kind.map(Into::into), &name)?;
            let count = |k| {
                detail
                    .sections
                    .iter()
                    .filter(|s| s.section.kind == k)
                    .count()
            };
            use quorum_core::charter::SectionKind as K;
            println!(
                "Charte importée : {} ({}), version 1 en projet.\n{} partie(s), {} article(s), {} annexe(s).\nIdentifiant : {}",
                detail.version.title,
                detail.charter.kind.label(),
                count(K::Part),
                count(K::Article),
                count(K::Annex),
                detail.charter.id
            );
            if !notes.is_empty() {
                println!("À relire ({}) :", notes.len());
                for n in notes {
                    println!("  - {n}");
                }
            }
        }
        Command::Export(ExportCommand::Json { output }) => {
            let mut store = open(data_dir)?;
            let json = store.export_json()?;
            match output {
                Some(path) => {
                    exchange::write_atomically(&path, json.as_bytes())?;
                    eprintln!("Export écrit dans {}", path.display());
                }
                None => std::io::stdout()
                    .write_all(json.as_bytes())
                    .map_err(|e| Error::io("<sortie standard>", e))?,
            }
        }
        Command::Export(ExportCommand::Pdf(which)) => {
            use quorum_core::meeting_docs::MeetingDocument as D;
            let mut store = open(data_dir)?;
            let (bytes, output) = match which {
                PdfCommand::Convocation(a) => {
                    (store.meeting_pdf(a.meeting_id, D::Convocation)?, a.output)
                }
                PdfCommand::AttendanceSheet(a) => (
                    store.meeting_pdf(a.meeting_id, D::AttendanceSheet)?,
                    a.output,
                ),
                PdfCommand::Minutes(a) => (store.meeting_pdf(a.meeting_id, D::Minutes)?, a.output),
                PdfCommand::Decisions(a) => {
                    (store.meeting_pdf(a.meeting_id, D::Decisions)?, a.output)
                }
                PdfCommand::DecisionsRegister {
                    council_id,
                    from,
                    to,
                    output,
                } => {
                    let mut v = quorum_core::error::Validator::new();
                    let from = v.date("from", from.as_deref().unwrap_or(""));
                    let to = v.date("to", to.as_deref().unwrap_or(""));
                    v.finish()?;
                    (store.decisions_register_pdf(council_id, from, to)?, output)
                }
                PdfCommand::Charter {
                    charter_id,
                    version,
                    output,
                } => (store.charter_pdf(charter_id, version)?, output),
                PdfCommand::CharterDiff {
                    charter_id,
                    from,
                    to,
                    output,
                } => (store.charter_diff_pdf(charter_id, from, to)?, output),
                PdfCommand::Calendar {
                    council_id,
                    month,
                    output,
                } => {
                    let (year, month) = parse_month(&month)?;
                    (
                        store.calendar_month_pdf(council_id, year, month, today())?,
                        output,
                    )
                }
                PdfCommand::Agenda {
                    council_id,
                    from,
                    to,
                    output,
                } => {
                    let (from, to) = period(&from, &to)?;
                    (store.agenda_pdf(council_id, from, to, today())?, output)
                }
                PdfCommand::Timeline {
                    demarche_id,
                    output,
                } => (store.demarche_timeline_pdf(demarche_id, today())?, output),
            };
            exchange::write_atomically(&output, &bytes)?;
            eprintln!("Document écrit dans {}", output.display());
        }
        Command::Export(ExportCommand::Ics {
            council_id,
            demarche,
            output,
        }) => {
            let mut store = open(data_dir)?;
            let ics = store.export_ics(council_id, demarche)?;
            match output {
                Some(path) => {
                    exchange::write_atomically(&path, ics.as_bytes())?;
                    eprintln!("Calendrier écrit dans {}", path.display());
                }
                None => std::io::stdout()
                    .write_all(ics.as_bytes())
                    .map_err(|e| Error::io("<sortie standard>", e))?,
            }
        }
        Command::Import(ImportCommand::Ics { council_id, file }) => {
            let bytes = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
            let text = quorum_core::charter::decode_text(&bytes);
            let mut store = open(data_dir)?;
            let report = store.import_ics(council_id, &text)?;
            println!("Import du calendrier terminé.\n{}", report.to_text());
        }
        Command::Calendar(CalendarCommand::List {
            council_id,
            from,
            to,
        }) => {
            let from = match from {
                Some(f) => period(&f, &f)?.0,
                None => today(),
            };
            let to = match to {
                Some(t) => period(&t, &t)?.0,
                None => from + chrono::Duration::days(30),
            };
            let mut store = open(data_dir)?;
            let filter = quorum_core::calendar::CalendarFilter::all();
            let view = store.calendar(council_id, from, to, &filter, today())?;
            if view.entries.is_empty() {
                println!(
                    "Rien au calendrier du {} au {}.",
                    format::date(from),
                    format::date(to)
                );
            }
            let mut day = None;
            for e in &view.entries {
                if day != Some(e.date) {
                    println!("{}", format::date_long(e.date));
                    day = Some(e.date);
                }
                println!("  {}", entry_line(e));
            }
            for a in view.avis.iter().filter(|a| a.request.given_on.is_none()) {
                println!("{}", avis_line(a));
            }
        }
        Command::Calendar(CalendarCommand::Demarches { council_id }) => {
            let mut store = open(data_dir)?;
            let demarches = store.list_demarches(council_id)?;
            if demarches.is_empty() {
                println!("Aucune démarche de concertation pour ce conseil.");
            }
            for d in demarches {
                println!(
                    "{}  {} — {}, {} ({})",
                    d.demarche.id,
                    d.demarche.title,
                    d.demarche.scale.label(),
                    d.demarche.level.label(),
                    d.demarche.status.label()
                );
                for p in &d.phases {
                    println!("    {} : {}", p.title, phase_dates(p));
                }
            }
        }
        Command::Import(ImportCommand::Json { file }) => {
            let text = exchange::read_import_file(&file)?;
            let mut store = open(data_dir)?;
            let report = store.import_json(&text)?;
            println!("Import terminé.\n{}", report.to_text());
        }
        Command::Backup(BackupCommand::Create { to }) => {
            use quorum_core::backup::BackupKind;
            let mut store = open(data_dir)?;
            let info = match to {
                Some(folder) => store.backup_to_folder(&folder)?,
                None => store.backup_now(BackupKind::Manuelle)?,
            };
            println!(
                "Sauvegarde vérifiée : {} ({} Kio).",
                info.path.display(),
                info.size_bytes.div_ceil(1024)
            );
        }
        Command::Backup(BackupCommand::List) => {
            let dir = datadir::resolve(data_dir)?;
            let backups = quorum_core::backup::list_backups(&dir.path)?;
            if backups.is_empty() {
                println!("Aucune sauvegarde dans {}.", dir.path.display());
            }
            for b in backups {
                let local = b.created_at.with_timezone(&chrono::Local);
                use quorum_core::backup::BackupKind as K;
                let kind = match b.kind {
                    K::Automatique => "automatique",
                    K::Manuelle => "manuelle",
                    K::AvantRestauration => "avant restauration",
                    K::AvantMiseAJour => "avant mise à jour",
                };
                println!(
                    "{}  {} à {}  {kind}  {} Kio{}",
                    b.file_name,
                    format::date(local.date_naive()),
                    format::time(local.time()),
                    b.size_bytes.div_ceil(1024),
                    if b.verified { "" } else { "  [ENDOMMAGÉE]" }
                );
            }
        }
        Command::Backup(BackupCommand::Restore { file }) => {
            let dir = datadir::resolve(data_dir)?;
            let aside = quorum_core::backup::restore_backup(&dir.path, &file)?;
            println!("Sauvegarde restaurée.");
            if let Some(path) = aside {
                println!("La base d'avant est gardée dans {}.", path.display());
            }
        }
        Command::Archive(ArchiveCommand::Export { council_id, output }) => {
            let mut store = open(data_dir)?;
            let summary = store.export_archive(council_id, &output)?;
            println!("{}", summary.to_text());
        }
        Command::Archive(ArchiveCommand::Import { file }) => {
            let mut store = open(data_dir)?;
            let report = store.import_archive(&file)?;
            println!("{}", report.to_text());
        }
        Command::Search {
            council_id,
            query,
            limit,
            kind,
        } => {
            let mut store = open(data_dir)?;
            let query = query.join(" ");
            let results = match kind {
                Some(kind) => store.search_kind(council_id, &query, kind.into(), limit)?,
                None => store.search(council_id, &query, limit)?,
            };
            println!("{}", results.to_text());
        }
        Command::Info => {
            let dir = datadir::resolve(data_dir)?;
            let store = Store::open_in(&dir.path)?;
            println!(
                "Dossier des données : {} ({:?})",
                dir.path.display(),
                dir.source
            );
            println!("Base : {}", store.path().display());
            println!("Version du schéma : {}", store.schema_version()?);
        }
    }
    Ok(())
}
