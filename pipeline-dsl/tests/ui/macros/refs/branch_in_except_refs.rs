use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job nightly {
            except: { refs: [branch, schedules] },
            script: ["./nightly"],
        }
    };
}
