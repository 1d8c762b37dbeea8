//! Test helpers: a real HTTP/1 server on 127.0.0.1 serving a closure.

pub(crate) mod server;
