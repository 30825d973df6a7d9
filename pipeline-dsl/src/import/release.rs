//! Import of `release:`.
//!
//! GitLab's schema: a mapping with `tag_name` and `description` (required, non-empty),
//! `tag_message`, `name`, `ref` (strings), `milestones` (a list of strings), `released_at`
//! (an ISO 8601 date and time, `YYYY-MM-DDThh:mm:ss` then `Z` or `+hh:mm`, with real
//! calendar dates) and `assets: {links}` (at least one link `{name, url, filepath,
//! link_type}`, `name` and `url` required and non-empty, `link_type` one of `runbook`,
//! `package`, `image`, `other`); no other keys anywhere.

use crate::model::{Release, ReleaseAssets, ReleaseLink};

use super::cx::{Cx, FromNode};
use super::node::Node;

/// The keys of `release:`.
const RELEASE_KEYS: [&str; 8] = [
    "tag_name",
    "tag_message",
    "description",
    "name",
    "ref",
    "milestones",
    "released_at",
    "assets",
];

/// The keys of one asset link.
const LINK_KEYS: [&str; 4] = ["name", "url", "filepath", "link_type"];

impl FromNode for Release {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        let before = cx.diagnostics.len();
        let mut m = cx.map(node, "a mapping with `tag_name` and `description`")?;
        // A missing `tag_name` or `description` is recorded as an error: the defaults are
        // never returned.
        let release = Release {
            tag_name: m
                .required(cx, "tag_name", "`release`", |n, cx| cx.non_empty(n))
                .unwrap_or_default(),
            tag_message: m.get(cx, "tag_message"),
            description: m
                .required(cx, "description", "`release`", |n, cx| cx.non_empty(n))
                .unwrap_or_default(),
            name: m.get(cx, "name"),
            git_ref: m.get(cx, "ref"),
            milestones: m.get(cx, "milestones"),
            released_at: m.with(cx, "released_at", released_at),
            assets: m.with(cx, "assets", assets),
        };
        m.finish_strict(cx, &RELEASE_KEYS, "`release`");
        (cx.diagnostics.len() == before).then_some(release)
    }
}

/// `released_at:` - checked by [`iso_date_time`].
fn released_at(node: &Node, cx: &mut Cx) -> Option<String> {
    let s = cx.string(node)?;
    if iso_date_time(&s) {
        return Some(s);
    }
    cx.error_help(
        node.span,
        format!(
            "expected an ISO 8601 date and time such as `2024-01-31T12:00:00Z`, found `{}`",
            s.escape_debug()
        ),
        "GitLab's schema wants `YYYY-MM-DDThh:mm:ss` with a real date, then `Z` or an offset \
         `+hh:mm`, and no fraction of a second",
    );
    None
}

/// `assets: {links: [...]}`.
fn assets(node: &Node, cx: &mut Cx) -> Option<ReleaseAssets> {
    let before = cx.diagnostics.len();
    let mut m = cx.map(node, "a mapping with `links`")?;
    let assets = ReleaseAssets {
        // A missing `links` is recorded as an error: the default is never returned.
        links: m
            .required(cx, "links", "`release:assets`", |n, cx| {
                cx.list_len(n, "links", 1, usize::MAX, link)
            })
            .unwrap_or_default(),
    };
    m.finish_strict(cx, &["links"], "`release:assets`");
    (cx.diagnostics.len() == before).then_some(assets)
}

fn link(node: &Node, cx: &mut Cx) -> Option<ReleaseLink> {
    let before = cx.diagnostics.len();
    let mut m = cx.map(node, "a mapping with `name` and `url`")?;
    // A missing `name` or `url` is recorded as an error: the defaults are never returned.
    let link = ReleaseLink {
        name: m
            .required(cx, "name", "a release link", |n, cx| cx.non_empty(n))
            .unwrap_or_default(),
        url: m
            .required(cx, "url", "a release link", |n, cx| cx.non_empty(n))
            .unwrap_or_default(),
        filepath: m.get(cx, "filepath"),
        link_type: m.with(cx, "link_type", |n, cx| {
            cx.enum_string(n, &["runbook", "package", "image", "other"])
        }),
    };
    m.finish_strict(cx, &LINK_KEYS, "a release link");
    (cx.diagnostics.len() == before).then_some(link)
}

/// The schema's `released_at` pattern, by hand:
/// `YYYY-MM-DDThh:mm:ss(Z|[+-]hh:mm)` where the year is 1000 to 9999, the date exists
/// (29 February only in leap years), the hour is 00 to 23, minutes and seconds 00 to 59,
/// and the offset hour 00 to 19.
fn iso_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(range)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let (Some(hour), Some(minute), Some(second)) = (digits(11..13), digits(14..16), digits(17..19))
    else {
        return false;
    };
    if !(at(4, b'-') && at(7, b'-') && at(10, b'T') && at(13, b':') && at(16, b':')) {
        return false;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if year < 1000 || day == 0 || day > days || hour > 23 || minute > 59 || second > 59 {
        return false;
    }
    match &b[19..] {
        b"Z" => true,
        [b'+' | b'-', ..] if b.len() == 25 => {
            at(22, b':')
                && digits(20..22).is_some_and(|h| h <= 19)
                && digits(23..25).is_some_and(|m| m <= 59)
        }
        _ => false,
    }
}

#[cfg(test)]
#[allow(
    clippy::field_reassign_with_default,
    reason = "expected values are built as users of the non-exhaustive model types build them"
)]
mod tests {
    use super::super::script::test_support::{
        check_fixtures, fixture_dir, job, refuse, refused_with, units,
    };
    use super::iso_date_time;
    use crate::model::{Release, ReleaseAssets, ReleaseLink};

    fn release(yaml: &str) -> Release {
        job(&format!("j:\n  script: x\n  release: {yaml}\n"), "j")
            .release
            .map(|r| *r)
            .expect("a release")
    }

    #[test]
    fn all_keys() {
        let r = release(
            "{tag_name: v1, tag_message: m, description: d, name: n, ref: main, \
             milestones: [m1, m2], released_at: '2024-02-29T23:59:59+01:00', \
             assets: {links: [{name: bin, url: 'https://x', filepath: /bin/x, link_type: package}, \
             {name: doc, url: u}]}}",
        );
        let mut expected = Release::default();
        expected.tag_name = "v1".into();
        expected.tag_message = Some("m".into());
        expected.description = "d".into();
        expected.name = Some("n".into());
        expected.git_ref = Some("main".into());
        expected.milestones = Some(vec!["m1".into(), "m2".into()]);
        expected.released_at = Some("2024-02-29T23:59:59+01:00".into());
        let mut bin = ReleaseLink::default();
        bin.name = "bin".into();
        bin.url = "https://x".into();
        bin.filepath = Some("/bin/x".into());
        bin.link_type = Some("package".into());
        let mut doc = ReleaseLink::default();
        doc.name = "doc".into();
        doc.url = "u".into();
        let mut assets = ReleaseAssets::default();
        assets.links = vec![bin, doc];
        expected.assets = Some(assets);
        assert_eq!(r, expected);
        let r = release("{tag_name: $CI_COMMIT_TAG, description: ./CHANGELOG.md}");
        assert_eq!(
            (r.tag_name.as_str(), r.description.as_str()),
            ("$CI_COMMIT_TAG", "./CHANGELOG.md")
        );
    }

    #[test]
    fn released_at_pattern() {
        for ok in [
            "2024-01-31T12:00:00Z",
            "1000-12-31T00:00:00Z",
            "9999-06-30T23:59:59-19:59",
            "2000-02-29T00:00:00Z",
            "2024-02-29T00:00:00+00:00",
        ] {
            assert!(iso_date_time(ok), "{ok}");
        }
        for bad in [
            "",
            "2024-01-31",
            "2024-01-31T12:00Z",
            "2024-01-31 12:00:00Z",
            "2024-01-31T12:00:00",
            "2024-01-31T12:00:00.5Z",
            "2024-01-31T12:00:00z",
            "2024-01-31T12:00:00Z\n",
            "0999-01-01T00:00:00Z",
            "2024-00-10T00:00:00Z",
            "2024-13-10T00:00:00Z",
            "2024-04-31T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2024-01-00T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T00:60:00Z",
            "2024-01-01T00:00:60Z",
            "2024-01-01T00:00:00+20:00",
            "2024-01-01T00:00:00+01:60",
            "2024-01-01T00:00:00+0100",
            "2024-01-01T00:00:00+01:000",
            "2024-1-01T00:00:00Z",
            "+2024-01-01T00:00:00Z",
            "２０２４-01-01T00:00:00Z",
        ] {
            assert!(!iso_date_time(bad), "{bad}");
        }
        let d = refused_with(
            "j:\n  release: {tag_name: v, description: d, released_at: '2023-02-29T00:00:00Z'}\n",
            "jobs.\"j\".release.released_at",
            "expected an ISO 8601 date and time such as `2024-01-31T12:00:00Z`, found `2023-02-29T00:00:00Z`",
        );
        assert!(d.help.is_some());
    }

    #[test]
    fn constraints() {
        let doc = |y: &str| format!("j:\n  script: x\n  release: {y}\n");
        refused_with(
            &doc(""),
            "jobs.\"j\".release",
            "a mapping with `tag_name` and `description`, found null",
        );
        refused_with(&doc("v1"), "jobs.\"j\".release", "found the string `v1`");
        refused_with(
            &doc("{description: d}"),
            "jobs.\"j\".release",
            "`release` needs the key `tag_name`",
        );
        refused_with(
            &doc("{tag_name: t}"),
            "jobs.\"j\".release",
            "`release` needs the key `description`",
        );
        refused_with(
            &doc("{tag_name: '', description: d}"),
            "jobs.\"j\".release.tag_name",
            "non-empty",
        );
        refused_with(
            &doc("{tag_name: t, description: ''}"),
            "jobs.\"j\".release.description",
            "non-empty",
        );
        refused_with(
            &doc("{tag_name: 1, description: d}"),
            "jobs.\"j\".release.tag_name",
            "expected a string",
        );
        refused_with(
            &doc("{tag_name: t, description: d, name: 1}"),
            "jobs.\"j\".release.name",
            "expected a string",
        );
        refused_with(
            &doc("{tag_name: t, description: d, ref: [a]}"),
            "jobs.\"j\".release.ref",
            "expected a string",
        );
        refused_with(
            &doc("{tag_name: t, description: d, tag_message: {}}"),
            "jobs.\"j\".release.tag_message",
            "expected a string",
        );
        refused_with(
            &doc("{tag_name: t, description: d, milestones: m}"),
            "jobs.\"j\".release.milestones",
            "a list of strings",
        );
        refused_with(
            &doc("{tag_name: t, description: d, milestones: [1]}"),
            "jobs.\"j\".release.milestones[0]",
            "expected a string",
        );
        refused_with(
            &doc("{tag_name: t, description: d, released_at: 1}"),
            "jobs.\"j\".release.released_at",
            "expected a string",
        );
        refused_with(
            &doc("{tag_name: t, description: d, assets: }"),
            "jobs.\"j\".release.assets",
            "found null",
        );
        refused_with(
            &doc("{tag_name: t, description: d, assets: {}}"),
            "jobs.\"j\".release.assets",
            "`release:assets` needs the key `links`",
        );
        refused_with(
            &doc("{tag_name: t, description: d, assets: {links: []}}"),
            "jobs.\"j\".release.assets.links",
            "at least 1",
        );
        refused_with(
            &doc("{tag_name: t, description: d, assets: {links: [a]}}"),
            "jobs.\"j\".release.assets.links[0]",
            "a mapping with `name` and `url`",
        );
        refused_with(
            &doc("{tag_name: t, description: d, assets: {links: [{url: u}]}}"),
            "jobs.\"j\".release.assets.links[0]",
            "a release link needs the key `name`",
        );
        refused_with(
            &doc("{tag_name: t, description: d, assets: {links: [{name: n}]}}"),
            "jobs.\"j\".release.assets.links[0]",
            "a release link needs the key `url`",
        );
        refused_with(
            &doc("{tag_name: t, description: d, assets: {links: [{name: '', url: u}]}}"),
            "jobs.\"j\".release.assets.links[0].name",
            "non-empty",
        );
        refused_with(
            &doc("{tag_name: t, description: d, assets: {links: [{name: n, url: ''}]}}"),
            "jobs.\"j\".release.assets.links[0].url",
            "non-empty",
        );
        refused_with(
            &doc(
                "{tag_name: t, description: d, assets: {links: [{name: n, url: u, filepath: 1}]}}",
            ),
            "jobs.\"j\".release.assets.links[0].filepath",
            "expected a string",
        );
        let d = refused_with(
            &doc(
                "{tag_name: t, description: d, assets: {links: [{name: n, url: u, link_type: packages}]}}",
            ),
            "jobs.\"j\".release.assets.links[0].link_type",
            "`packages` is not one of `runbook`, `package`, `image` or `other`",
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `package`?"));
        refused_with(
            &doc("{tag_name: t, description: d, assets: {links: [{name: n, url: u, type: x}]}}"),
            "jobs.\"j\".release.assets.links[0].type",
            "not a keyword of a release link",
        );
        refused_with(
            &doc("{tag_name: t, description: d, assets: {links: [], x: 1}}"),
            "jobs.\"j\".release.assets.x",
            "not a keyword of `release:assets`",
        );
        refused_with(
            &doc("{tag_name: t, description: d, tag: x}"),
            "jobs.\"j\".release.tag",
            "not a keyword of `release`",
        );
        assert_eq!(refuse(&doc("{name: 1, milestones: x}")).len(), 4);
    }

    /// GitLab's fixtures hold no `release:` unit today; check any that appear.
    #[test]
    fn schema_fixtures() {
        let Some(dir) = fixture_dir() else {
            return;
        };
        let mut files = [Vec::new(), Vec::new()];
        for (i, kind) in ["positive", "negative"].into_iter().enumerate() {
            for entry in std::fs::read_dir(dir.join(kind)).unwrap() {
                let path = entry.unwrap().path();
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                if units(&text).iter().any(|(_, u)| u.contains("\n  release:")) {
                    files[i].push(path.file_name().unwrap().to_string_lossy().into_owned());
                }
            }
        }
        let positive: Vec<&str> = files[0].iter().map(String::as_str).collect();
        let negative: Vec<&str> = files[1].iter().map(String::as_str).collect();
        check_fixtures(&positive, &negative, &["release"]);
    }
}
