//! Applying fixes: byte edits derived from spans, never overlapping, applied back to front.

use crate::finding::{Edit, Finding};

/// The text with every fix applied that does not overlap an earlier one, and how many
/// fixes were applied.
#[must_use]
pub fn apply(source: &str, findings: &[Finding]) -> (String, usize) {
    let mut edits: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for fix in findings.iter().filter_map(|finding| finding.fix.as_ref()) {
        let overlaps = fix
            .edits
            .iter()
            .any(|edit| edits.iter().any(|taken| edit.span.start < taken.span.end && taken.span.start < edit.span.end));
        let in_bounds = fix.edits.iter().all(|edit| {
            (edit.span.end as usize) <= source.len()
                && source.is_char_boundary(edit.span.start as usize)
                && source.is_char_boundary(edit.span.end as usize)
        });
        if !overlaps && in_bounds {
            edits.extend(&fix.edits);
            applied += 1;
        }
    }
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.span.start));
    let mut text = source.to_owned();
    for edit in edits {
        text.replace_range(edit.span.start as usize..edit.span.end as usize, &edit.text);
    }
    (text, applied)
}

/// A unified diff of the change, for `--diff`.
#[must_use]
pub fn diff(path: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}
