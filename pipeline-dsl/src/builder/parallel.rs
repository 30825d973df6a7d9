//! `parallel:matrix` (of a job, or of a need on a parallel job).
//!
//! `.parallel(5)` writes `parallel: 5`; `.parallel_matrix` writes the matrix, one entry
//! per closure call, each mapping variable names to one value or a list.

use indexmap::IndexMap;

use crate::model::{Matrix, MatrixValue, Value};

/// A `matrix:` list: one entry per [`entry`](Self::entry) call.
///
/// # Examples
///
/// ```
/// use pipeline_dsl::{emit, Pipeline};
///
/// let mut p = Pipeline::builder();
/// p.job("deploy", |j| {
///     j.parallel_matrix(|m| {
///         m.entry(|e| e.value("PROVIDER", "aws").values("STACK", ["app", "data"]))
///             .entry(|e| e.value("PROVIDER", "gcp"))
///     })
///     .script("deploy $PROVIDER")
/// });
/// assert_eq!(
///     emit::to_string(&p.build()).unwrap(),
///     "deploy:\n  script:\n  - deploy $PROVIDER\n  parallel:\n    matrix:\n    - PROVIDER: aws\n      \
///      STACK:\n      - app\n      - data\n    - PROVIDER: gcp\n"
/// );
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct MatrixBuilder(Matrix);

impl MatrixBuilder {
    pub(crate) fn from_matrix(matrix: Matrix) -> Self {
        Self(matrix)
    }

    pub(crate) fn into_matrix(self) -> Matrix {
        self.0
    }

    /// Adds one matrix entry: variable names to their values.
    pub fn entry(mut self, f: impl FnOnce(MatrixEntryBuilder) -> MatrixEntryBuilder) -> Self {
        self.0.matrix.push(f(MatrixEntryBuilder::default()).0);
        self
    }
}

/// One `matrix:` entry.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct MatrixEntryBuilder(IndexMap<String, MatrixValue>);

impl MatrixEntryBuilder {
    /// `NAME: value` - one value (a string or a number).
    pub fn value(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.0.insert(name.into(), MatrixValue::One(value.into()));
        self
    }

    /// `NAME: [a, b]` - a list of values; the job runs once per value.
    pub fn values<I, V>(mut self, name: impl Into<String>, values: I) -> Self
    where
        I: IntoIterator<Item = V>,
        V: Into<Value>,
    {
        self.0.insert(
            name.into(),
            MatrixValue::Many(values.into_iter().map(Into::into).collect()),
        );
        self
    }
}

#[cfg(test)]
mod tests {
    use crate::{Pipeline, emit};

    #[test]
    fn builder_parallel_count_and_matrix() {
        let mut p = Pipeline::builder();
        p.job("a", |j| j.parallel(3).script("x"));
        p.job("b", |j| {
            j.parallel_matrix(|m| m.entry(|e| e.values("V", [1_i64, 2])))
                .script("x")
        });
        assert_eq!(
            emit::to_string(&p.build()).unwrap(),
            "a:\n  script:\n  - x\n  parallel: 3\nb:\n  script:\n  - x\n  parallel:\n    matrix:\n    \
             - V:\n      - 1\n      - 2\n"
        );
    }
}
