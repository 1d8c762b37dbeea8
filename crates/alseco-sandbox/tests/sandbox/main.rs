//! Integration tests of alseco-sandbox.

mod server;
mod service;
