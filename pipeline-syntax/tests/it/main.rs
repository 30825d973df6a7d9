//! The integration tests of `pipeline-syntax`, as one binary: GitLab conformance data read in
//! place from `../shared/gitlab-ci`, behaviour tests per module, and property tests.

mod conformance;
mod expr;
mod image;
mod names;
mod predefined;
mod properties;
mod refs;
mod support;
