// A syntax error is reported alone: the splices' variables do not become unused.
use pipeline_dsl::pipeline;

fn main() {
    let lines = vec!["make".to_owned()];
    let _ = pipeline! {
        job build { script #(lines) }
    };
}
