//! The workspace's one integration-test binary.

mod conformance;
mod examples;
mod support;

mod psych;
mod roundtrip;
