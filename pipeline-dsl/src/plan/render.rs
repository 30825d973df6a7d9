//! A plan as text (its `Display`), as a Mermaid flowchart and as a Graphviz DOT graph:
//! stages are subgraphs (clusters) in order, needs are edges.

use std::fmt::{self, Write};

use crate::model::When;

use super::{Plan, PlannedJob, Status};

impl Plan {
    /// The stages that have jobs, in order, with their jobs.
    fn stage_groups(&self) -> Vec<(&str, Vec<(usize, &PlannedJob)>)> {
        let mut groups: Vec<(&str, Vec<(usize, &PlannedJob)>)> = Vec::new();
        for (i, job) in self.jobs.iter().enumerate() {
            match groups.last_mut() {
                Some((stage, jobs)) if *stage == job.stage => jobs.push((i, job)),
                _ => groups.push((job.stage.as_str(), vec![(i, job)])),
            }
        }
        groups
    }

    /// Why there is no pipeline, in words.
    fn summary(&self) -> String {
        match self.status {
            Status::Created => format!(
                "pipeline created: {} job(s) in {} stage(s)",
                self.jobs.len(),
                self.stage_groups().len()
            ),
            Status::FilteredByWorkflow => "no pipeline: filtered out by workflow rules".into(),
            Status::NoJobs => "no pipeline: no job is created for this context".into(),
            Status::OnlyPrePost => {
                "no pipeline: only .pre and .post jobs would run, and GitLab runs no such pipeline"
                    .into()
            }
            Status::Failed => format!(
                "pipeline not created: GitLab reports {} error(s)",
                self.errors.len()
            ),
        }
    }

    /// The plan as a Mermaid flowchart: one subgraph per stage, in order, and an arrow per need.
    ///
    /// ```
    /// use pipeline_dsl::plan::Context;
    ///
    /// let yaml = "build:\n  stage: build\n  script: [make]\ntest:\n  needs: [build]\n  script: [make test]\n";
    /// let plan = pipeline_dsl::import::from_str(yaml)?.pipeline.plan(&Context::push_branch("main"));
    /// let mermaid = plan.to_mermaid();
    /// assert!(mermaid.starts_with("flowchart LR\n"));
    /// assert!(mermaid.contains("subgraph s0[\"build\"]"));
    /// assert!(mermaid.contains("j0 --> j1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_mermaid(&self) -> String {
        let mut out = String::from("flowchart LR\n");
        let _ = writeln!(out, "  %% {}", self.summary());
        let groups = self.stage_groups();
        for (s, (stage, jobs)) in groups.iter().enumerate() {
            let _ = writeln!(out, "  subgraph s{s}[\"{}\"]", mermaid_text(stage));
            for (i, job) in jobs {
                let _ = writeln!(out, "    j{i}[\"{}\"]", mermaid_text(&label(job)));
            }
            out.push_str("  end\n");
        }
        for s in 1..groups.len() {
            let _ = writeln!(out, "  s{} ~~~ s{s}", s - 1);
        }
        self.for_each_edge(|from, to| {
            let _ = writeln!(out, "  j{from} --> j{to}");
        });
        out
    }

    /// The plan as a Graphviz DOT graph: one cluster per stage, in order, and an edge per need.
    ///
    /// ```
    /// use pipeline_dsl::plan::Context;
    ///
    /// let yaml = "build:\n  stage: build\n  script: [make]\ntest:\n  needs: [build]\n  script: [make test]\n";
    /// let plan = pipeline_dsl::import::from_str(yaml)?.pipeline.plan(&Context::push_branch("main"));
    /// let dot = plan.to_dot();
    /// assert!(dot.starts_with("digraph pipeline {\n"));
    /// assert!(dot.contains("subgraph cluster_0 {"));
    /// assert!(dot.contains("j0 -> j1;"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_dot(&self) -> String {
        let mut out = String::from("digraph pipeline {\n");
        let _ = writeln!(out, "  // {}", self.summary());
        out.push_str("  rankdir=LR;\n  node [shape=box];\n");
        let groups = self.stage_groups();
        for (s, (stage, jobs)) in groups.iter().enumerate() {
            let _ = writeln!(out, "  subgraph cluster_{s} {{");
            let _ = writeln!(out, "    label=\"{}\";", dot_text(stage));
            for (i, job) in jobs {
                let style = match job.when {
                    When::Manual | When::Delayed => ", style=dashed",
                    _ => "",
                };
                let _ = writeln!(
                    out,
                    "    j{i} [label=\"{}\"{style}];",
                    dot_text(&label(job))
                );
            }
            out.push_str("  }\n");
        }
        // Invisible edges keep the stages in order from left to right.
        for pair in groups.windows(2) {
            if let (Some((a, _)), Some((b, _))) = (pair[0].1.first(), pair[1].1.first()) {
                let _ = writeln!(out, "  j{a} -> j{b} [style=invis];");
            }
        }
        self.for_each_edge(|from, to| {
            let _ = writeln!(out, "  j{from} -> j{to};");
        });
        out.push_str("}\n");
        out
    }

    /// Calls `edge(from, to)` for every need, as positions in [`Plan::jobs`].
    fn for_each_edge(&self, mut edge: impl FnMut(usize, usize)) {
        for (to, job) in self.jobs.iter().enumerate() {
            for need in &job.needs {
                if let Some(from) = self.jobs.iter().position(|j| j.name == *need) {
                    edge(from, to);
                }
            }
        }
    }
}

/// A job's name with what is special about it.
fn label(job: &PlannedJob) -> String {
    let mut notes = Vec::new();
    if job.when != When::OnSuccess {
        notes.push(job.when.as_str().to_owned());
    }
    if job.allow_failure {
        notes.push("allowed to fail".to_owned());
    }
    if notes.is_empty() {
        job.name.to_string()
    } else {
        format!("{} ({})", job.name, notes.join(", "))
    }
}

fn mermaid_text(text: &str) -> String {
    text.replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
}

fn dot_text(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

impl fmt::Display for Plan {
    /// A readable listing: one line per job under its stage, then the errors.
    ///
    /// ```
    /// use pipeline_dsl::plan::Context;
    ///
    /// let yaml = "deploy:\n  stage: deploy\n  script: [make]\n  when: manual\n";
    /// let plan = pipeline_dsl::import::from_str(yaml)?.pipeline.plan(&Context::push_branch("main"));
    /// assert_eq!(
    ///     plan.to_string(),
    ///     "pipeline created: 1 job(s) in 1 stage(s)\n\
    ///      deploy:\n  deploy  manual, allowed to fail\n"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.summary())?;
        if let Some(name) = &self.name {
            writeln!(f, "name: {name}")?;
        }
        let width = self
            .jobs
            .iter()
            .map(|j| j.name.chars().count())
            .max()
            .unwrap_or(0);
        for (stage, jobs) in self.stage_groups() {
            writeln!(f, "{stage}:")?;
            for (_, job) in jobs {
                let mut line = job.when.as_str().to_owned();
                if let Some(start_in) = &job.start_in
                    && job.when == When::Delayed
                {
                    let _ = write!(line, " ({start_in})");
                }
                if job.allow_failure {
                    line.push_str(", allowed to fail");
                }
                if job.uses_needs {
                    let _ = write!(line, ", needs: [{}]", job.needs.join(", "));
                }
                writeln!(f, "  {:width$}  {line}", job.name)?;
            }
        }
        for error in &self.errors {
            writeln!(f, "error: {error}")?;
        }
        Ok(())
    }
}
