//! Integration tests of `alseco-types`: the spec's examples, round trips, and hostile input.

mod fixtures;
mod hostile;
mod roundtrip;
mod support;
