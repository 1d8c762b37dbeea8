//! Project automation, run as `cargo xtask <command>`.
//!
//! - `cargo xtask gen` regenerates `crates/alseco-types/src/generated/` from
//!   `schemas/AlsecoPaymentsService.wsdl` (and `schemas/response-aliases.toml`), writing
//!   only the files whose contents change;
//! - `cargo xtask gen --check` writes nothing and fails, naming the stale files, when the
//!   committed code does not match the WSDL;
//! - `cargo xtask chaos --payments N --fault-rate R --seed S` runs the payment guard against
//!   the sandbox under injected faults and crashes, and fails unless no payment was lost,
//!   duplicated, left pending or mismatched.

mod chaos;
mod gen_types;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["gen"] => gen_types::run(&workspace_root(), gen_types::Mode::Write),
        ["gen", "--check"] => gen_types::run(&workspace_root(), gen_types::Mode::Check),
        ["chaos", ..] => chaos::run(&workspace_root(), &args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask gen [--check] | cargo xtask chaos [--payments N] [--fault-rate R] [--seed S]"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(PathBuf::from)
        .unwrap_or(manifest_dir)
}
