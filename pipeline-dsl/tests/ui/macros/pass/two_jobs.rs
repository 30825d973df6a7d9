// The smallest useful pipeline: declared stages, a job needing another.
use pipeline_dsl::{Pipeline, emit, pipeline};

fn main() {
    let p: Pipeline = pipeline! {
        stages: [build, test],
        job build_app { stage: build, script: ["cargo build"] }
        job test_app { stage: test, needs: [build_app], script: ["cargo test"] }
    };
    assert_eq!(
        emit::to_string(&p).unwrap(),
        "stages:\n- build\n- test\nbuild_app:\n  stage: build\n  script:\n  - cargo build\n\
         test_app:\n  stage: test\n  needs:\n  - build_app\n  script:\n  - cargo test\n"
    );
}
