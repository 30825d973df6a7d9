//! The workspace's one integration-test binary.

#![allow(
    unreachable_pub,
    reason = "modules of one test binary share helpers with `pub`"
)]

mod conformance;
mod examples;
mod import;
mod macros;
mod plan;
mod real_world;
mod support;

mod psych;
mod roundtrip;
