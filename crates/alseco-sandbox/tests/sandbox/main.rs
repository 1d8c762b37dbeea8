//! Integration tests of alseco-sandbox.

mod e2e;
mod server;
mod service;
