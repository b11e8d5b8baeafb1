//! `schemas/*.json` are generated from the code; this fails when they drift.
//! Regenerate with `CORPUSMILL_UPDATE_SCHEMAS=1 cargo test --test schemas`.

use std::path::Path;

use corpusmill::schema;

#[test]
fn schema_files_match_the_code() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let update = std::env::var_os("CORPUSMILL_UPDATE_SCHEMAS").is_some();
    for config in ["documents", "sentences", "removed"] {
        let Some(arrow) = schema::by_config(config) else {
            panic!("no schema for {config}");
        };
        let mut value = schema::to_json(&arrow);
        value["format_version"] = corpusmill::FORMAT_VERSION.into();
        value["config"] = config.into();
        let expected = format!(
            "{}\n",
            serde_json::to_string_pretty(&value).expect("a schema serializes")
        );
        let path = dir.join(format!("{config}.json"));
        if update {
            std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            std::fs::write(&path, &expected).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        let actual =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            actual,
            expected,
            "{} drifted from the code; regenerate it",
            path.display()
        );
    }
}
