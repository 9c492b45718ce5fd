//! Generated regions of Markdown files. A region is everything between
//! `<!-- figures:NAME -->` and `<!-- /figures:NAME -->`, each marker on a
//! line of its own; xtask steps (`readme-figures`, `bench --write-docs`)
//! rewrite a region's body and leave every other line as it was, so prose
//! written by hand and figures written by a command live in one file.

/// The opening marker of region `name`.
pub fn open(name: &str) -> String {
    format!("<!-- figures:{name} -->")
}

/// The closing marker of region `name`.
pub fn close(name: &str) -> String {
    format!("<!-- /figures:{name} -->")
}

/// The names of the regions in `text`, in order.
#[cfg(test)]
pub fn names(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("<!-- figures:")?
                .strip_suffix("-->")
                .map(|n| n.trim().to_string())
        })
        .collect()
}

/// The lines of `text` and the indexes of region `name`'s two marker
/// lines; fails, saying why, if the region is missing, unclosed, reversed
/// or appears twice.
fn span<'t>(text: &'t str, name: &str) -> Result<(Vec<&'t str>, usize, usize), String> {
    let (open, close) = (open(name), close(name));
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let at = |marker: &str| -> Vec<usize> {
        lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.trim() == marker)
            .map(|(i, _)| i)
            .collect()
    };
    let (starts, ends) = (at(&open), at(&close));
    match (starts.as_slice(), ends.as_slice()) {
        ([], _) => Err(format!("no `{open}` line")),
        ([_], []) => Err(format!("`{open}` has no `{close}` line after it")),
        ([s], [e]) if s < e => Ok((lines, *s, *e)),
        ([_], [_]) => Err(format!("`{close}` comes before `{open}`")),
        _ => Err(format!("region `{name}` appears more than once")),
    }
}

/// `text` with the body of region `name` replaced by `body` (which gets a
/// final newline if it lacks one). Fails, saying why, if the region is
/// missing, unclosed or appears twice, so a typo never appends figures in
/// the wrong place.
pub fn replace(text: &str, name: &str, body: &str) -> Result<String, String> {
    let (lines, start, end) = span(text, name)?;
    let mut out: String = lines[..=start].concat();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(body);
    if !body.is_empty() && !body.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&lines[end..].concat());
    Ok(out)
}

/// The body of region `name`, if `text` has it once.
#[cfg(test)]
pub fn body(text: &str, name: &str) -> Option<String> {
    let (lines, start, end) = span(text, name).ok()?;
    Some(lines[start + 1..end].concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "# Title\n\nprose\n<!-- figures:a -->\nold a\nold a 2\n<!-- /figures:a -->\nmiddle\n<!-- figures:b -->\n<!-- /figures:b -->\nend\n";

    #[test]
    fn replaces_only_the_named_body() {
        let out = replace(DOC, "a", "new a").unwrap();
        assert_eq!(
            out,
            "# Title\n\nprose\n<!-- figures:a -->\nnew a\n<!-- /figures:a -->\nmiddle\n<!-- figures:b -->\n<!-- /figures:b -->\nend\n"
        );
        let out = replace(&out, "b", "b1\nb2\n").unwrap();
        assert!(out.contains("<!-- figures:b -->\nb1\nb2\n<!-- /figures:b -->\nend\n"));
        assert_eq!(body(&out, "a").as_deref(), Some("new a\n"));
        assert_eq!(body(&out, "b").as_deref(), Some("b1\nb2\n"));
    }

    #[test]
    fn replacing_twice_is_stable_and_empty_bodies_work() {
        let once = replace(DOC, "a", "x\n").unwrap();
        assert_eq!(replace(&once, "a", "x\n").unwrap(), once);
        let empty = replace(DOC, "a", "").unwrap();
        assert!(empty.contains("<!-- figures:a -->\n<!-- /figures:a -->\n"));
    }

    #[test]
    fn lists_regions_in_order() {
        assert_eq!(names(DOC), ["a", "b"]);
        assert!(names("no regions\n").is_empty());
    }

    #[test]
    fn refuses_missing_unclosed_reversed_and_doubled_regions() {
        assert!(
            replace(DOC, "c", "x")
                .unwrap_err()
                .contains("no `<!-- figures:c -->`")
        );
        let unclosed = "<!-- figures:a -->\nx\n";
        assert!(
            replace(unclosed, "a", "y")
                .unwrap_err()
                .contains("no `<!-- /figures:a -->`")
        );
        let reversed = "<!-- /figures:a -->\n<!-- figures:a -->\n";
        assert!(
            replace(reversed, "a", "y")
                .unwrap_err()
                .contains("comes before")
        );
        let doubled = format!("{DOC}{DOC}");
        assert!(
            replace(&doubled, "a", "y")
                .unwrap_err()
                .contains("more than once")
        );
        assert_eq!(body(&doubled, "a"), None);
    }

    #[test]
    fn a_marker_must_be_alone_on_its_line() {
        // A marker quoted inside prose is not a region.
        let quoted = "write `<!-- figures:a -->` to open one\n";
        assert!(replace(quoted, "a", "y").is_err());
        assert!(names(quoted).is_empty());
    }
}
