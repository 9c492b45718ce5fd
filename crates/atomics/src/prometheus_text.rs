//! The Prometheus text exposition format, version 0.0.4: name rules and
//! escaping.

/// Whether `name` matches `[a-zA-Z_:][a-zA-Z0-9_:]*`.
pub(crate) fn is_valid_metric_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// Whether `name` matches `[a-zA-Z_][a-zA-Z0-9_]*` and does not start with
/// the reserved `__`.
pub(crate) fn is_valid_label_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with("__")
}

/// Appends `help` with `\` and line feeds escaped, as `# HELP` requires.
pub(crate) fn push_escaped_help(out: &mut String, help: &str) {
    for c in help.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
}

/// Appends a label value with `\`, `"` and line feeds escaped.
pub(crate) fn push_escaped_label_value(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
}

/// Appends `{a="x",b="y"}` (with `extra` last, for a histogram's `le`), or
/// nothing when there are no labels at all.
pub(crate) fn push_labels(
    out: &mut String,
    labels: &[(String, String)],
    extra: Option<(&str, &str)>,
) {
    let extra = extra.iter().map(|&(k, v)| (k, v));
    let mut all = labels
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .chain(extra)
        .peekable();
    if all.peek().is_none() {
        return;
    }
    out.push('{');
    for (i, (name, value)) in all.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(name);
        out.push_str("=\"");
        push_escaped_label_value(out, value);
        out.push('"');
    }
    out.push('}');
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn metric_names_follow_the_prometheus_pattern() {
        for ok in ["a", "_x", ":y", "http_requests_total", "ns:sub_total9"] {
            assert!(is_valid_metric_name(ok), "{ok}");
        }
        for bad in ["", "9a", "a-b", "a b", "é", "a.b", "a{"] {
            assert!(!is_valid_metric_name(bad), "{bad}");
        }
    }

    #[test]
    fn label_names_follow_the_prometheus_pattern() {
        for ok in ["a", "_x", "route", "status_code", "_"] {
            assert!(is_valid_label_name(ok), "{ok}");
        }
        for bad in ["", "__name__", "__x", "9a", "a:b", "a-b", "ü"] {
            assert!(!is_valid_label_name(bad), "{bad}");
        }
    }

    #[test]
    fn escaping_covers_backslash_quote_and_newline() {
        let mut help = String::new();
        push_escaped_help(&mut help, "a\\b\n\"c\"");
        assert_eq!(help, "a\\\\b\\n\"c\"");
        let mut labels = String::new();
        push_labels(
            &mut labels,
            &[("path".into(), "C:\\tmp\n\"q\"".into())],
            Some(("le", "+Inf")),
        );
        assert_eq!(labels, "{path=\"C:\\\\tmp\\n\\\"q\\\"\",le=\"+Inf\"}");
        let mut none = String::new();
        push_labels(&mut none, &[], None);
        assert!(none.is_empty());
    }
}
