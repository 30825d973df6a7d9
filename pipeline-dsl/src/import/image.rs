//! Import of `image:` and `services:`.
//!
//! GitLab's schema: an image is a non-empty string or a mapping with `name` (required,
//! non-empty), `entrypoint` (a list of at least one item), `docker: {platform, user}`,
//! `kubernetes: {user}` (a string of 1 to 255 characters, or an integer) and
//! `pull_policy` (`always`, `never`, `if-not-present`, or a non-empty list of them without
//! repeats); no other keys. `services:` is a list (a `!reference` stands for one) of
//! non-empty strings or mappings that add `command` (a script), `alias` and `variables`
//! (job variables), and whose `entrypoint` holds strings.

use crate::model::{
    DockerOptions, Extra, Image, ImageConfig, KubernetesOptions, OrReference, PullPolicies,
    PullPolicy, Service, ServiceConfig, Value,
};

use super::cx::{Cx, FromNode};
use super::node::{Node, NodeKind, Scalar};
use super::{script, variables};

/// The keys of the long form of `image:`.
const IMAGE_KEYS: [&str; 5] = ["name", "entrypoint", "docker", "kubernetes", "pull_policy"];

/// The keys of the long form of a service.
const SERVICE_KEYS: [&str; 8] = [
    "name",
    "entrypoint",
    "docker",
    "kubernetes",
    "pull_policy",
    "command",
    "alias",
    "variables",
];

impl FromNode for Image {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        match &node.kind {
            NodeKind::Scalar(Scalar::Str(_)) => cx.non_empty(node).map(Image::Name),
            NodeKind::Map(_) => image_config(node, cx).map(|c| Image::Config(Box::new(c))),
            _ => cx.expected(node, "an image name or a mapping with `name`"),
        }
    }
}

fn image_config(node: &Node, cx: &mut Cx) -> Option<ImageConfig> {
    let before = cx.diagnostics.len();
    let mut m = cx.map(node, "a mapping with `name`")?;
    let mut config = ImageConfig {
        // A missing `name` is recorded as an error: the default is never returned.
        name: m
            .required(cx, "name", "`image`", |n, cx| cx.non_empty(n))
            .unwrap_or_default(),
        entrypoint: m.with(cx, "entrypoint", |n, cx| match &n.kind {
            NodeKind::Seq(items) if !items.is_empty() => {
                Some(items.iter().map(Node::to_value).collect())
            }
            _ => entrypoint_error(n, cx),
        }),
        docker: m.with(cx, "docker", docker_options),
        kubernetes: m.with(cx, "kubernetes", kubernetes_options),
        pull_policy: m.with(cx, "pull_policy", pull_policies),
        extra: Extra::default(),
    };
    config.extra = m.finish(cx, &IMAGE_KEYS, "`image`");
    (cx.diagnostics.len() == before).then_some(config)
}

/// The error for an `entrypoint` that is not a non-empty list.
fn entrypoint_error<T>(node: &Node, cx: &mut Cx) -> Option<T> {
    match &node.kind {
        NodeKind::Seq(_) => {
            cx.error(
                node.span,
                "expected at least one item in `entrypoint`, found an empty list",
            );
            None
        }
        NodeKind::Reference(_) => {
            cx.error_help(
                node.span,
                "a `!reference` cannot stand for the whole `entrypoint`: this version keeps \
                 `entrypoint` as a written list",
                "write the list out",
            );
            None
        }
        _ => cx.expected(node, "a non-empty list such as `[\"/bin/sh\", \"-c\"]`"),
    }
}

/// `docker: {platform, user}`.
fn docker_options(node: &Node, cx: &mut Cx) -> Option<DockerOptions> {
    let before = cx.diagnostics.len();
    let mut m = cx.map(node, "a mapping with `platform` or `user`")?;
    let options = DockerOptions {
        platform: m.with(cx, "platform", |n, cx| cx.non_empty(n)),
        user: m.with(cx, "user", |n, cx| cx.string_max(n, 1, 255)),
    };
    m.finish_strict(cx, &["platform", "user"], "`docker`");
    (cx.diagnostics.len() == before).then_some(options)
}

/// `kubernetes: {user}` - a name or `UID:GID` of 1 to 255 characters, or a numeric id.
fn kubernetes_options(node: &Node, cx: &mut Cx) -> Option<KubernetesOptions> {
    let before = cx.diagnostics.len();
    let mut m = cx.map(node, "a mapping with `user`")?;
    let options = KubernetesOptions {
        user: m.with(cx, "user", |n, cx| match &n.kind {
            NodeKind::Scalar(Scalar::Str(_)) => cx.string_max(n, 1, 255).map(Value::String),
            NodeKind::Scalar(Scalar::Int(i)) => Some(Value::Int(*i)),
            _ => cx.expected(n, "a user name or a numeric id"),
        }),
    };
    m.finish_strict(cx, &["user"], "`kubernetes`");
    (cx.diagnostics.len() == before).then_some(options)
}

/// `pull_policy:` - one policy, or a non-empty list of different policies.
fn pull_policies(node: &Node, cx: &mut Cx) -> Option<PullPolicies> {
    match &node.kind {
        NodeKind::Seq(_) => {
            let policies = cx.list_len(node, "pull policies", 1, usize::MAX, |n, cx| {
                cx.one_of(n, &PullPolicy::ALL)
            })?;
            cx.unique(node, policies).map(PullPolicies::Many)
        }
        NodeKind::Scalar(Scalar::Str(_)) => {
            cx.one_of(node, &PullPolicy::ALL).map(PullPolicies::One)
        }
        _ => cx.expected(
            node,
            "`always`, `never` or `if-not-present`, or a non-empty list of them",
        ),
    }
}

/// `services:` (a list, or a `!reference`).
pub(crate) fn services(node: &Node, cx: &mut Cx) -> Option<OrReference<Vec<Service>>> {
    match &node.kind {
        NodeKind::Reference(_) => cx.reference(node).map(OrReference::Reference),
        NodeKind::Seq(_) => cx.list(node, "services", service).map(OrReference::Value),
        _ => cx.expected(node, "a list of services"),
    }
}

fn service(node: &Node, cx: &mut Cx) -> Option<Service> {
    match &node.kind {
        NodeKind::Scalar(Scalar::Str(_)) => cx.non_empty(node).map(Service::Name),
        NodeKind::Map(_) => service_config(node, cx).map(|c| Service::Config(Box::new(c))),
        _ => cx.expected(node, "a service image name or a mapping with `name`"),
    }
}

fn service_config(node: &Node, cx: &mut Cx) -> Option<ServiceConfig> {
    let before = cx.diagnostics.len();
    let mut m = cx.map(node, "a mapping with `name`")?;
    let mut config = ServiceConfig {
        // A missing `name` is recorded as an error: the default is never returned.
        name: m
            .required(cx, "name", "a service", |n, cx| cx.non_empty(n))
            .unwrap_or_default(),
        entrypoint: m.with(cx, "entrypoint", |n, cx| match &n.kind {
            NodeKind::Seq(items) if !items.is_empty() => cx.strings(n),
            _ => entrypoint_error(n, cx),
        }),
        docker: m.with(cx, "docker", docker_options),
        kubernetes: m.with(cx, "kubernetes", kubernetes_options),
        pull_policy: m.with(cx, "pull_policy", pull_policies),
        command: m.with(cx, "command", script::script),
        alias: m.with(cx, "alias", |n, cx| cx.non_empty(n)),
        variables: m.with(cx, "variables", variables::job_variables),
        extra: Extra::default(),
    };
    config.extra = m.finish(cx, &SERVICE_KEYS, "a service");
    (cx.diagnostics.len() == before).then_some(config)
}

#[cfg(test)]
#[allow(
    clippy::field_reassign_with_default,
    reason = "expected values are built as users of the non-exhaustive model types build them"
)]
mod tests {
    use super::super::script::test_support::{
        accept, accept_unknown, check_fixtures, job, refuse, refused_with,
    };
    use crate::model::{
        DockerOptions, Image, ImageConfig, KubernetesOptions, OrReference, PullPolicies,
        PullPolicy, Reference, Script, Service, ServiceConfig, Value, Variables,
    };

    fn image(yaml: &str) -> Image {
        job(&format!("j:\n  script: x\n  image: {yaml}\n"), "j")
            .image
            .expect("an image")
    }

    #[test]
    fn short_and_long_forms_are_kept() {
        assert_eq!(image("alpine:3"), Image::Name("alpine:3".into()));
        assert_eq!(
            image("{name: alpine:3}"),
            Image::Config(Box::new(ImageConfig::new("alpine:3")))
        );
        let mut config = ImageConfig::new("a");
        config.entrypoint = Some(vec![Value::from("/bin/sh"), Value::Int(1), Value::Null]);
        let mut docker = DockerOptions::default();
        docker.platform = Some("linux/arm64".into());
        docker.user = Some("u".repeat(255));
        config.docker = Some(docker);
        let mut kubernetes = KubernetesOptions::default();
        kubernetes.user = Some(Value::Int(1001));
        config.kubernetes = Some(kubernetes);
        config.pull_policy = Some(PullPolicies::Many(vec![
            PullPolicy::Always,
            PullPolicy::IfNotPresent,
        ]));
        let written = format!(
            "{{name: a, entrypoint: [/bin/sh, 1, null], docker: {{platform: linux/arm64, user: {}}}, \
             kubernetes: {{user: 1001}}, pull_policy: [always, if-not-present]}}",
            "u".repeat(255)
        );
        assert_eq!(image(&written), Image::Config(Box::new(config)));
        let mut config = ImageConfig::new("a");
        config.pull_policy = Some(PullPolicies::One(PullPolicy::Never));
        let mut kubernetes = KubernetesOptions::default();
        kubernetes.user = Some(Value::from("1001:1001"));
        config.kubernetes = Some(kubernetes);
        assert_eq!(
            image("{name: a, pull_policy: never, kubernetes: {user: 1001:1001}}"),
            Image::Config(Box::new(config))
        );
        assert_eq!(accept("image: a\n").image, Some(Image::Name("a".into())));
        assert_eq!(
            accept("default:\n  image: {name: a}\n")
                .default
                .unwrap()
                .image,
            Some(Image::Config(Box::new(ImageConfig::new("a"))))
        );
    }

    #[test]
    fn image_constraints() {
        refused_with("j:\n  image: ''\n", "jobs.\"j\".image", "non-empty string");
        refused_with(
            "j:\n  image:\n",
            "jobs.\"j\".image",
            "expected an image name or a mapping with `name`, found null",
        );
        refused_with("j:\n  image: [a, b]\n", "jobs.\"j\".image", "found a list");
        refused_with(
            "j:\n  image: 3\n",
            "jobs.\"j\".image",
            "found the integer `3`",
        );
        refused_with(
            "j:\n  image: {entrypoint: [a]}\n",
            "jobs.\"j\".image",
            "`image` needs the key `name`",
        );
        refused_with(
            "j:\n  image: {name: ''}\n",
            "jobs.\"j\".image.name",
            "non-empty string",
        );
        refused_with(
            "j:\n  image: {name: a, entrypoint: a}\n",
            "jobs.\"j\".image.entrypoint",
            "non-empty list",
        );
        refused_with(
            "j:\n  image: {name: a, entrypoint: []}\n",
            "jobs.\"j\".image.entrypoint",
            "at least one item",
        );
        refused_with(
            "j:\n  image: {name: a, entrypoint: !reference [.x, y]}\n",
            "jobs.\"j\".image.entrypoint",
            "`!reference` cannot stand for the whole `entrypoint`",
        );
        refused_with(
            "j:\n  image: {name: a, pull_policy: []}\n",
            "jobs.\"j\".image.pull_policy",
            "at least 1",
        );
        refused_with(
            "j:\n  image: {name: a, pull_policy: [always, always]}\n",
            "jobs.\"j\".image.pull_policy",
            "listed twice",
        );
        let d = refused_with(
            "j:\n  image: {name: a, pull_policy: if_not_present}\n",
            "jobs.\"j\".image.pull_policy",
            "is not one of `always`, `never` or `if-not-present`",
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `if-not-present`?"));
        refused_with(
            "j:\n  image: {name: a, pull_policy: true}\n",
            "jobs.\"j\".image.pull_policy",
            "found the boolean",
        );
        refused_with(
            "j:\n  image: {name: a, docker: }\n",
            "jobs.\"j\".image.docker",
            "found null",
        );
        refused_with(
            "j:\n  image: {name: a, docker: {platform: [a]}}\n",
            "jobs.\"j\".image.docker.platform",
            "expected a string",
        );
        refused_with(
            "j:\n  image: {name: a, docker: {user: ''}}\n",
            "jobs.\"j\".image.docker.user",
            "1 to 255 characters",
        );
        refused_with(
            &format!(
                "j:\n  image: {{name: a, docker: {{user: {}}}}}\n",
                "u".repeat(256)
            ),
            "jobs.\"j\".image.docker.user",
            "found 256 characters",
        );
        refused_with(
            "j:\n  image: {name: a, docker: {usr: a}}\n",
            "jobs.\"j\".image.docker.usr",
            "not a keyword of `docker`",
        );
        refused_with(
            "j:\n  image: {name: a, kubernetes: {user: ''}}\n",
            "jobs.\"j\".image.kubernetes.user",
            "1 to 255",
        );
        refused_with(
            "j:\n  image: {name: a, kubernetes: {user: 1.5}}\n",
            "jobs.\"j\".image.kubernetes.user",
            "a user name or a numeric id",
        );
        refused_with(
            "j:\n  image: {name: a, kubernetes: {x: 1}}\n",
            "jobs.\"j\".image.kubernetes.x",
            "not a keyword of `kubernetes`",
        );
        let d = refused_with(
            "j:\n  image: {name: a, entrypont: [a]}\n",
            "jobs.\"j\".image.entrypont",
            "not a keyword of `image`",
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `entrypoint`?"));
    }

    #[test]
    fn unknown_image_keys_are_kept_when_allowed() {
        let p = accept_unknown("j:\n  script: x\n  image: {name: a, future: 1}\n");
        let Some(Image::Config(config)) = &p.job("j").unwrap().image else {
            panic!("long form expected");
        };
        assert_eq!(config.extra.get("future"), Some(&Value::Int(1)));
    }

    #[test]
    fn services_forms_are_kept() {
        let j = job(
            "j:\n  script: x\n  services:\n    - postgres:16\n    - name: docker:dind\n      alias: d\n      \
             entrypoint: [a]\n      command: [start]\n      variables: {A: '1'}\n      \
             pull_policy: always\n",
            "j",
        );
        let mut config = ServiceConfig::new("docker:dind");
        config.alias = Some("d".into());
        config.entrypoint = Some(vec!["a".into()]);
        config.command = Some(Script::from(["start"]));
        config.variables = Some(Variables::from([("A", "1")]));
        config.pull_policy = Some(PullPolicies::One(PullPolicy::Always));
        assert_eq!(
            j.services,
            Some(OrReference::Value(vec![
                Service::Name("postgres:16".into()),
                Service::Config(Box::new(config))
            ]))
        );
        let j = job(
            "j:\n  script: x\n  services: !reference [.base, services]\n",
            "j",
        );
        assert_eq!(
            j.services,
            Some(OrReference::Reference(Reference::new([
                ".base", "services"
            ])))
        );
        assert_eq!(
            job("j:\n  script: x\n  services: []\n", "j").services,
            Some(OrReference::Value(vec![]))
        );
        assert_eq!(
            accept("services: [a]\n").services,
            Some(OrReference::Value(vec![Service::Name("a".into())]))
        );
    }

    #[test]
    fn services_constraints() {
        refused_with(
            "j:\n  services:\n",
            "jobs.\"j\".services",
            "expected a list of services, found null",
        );
        refused_with(
            "j:\n  services: a\n",
            "jobs.\"j\".services",
            "expected a list of services",
        );
        refused_with(
            "j:\n  services: ['']\n",
            "jobs.\"j\".services[0]",
            "non-empty string",
        );
        refused_with(
            "j:\n  services: [[a]]\n",
            "jobs.\"j\".services[0]",
            "a service image name or a mapping",
        );
        refused_with(
            "j:\n  services: [{alias: a}]\n",
            "jobs.\"j\".services[0]",
            "a service needs the key `name`",
        );
        refused_with(
            "j:\n  services: [{name: a, entrypoint: a}]\n",
            "jobs.\"j\".services[0].entrypoint",
            "non-empty list",
        );
        refused_with(
            "j:\n  services: [{name: a, entrypoint: []}]\n",
            "jobs.\"j\".services[0].entrypoint",
            "at least one item",
        );
        refused_with(
            "j:\n  services: [{name: a, entrypoint: [1]}]\n",
            "jobs.\"j\".services[0].entrypoint[0]",
            "expected a string",
        );
        refused_with(
            "j:\n  services: [{name: a, command: []}]\n",
            "jobs.\"j\".services[0].command",
            "at least one command",
        );
        refused_with(
            "j:\n  services: [{name: a, alias: ''}]\n",
            "jobs.\"j\".services[0].alias",
            "non-empty string",
        );
        refused_with(
            "j:\n  services: [{name: a, pull_policy: []}]\n",
            "jobs.\"j\".services[0].pull_policy",
            "at least 1",
        );
        refused_with(
            "j:\n  services: [{name: a, variables: {A: [1]}}]\n",
            "jobs.\"j\".services[0].variables.A",
            "found a list",
        );
        refused_with(
            "j:\n  services: [{name: a, docker: {x: 1}}]\n",
            "jobs.\"j\".services[0].docker.x",
            "not a keyword",
        );
        refused_with(
            "j:\n  services: [{name: a, kubernetes: {user: ''}}]\n",
            "jobs.\"j\".services[0].kubernetes.user",
            "1 to 255",
        );
        refused_with(
            "j:\n  services: [{name: a, aliases: b}]\n",
            "jobs.\"j\".services[0].aliases",
            "not a keyword of a service",
        );
        // every bad item is reported
        assert_eq!(refuse("j:\n  services: ['', 1, a]\n").len(), 2);
    }

    #[test]
    fn schema_fixtures() {
        check_fixtures(
            &["image.yml", "services.yml"],
            &["image.yml", "services.yml"],
            &["image", "services"],
        );
    }
}
