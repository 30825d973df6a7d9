use pipeline_dsl::Stages;

#[derive(Stages)]
enum Ci {
    Build,
    #[stage(nmae = "deploy-prod")]
    DeployProd,
}

fn main() {}
