//! A stateful emulator of ALSECO's payments web service, so that an integration can be
//! run and tested on any machine: the real service only answers allow-listed bank IPs.
//!
//! - [`banks`]: bank codes, branches and allowed client addresses;
//! - [`clock`]: a controllable clock;
//! - [`dataset`]: a deterministic, seeded set of accounts, services, tariffs and invoices;
//! - [`service`]: the service itself — every method of the generated
//!   `alseco_types::server::AlsecoPaymentsService` trait, over a payment ledger;
//! - [`server`]: the HTTP(S) front (SOAP 1.1 and 1.2, `?wsdl`, IP allow-list, fault injection);
//! - [`faults`]: seeded, per-method fault plans (delay, drop after commit, HTTP 500, SOAP
//!   fault, truncated body) and their command-line grammar.
//!
//! From the command line: `cargo run -p alseco-sandbox -- --listen 127.0.0.1:8080`. In a test:
//!
//! ```
//! use alseco_client::{Client, ClientConfig};
//! use alseco_client::transport::Endpoint;
//! use alseco_sandbox::server::{ServerConfig, serve};
//! use alseco_sandbox::{Sandbox, SandboxConfig};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let sandbox = Sandbox::new(SandboxConfig::default());
//! let server = serve(sandbox.clone(), ServerConfig::default()).await?;
//!
//! let client = Client::new(ClientConfig::new(Endpoint::parse(&server.url())?, "ALSC"))?;
//! assert_eq!(client.get_current_period().await?, sandbox.current_period());
//! let invoices = client.get_invoices_by_accounts_last_vers(&[600000]).await?;
//! assert_eq!(invoices[0].input_value, 600000);
//!
//! server.shutdown().await;
//! # Ok(())
//! # }
//! ```

pub mod banks;
pub mod clock;
pub mod dataset;
pub mod faults;
mod pdf;
pub mod server;
pub mod service;

pub use service::{Sandbox, SandboxConfig};
