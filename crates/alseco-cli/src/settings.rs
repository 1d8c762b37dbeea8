//! Settings: flags, then the environment (both through clap), then the TOML config file,
//! then defaults.

use crate::cli::Global;
use crate::error::{CliError, CliResult};
use alseco_types::soap::SoapVersion;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The config file's keys (all optional).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    endpoint: Option<String>,
    bank_code: Option<String>,
    soap_version: Option<String>,
    /// Seconds (a number) or a duration text (`60s`, `1500ms`).
    timeout: Option<toml::Value>,
    connect_timeout: Option<toml::Value>,
    journal: Option<PathBuf>,
}

/// The settings in force.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) endpoint: Option<String>,
    pub(crate) bank_code: Option<String>,
    pub(crate) soap_version: SoapVersion,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) journal: PathBuf,
}

/// The journal path when none is configured.
pub(crate) const DEFAULT_JOURNAL: &str = "alseco-journal.sqlite";

impl Settings {
    pub(crate) fn resolve(global: &Global) -> CliResult<Settings> {
        let file = match &global.config {
            Some(path) => read_file(path)?,
            None => FileSettings::default(),
        };
        let soap_version = match global
            .soap_version
            .as_deref()
            .or(file.soap_version.as_deref())
        {
            None => SoapVersion::Soap11,
            Some(text) => parse_soap_version(text)?,
        };
        let timeout = match (&global.timeout, &file.timeout) {
            (Some(t), _) => parse_duration(t, "timeout")?,
            (None, Some(v)) => toml_duration(v, "timeout")?,
            (None, None) => Duration::from_secs(60),
        };
        let connect_timeout = match (&global.connect_timeout, &file.connect_timeout) {
            (Some(t), _) => parse_duration(t, "connect timeout")?,
            (None, Some(v)) => toml_duration(v, "connect_timeout")?,
            (None, None) => Duration::from_secs(10),
        };
        Ok(Settings {
            endpoint: global.endpoint.clone().or(file.endpoint),
            bank_code: global.bank_code.clone().or(file.bank_code),
            soap_version,
            timeout,
            connect_timeout,
            journal: global
                .journal
                .clone()
                .or(file.journal)
                .unwrap_or_else(|| PathBuf::from(DEFAULT_JOURNAL)),
        })
    }
}

fn read_file(path: &Path) -> CliResult<FileSettings> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::input(format!("cannot read config file {}: {e}", path.display())))?;
    toml::from_str(&text)
        .map_err(|e| CliError::input(format!("config file {}: {e}", path.display())))
}

fn parse_soap_version(text: &str) -> CliResult<SoapVersion> {
    match text.trim() {
        "1.1" | "11" | "soap11" => Ok(SoapVersion::Soap11),
        "1.2" | "12" | "soap12" => Ok(SoapVersion::Soap12),
        other => Err(CliError::usage(format!(
            "SOAP version `{other}`: expected 1.1 or 1.2"
        ))),
    }
}

/// `60`, `60s`, `1.5s`, `1500ms`, `2m`.
pub(crate) fn parse_duration(text: &str, what: &str) -> CliResult<Duration> {
    let t = text.trim();
    let (number, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60.0)
    } else {
        (t, 1.0)
    };
    number
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && *n > 0.0)
        .map(|n| Duration::from_secs_f64(n * scale))
        .ok_or_else(|| {
            CliError::usage(format!(
                "{what} `{text}`: expected a positive duration such as 60, 60s or 1500ms"
            ))
        })
}

fn toml_duration(value: &toml::Value, key: &str) -> CliResult<Duration> {
    match value {
        toml::Value::Integer(n) => parse_duration(&n.to_string(), key),
        toml::Value::Float(n) => parse_duration(&n.to_string(), key),
        toml::Value::String(s) => parse_duration(s, key),
        _ => Err(CliError::input(format!(
            "config file: `{key}` must be a number of seconds or a duration text"
        ))),
    }
}
