use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        stages: [build, test],
        job build {
            stage: biuld,
            script: ["make"],
            artefacts: { paths: ["out/"] },
        }
        job test {
            needs: [buld],
            when: manaul,
            script: ["make test"],
        }
    };
}
