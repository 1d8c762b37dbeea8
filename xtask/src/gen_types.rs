//! `cargo xtask gen`: the WSDL → `alseco-types/src/generated/` step, and its staleness check
//! (the pattern of rust-analyzer's `ensure_file_contents`).

use alseco_codegen::{GeneratedFile, Options, ResponseAlias};
use serde::Deserialize;
use std::fs;
use std::path::Path;

pub(crate) const WSDL: &str = "schemas/AlsecoPaymentsService.wsdl";
pub(crate) const ALIASES: &str = "schemas/response-aliases.toml";
pub(crate) const OUTPUT_DIR: &str = "crates/alseco-types/src/generated";

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Write,
    Check,
}

#[derive(Deserialize)]
struct AliasFile {
    #[serde(default)]
    alias: Vec<AliasEntry>,
}

#[derive(Deserialize)]
struct AliasEntry {
    operation: String,
    response: String,
    result: String,
}

/// Reads the WSDL and the aliases and generates the modules in memory.
pub(crate) fn generate(root: &Path) -> Result<Vec<GeneratedFile>, String> {
    let wsdl_path = root.join(WSDL);
    let wsdl =
        fs::read_to_string(&wsdl_path).map_err(|e| format!("{}: {e}", wsdl_path.display()))?;
    let service = alseco_wsdl::parse(&wsdl).map_err(|e| format!("{WSDL}:{e}"))?;
    let aliases_path = root.join(ALIASES);
    let aliases = fs::read_to_string(&aliases_path)
        .map_err(|e| format!("{}: {e}", aliases_path.display()))?;
    let aliases: AliasFile = toml::from_str(&aliases).map_err(|e| format!("{ALIASES}: {e}"))?;
    let options = Options {
        aliases: aliases
            .alias
            .into_iter()
            .map(|a| ResponseAlias {
                operation: a.operation,
                response: a.response,
                result: a.result,
            })
            .collect(),
    };
    alseco_codegen::generate(&service, &options).map_err(|e| format!("{WSDL}: {e}"))
}

pub(crate) fn run(root: &Path, mode: Mode) -> Result<(), String> {
    let files = generate(root)?;
    let dir = root.join(OUTPUT_DIR);
    let mut stale = Vec::new();
    for file in &files {
        let path = dir.join(file.name);
        let current = fs::read_to_string(&path).ok();
        if current.as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        stale.push(format!("{OUTPUT_DIR}/{}", file.name));
        if mode == Mode::Write {
            fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            fs::write(&path, &file.contents).map_err(|e| format!("{}: {e}", path.display()))?;
            eprintln!("updated {OUTPUT_DIR}/{}", file.name);
        }
    }
    // A module the generator no longer produces is stale too.
    if let Ok(entries) = fs::read_dir(&dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".rs") && !files.iter().any(|f| f.name == name) {
                stale.push(format!("{OUTPUT_DIR}/{name} (no longer generated)"));
                if mode == Mode::Write {
                    fs::remove_file(entry.path()).map_err(|e| format!("{name}: {e}"))?;
                    eprintln!("removed {OUTPUT_DIR}/{name}");
                }
            }
        }
    }
    match mode {
        Mode::Write => {
            if stale.is_empty() {
                eprintln!("{OUTPUT_DIR} is up to date");
            }
            Ok(())
        }
        Mode::Check if stale.is_empty() => {
            eprintln!("{OUTPUT_DIR} matches {WSDL}");
            Ok(())
        }
        Mode::Check => Err(format!(
            "generated code is stale; run `cargo xtask gen` and commit the result:\n  {}",
            stale.join("\n  ")
        )),
    }
}
