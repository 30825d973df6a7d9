//! The workspace's one integration-test binary.

mod conformance;
mod support;

mod psych;
mod roundtrip;
