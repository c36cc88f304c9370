//! The JSON Schema of the export format is committed in docs/schema/ so that other
//! tools can validate exports; this test fails when the code and the file drift apart.

// Test code: clippy.toml allows unwrap/expect inside #[test] functions only, and
// these files also have helpers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

const SCHEMA_FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../docs/schema/quorum-export.schema.json"
);
const UPDATE_HINT: &str = "run `QUORUM_UPDATE_SCHEMA=1 cargo test -p quorum-core schema` to update it, then commit docs/schema/quorum-export.schema.json";

#[test]
fn export_json_schema_matches_the_committed_file() {
    let path = Path::new(SCHEMA_FILE);
    let current = quorum_core::exchange::json_schema();

    if std::env::var("QUORUM_UPDATE_SCHEMA").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &current).unwrap();
        eprintln!("wrote {}", path.display());
        return;
    }

    let committed = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "cannot read the committed schema {} ({e}); {UPDATE_HINT}",
            path.display()
        )
    });
    // A checkout with Windows line endings is not drift.
    let committed = committed.replace("\r\n", "\n");
    assert!(
        committed == current,
        "the JSON Schema of the export format differs from {}; {UPDATE_HINT}",
        path.display()
    );
}

#[test]
fn export_json_schema_describes_the_document() {
    let schema: serde_json::Value =
        serde_json::from_str(&quorum_core::exchange::json_schema()).unwrap();
    assert_eq!(schema["title"], "Quorum export");
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for field in ["format_version", "generator", "exported_at", "councils"] {
        assert!(
            required.contains(&field),
            "{field} missing from {required:?}"
        );
    }
    let defs = schema["$defs"].as_object().unwrap();
    for def in [
        "CouncilExport",
        "Council",
        "Member",
        "MemberEvent",
        "Guest",
        "QuorumRule",
    ] {
        assert!(defs.contains_key(def), "{def} missing from $defs");
    }
}
