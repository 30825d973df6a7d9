use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job deploy {
            except: [schedules],
            rules: [{ when: always }],
            script: ["./deploy"],
        }
    };
}
